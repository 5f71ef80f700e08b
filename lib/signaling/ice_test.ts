import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { loadConfig } from "@/lib/config.ts";
import {
  iceConfiguration,
  TURN_CREDENTIAL_TTL_SECONDS,
  turnCredentials,
} from "@/lib/signaling/ice.ts";

const USER = "6f1c2d4e-8a9b-4c3d-9e8f-0a1b2c3d4e5f";
const NOW = Date.UTC(2030, 0, 2, 3, 4, 5, 678);

/** coturn's check of a REST-API credential, computed independently. */
function expectedPassword(secret: string, username: string): string {
  return createHmac("sha1", secret).update(username).digest("base64");
}

Deno.test("turnCredentials() names the expiry and the user in the username", async () => {
  const creds = await turnCredentials("s3cret", USER, NOW);
  const expiry = Math.floor(NOW / 1000) + TURN_CREDENTIAL_TTL_SECONDS;
  assert.equal(creds.username, `${expiry}:${USER}`);
  assert.equal(creds.expiresAt.getTime(), expiry * 1000);
  assert.equal(TURN_CREDENTIAL_TTL_SECONDS, 600);
});

Deno.test("turnCredentials() password is base64 HMAC-SHA1 of the username with the secret", async () => {
  for (const secret of ["s3cret", "a much longer shared secret ✓", "x"]) {
    const creds = await turnCredentials(secret, USER, NOW);
    assert.equal(creds.credential, expectedPassword(secret, creds.username));
    // 20 bytes of SHA-1 in base64.
    assert.match(creds.credential, /^[A-Za-z0-9+/]{27}=$/);
  }
});

Deno.test("turnCredentials() matches a fixed vector", async () => {
  const creds = await turnCredentials(
    "secret",
    "user",
    1_700_000_000_000,
    3600,
  );
  assert.equal(creds.username, "1700003600:user");
  // base64(HMAC-SHA1("secret", "1700003600:user")), computed with Python's hmac.
  assert.equal(creds.credential, "+H9F73rZRi2gwSWIwTpuw+t6m9Q=");
});

Deno.test("turnCredentials() honours the lifetime it is given", async () => {
  const creds = await turnCredentials("s", USER, NOW, 60);
  assert.equal(creds.username, `${Math.floor(NOW / 1000) + 60}:${USER}`);
});

Deno.test("iceConfiguration() adds a TURN entry with fresh credentials when TURN is configured", async () => {
  const config = loadConfig({
    TURN_URLS: "turn:turn.example:3478?transport=udp, turns:turn.example:5349",
    TURN_SECRET: "coturn-secret",
    ICE_TRANSPORT_POLICY: "relay",
  });
  const ice = await iceConfiguration(config, USER, NOW);
  assert.equal(ice.iceTransportPolicy, "relay");
  assert.equal(ice.iceServers.length, 2);
  assert.deepEqual(ice.iceServers[0], config.iceServers[0]);
  const turn = ice.iceServers[1];
  assert.deepEqual(turn.urls, [
    "turn:turn.example:3478?transport=udp",
    "turns:turn.example:5349",
  ]);
  const expiry = Math.floor(NOW / 1000) + TURN_CREDENTIAL_TTL_SECONDS;
  assert.equal(turn.username, `${expiry}:${USER}`);
  assert.equal(
    turn.credential,
    expectedPassword("coturn-secret", turn.username!),
  );
  assert.equal(ice.expiresAt, new Date(expiry * 1000).toISOString());
});

Deno.test("iceConfiguration() without TURN returns the configured servers and no expiry", async () => {
  const servers = [{ urls: ["stun:a.example:3478", "stun:b.example:3478"] }];
  const config = loadConfig({ ICE_SERVERS: JSON.stringify(servers) });
  const ice = await iceConfiguration(config, USER, NOW);
  assert.deepEqual(ice, {
    iceServers: servers,
    iceTransportPolicy: "all",
    expiresAt: null,
  });
  // A copy: one participant's answer never changes the configuration.
  ice.iceServers.push({ urls: "stun:c.example" });
  assert.equal(config.iceServers.length, 1);
});
