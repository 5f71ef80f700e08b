import assert from "node:assert/strict";
import { TokenBucket } from "@/lib/signaling/token_bucket.ts";

function takeAll(bucket: TokenBucket, now: number, max = 10_000): number {
  let n = 0;
  while (n < max && bucket.take(now)) n++;
  return n;
}

Deno.test("TokenBucket allows a burst of its capacity at once, then refuses", () => {
  const bucket = new TokenBucket(200, 50, 0);
  assert.equal(takeAll(bucket, 0), 200);
  assert.equal(bucket.take(0), false);
  assert.equal(bucket.take(0), false);
});

Deno.test("TokenBucket refills at its rate with injected time", () => {
  const bucket = new TokenBucket(200, 50, 0);
  takeAll(bucket, 0);
  // 50 per second: one token every 20 ms.
  assert.equal(bucket.take(10), false);
  assert.equal(bucket.take(20), true);
  assert.equal(bucket.take(20), false);
  assert.equal(takeAll(bucket, 1_020), 50);
  assert.equal(takeAll(bucket, 1_520), 25);
});

Deno.test("TokenBucket keeps fractions of a token between takes", () => {
  const bucket = new TokenBucket(1, 10, 0);
  assert.equal(bucket.take(0), true);
  // 10 per second: 40 ms give 0.4, 30 more give 0.7, 30 more give 1.0.
  assert.equal(bucket.take(40), false);
  assert.equal(bucket.take(70), false);
  assert.equal(bucket.take(100), true);
});

Deno.test("TokenBucket never holds more than its capacity after a long pause", () => {
  const bucket = new TokenBucket(200, 50, 0);
  takeAll(bucket, 0);
  assert.equal(takeAll(bucket, 3_600_000), 200);
});

Deno.test("TokenBucket at a steady 50 per second is never refused", () => {
  const bucket = new TokenBucket(200, 50, 0);
  takeAll(bucket, 0);
  for (let i = 1; i <= 1_000; i++) assert.ok(bucket.take(i * 20), `take ${i}`);
  assert.equal(bucket.take(20_000), false);
});

Deno.test("TokenBucket says how long until its next token and when it is full again", () => {
  const bucket = new TokenBucket(2, 0.5, 0);
  assert.equal(bucket.secondsUntilToken(0), 0);
  takeAll(bucket, 0);
  assert.equal(bucket.secondsUntilToken(0), 2);
  assert.equal(bucket.secondsUntilToken(1_000), 1);
  assert.equal(bucket.isFull(3_000), false);
  assert.equal(bucket.isFull(4_000), true);
});
