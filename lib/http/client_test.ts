import assert from "node:assert/strict";
import { clientAddress, isHttps } from "@/lib/http/client.ts";

const req = (xff?: string, url = "http://app.internal/x") =>
  new Request(url, { headers: xff ? { "x-forwarded-for": xff } : {} });

Deno.test("clientAddress() is the peer when no proxy is trusted, whatever the header says", () => {
  assert.equal(
    clientAddress(req("203.0.113.9"), "10.0.0.2", { trustProxyHops: 0 }),
    "10.0.0.2",
  );
});

Deno.test("clientAddress() takes the entry the trusted proxies added, not ones the client forged", () => {
  // The client sent "6.6.6.6"; nginx appended the real peer, 203.0.113.9.
  assert.equal(
    clientAddress(req("6.6.6.6, 203.0.113.9"), "127.0.0.1", {
      trustProxyHops: 1,
    }),
    "203.0.113.9",
  );
  assert.equal(
    clientAddress(req("6.6.6.6, 203.0.113.9, 10.0.0.5"), "127.0.0.1", {
      trustProxyHops: 2,
    }),
    "203.0.113.9",
  );
});

Deno.test("clientAddress() falls back to the leftmost entry or the peer when the header is short", () => {
  assert.equal(
    clientAddress(req("203.0.113.9"), "127.0.0.1", { trustProxyHops: 2 }),
    "203.0.113.9",
  );
  assert.equal(
    clientAddress(req(), "127.0.0.1", { trustProxyHops: 1 }),
    "127.0.0.1",
  );
});

Deno.test("isHttps() is true for https requests and behind a proxy at an https APP_ORIGIN", () => {
  assert.equal(
    isHttps(req(undefined, "https://talkroom.example/"), { appOrigin: null }),
    true,
  );
  assert.equal(isHttps(req(), { appOrigin: "https://talkroom.example" }), true);
  assert.equal(isHttps(req(), { appOrigin: "http://localhost:8000" }), false);
  assert.equal(isHttps(req(), { appOrigin: null }), false);
});
