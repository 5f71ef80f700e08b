import assert from "node:assert/strict";
import {
  HASH_CONCURRENCY,
  HASH_QUEUE_LIMIT,
  hashStats,
  inHashPool,
} from "@/lib/auth/hash_pool.ts";
import { hashPassword, verifyPassword } from "@/lib/auth/password.ts";
import { TooManyRequestsError } from "@/lib/errors.ts";

Deno.test("work in the pool runs at most HASH_CONCURRENCY at a time, the rest in order", async () => {
  const before = hashStats().computed;
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      inHashPool(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        order.push(i);
        running--;
      })),
  );
  assert.ok(peak <= HASH_CONCURRENCY, `peak ${peak}`);
  assert.ok(hashStats().peakInFlight <= HASH_CONCURRENCY);
  if (HASH_CONCURRENCY === 1) {
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
  }
  assert.equal(hashStats().inFlight, 0);
  assert.equal(hashStats().waiting, 0);
  assert.equal(hashStats().computed - before, 12);
});

Deno.test("real password hashing stays within the pool's bound", async () => {
  const seen: number[] = [];
  const watch = setInterval(() => seen.push(hashStats().inFlight), 1);
  let hashes: string[];
  try {
    hashes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => hashPassword(`pw-${i}`, 50_000)),
    );
  } finally {
    clearInterval(watch);
  }
  assert.ok(Math.max(...seen) <= HASH_CONCURRENCY, String(Math.max(...seen)));
  assert.ok(hashStats().peakInFlight <= HASH_CONCURRENCY);
  assert.ok(await verifyPassword("pw-3", hashes[3]));
  assert.equal(await verifyPassword("pw-4", hashes[3]), false);
});

Deno.test("a full line is refused with TooManyRequestsError, and every slot comes back", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const held = Array.from(
    { length: HASH_CONCURRENCY + HASH_QUEUE_LIMIT },
    () => inHashPool(() => gate),
  );
  await assert.rejects(
    inHashPool(() => Promise.resolve()),
    (err) => err instanceof TooManyRequestsError && err.retryAfter === 1,
  );
  release();
  await Promise.all(held);
  // A failing hash gives its slot back too.
  await assert.rejects(
    inHashPool(() => Promise.reject(new Error("boom"))),
    /boom/,
  );
  assert.equal(hashStats().inFlight, 0);
  assert.equal(hashStats().waiting, 0);
});
