import assert from "node:assert/strict";
import { IceServers, stillFresh } from "@/lib/call/ice_servers.ts";
import type { IceConfiguration } from "@/lib/signaling/ice.ts";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const turn = (expiresAt: string | null): IceConfiguration => ({
  iceServers: [{ urls: "turn:turn.test:3478", username: "u", credential: "c" }],
  iceTransportPolicy: "relay",
  expiresAt,
});

function counting(answer: () => Promise<Response>) {
  const urls: string[] = [];
  const fetchImpl = ((url: string) => {
    urls.push(url);
    return answer();
  }) as typeof fetch;
  return { urls, fetchImpl };
}

Deno.test("stillFresh accepts servers without expiry or expiring after the next minute", () => {
  assert.equal(stillFresh(null, NOW), false);
  assert.equal(stillFresh(turn(null), NOW), true);
  assert.equal(stillFresh(turn("2026-01-01T12:05:00Z"), NOW), true);
  assert.equal(stillFresh(turn("2026-01-01T12:00:30Z"), NOW), false);
});

Deno.test("IceServers uses the page's fresh servers without a request", async () => {
  const { urls, fetchImpl } = counting(() => Promise.reject(new Error("no")));
  const ice = new IceServers("b1", fetchImpl);
  await ice.load(turn(null));
  assert.deepEqual(urls, []);
  assert.deepEqual(ice.configuration(), {
    iceServers: turn(null).iceServers,
    iceTransportPolicy: "relay",
  });
});

Deno.test("IceServers fetches servers when the page's expire soon, and again on refresh", async () => {
  const fetched = turn("2999-01-01T00:00:00Z");
  const { urls, fetchImpl } = counting(() =>
    Promise.resolve(Response.json(fetched))
  );
  const ice = new IceServers("b1", fetchImpl);
  await ice.load(turn("2000-01-01T00:00:00Z"));
  await ice.refresh();
  assert.deepEqual(urls, [
    "/api/bookings/b1/ice-servers",
    "/api/bookings/b1/ice-servers",
  ]);
  assert.equal(ice.configuration().iceTransportPolicy, "relay");
});

Deno.test("IceServers falls back to no servers when the request fails or is refused", async () => {
  for (
    const answer of [
      () => Promise.reject(new TypeError("offline")),
      () => Promise.resolve(new Response("no", { status: 403 })),
    ]
  ) {
    const ice = new IceServers("b1", counting(answer).fetchImpl);
    await ice.load(null);
    assert.deepEqual(ice.configuration(), {
      iceServers: [],
      iceTransportPolicy: "all",
    });
  }
});
