// ICE servers for a participant: the configured STUN/TURN servers, plus
// short-lived TURN credentials in coturn's REST-API scheme when a shared
// secret is configured.
import type { Config } from "@/lib/config.ts";

/** How long TURN credentials stay valid. */
export const TURN_CREDENTIAL_TTL_SECONDS = 10 * 60;

/** What the call island passes to `new RTCPeerConnection()`. */
export interface IceConfiguration {
  iceServers: RTCIceServer[];
  iceTransportPolicy: "all" | "relay";
  /** When TURN credentials expire (ISO), so clients fetch fresh ones first. */
  expiresAt: string | null;
}

/**
 * coturn `use-auth-secret` credentials: username `<expiry>:<userId>`,
 * password base64(HMAC-SHA1(secret, username)).
 */
export async function turnCredentials(
  secret: string,
  userId: string,
  now = Date.now(),
  ttlSeconds = TURN_CREDENTIAL_TTL_SECONDS,
): Promise<{ username: string; credential: string; expiresAt: Date }> {
  const expiry = Math.floor(now / 1000) + ttlSeconds;
  const username = `${expiry}:${userId}`;
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(username)),
  );
  return {
    username,
    credential: mac.toBase64(),
    expiresAt: new Date(expiry * 1000),
  };
}

/** The ICE configuration for one participant. */
export async function iceConfiguration(
  config: Config,
  userId: string,
  now = Date.now(),
): Promise<IceConfiguration> {
  const iceServers = structuredClone(config.iceServers);
  let expiresAt: string | null = null;
  if (config.turnSecret && config.turnUrls.length > 0) {
    const creds = await turnCredentials(config.turnSecret, userId, now);
    iceServers.push({
      urls: config.turnUrls,
      username: creds.username,
      credential: creds.credential,
    });
    expiresAt = creds.expiresAt.toISOString();
  }
  return {
    iceServers,
    iceTransportPolicy: config.iceTransportPolicy,
    expiresAt,
  };
}
