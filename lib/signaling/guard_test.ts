import assert from "node:assert/strict";
import {
  ConnectionGuard,
  DEFAULT_GUARD_LIMITS,
  exceedsFrameLimit,
  SocketPolicy,
} from "@/lib/signaling/guard.ts";
import { CLOSE, MAX_FRAME_BYTES } from "@/lib/signaling/protocol.ts";
import { TooManyRequestsError } from "@/lib/errors.ts";
import { backoffDelay } from "@/lib/call/signaling_client.ts";

const limits = DEFAULT_GUARD_LIMITS;

function refusal(fn: () => unknown): TooManyRequestsError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TooManyRequestsError, String(err));
    return err;
  }
  assert.fail("expected a TooManyRequestsError");
}

Deno.test("ConnectionGuard caps the slots a user holds and takes them back on release, once", () => {
  const guard = new ConnectionGuard(limits);
  const slots = Array.from({ length: 4 }, () => guard.admit("u1", "a1"));
  const err = refusal(() => guard.admit("u1", "a2"));
  assert.equal(err.status, 429);
  assert.equal(err.retryAfter, 5);
  assert.match(err.message, /for this account/);
  slots[0].release();
  slots[0].release();
  assert.equal(slots[0].released, true);
  assert.deepEqual(guard.held("u1", "a1"), { user: 3, address: 3 });
  const again = guard.admit("u1", "a1");
  refusal(() => guard.admit("u1", "a1"));
  for (const slot of [again, ...slots]) slot.release();
  assert.deepEqual(guard.held("u1", "a1"), { user: 0, address: 0 });
});

Deno.test("ConnectionGuard caps the slots of one address across users", () => {
  const guard = new ConnectionGuard({ ...limits, maxSocketsPerAddress: 3 });
  const slots = ["u1", "u2", "u3"].map((u) => guard.admit(u, "school"));
  assert.match(
    refusal(() => guard.admit("u4", "school")).message,
    /from this address/,
  );
  assert.ok(guard.admit("u4", "home"));
  slots[1].release();
  assert.ok(guard.admit("u4", "school"));
});

Deno.test("ConnectionGuard refuses a reconnect loop after its burst and says when to retry", () => {
  const guard = new ConnectionGuard({
    ...limits,
    reconnectBurst: 3,
    reconnectsPerMinute: 6,
  });
  for (let i = 0; i < 3; i++) guard.chargeAttempt("u1", 0);
  const err = refusal(() => guard.chargeAttempt("u1", 0));
  assert.equal(err.retryAfter, 10);
  assert.equal(refusal(() => guard.chargeAttempt("u1", 4_000)).retryAfter, 6);
  // Another user has a budget of their own.
  guard.chargeAttempt("u2", 0);
  // One attempt back every 10 s.
  guard.chargeAttempt("u1", 10_000);
  refusal(() => guard.chargeAttempt("u1", 10_000));
  // Forgetting full budgets changes nothing for anyone.
  guard.sweep(3_600_000);
  for (let i = 0; i < 3; i++) guard.chargeAttempt("u1", 3_600_000);
  refusal(() => guard.chargeAttempt("u1", 3_600_000));
});

/** Attempts on a schedule for an hour; returns how many were refused. */
function refusedOnSchedule(nextDelayMs: (attempt: number) => number): number {
  const guard = new ConnectionGuard(limits);
  let refused = 0;
  for (let now = 0, n = 0; now < 3_600_000; now += nextDelayMs(n++)) {
    try {
      guard.chargeAttempt("u1", now);
    } catch {
      refused++;
    }
  }
  return refused;
}

Deno.test("the reconnect budget is never reached by the island's own schedule on a flaky network", () => {
  const fastest = () => 0;
  // Connections that never open: the backoff grows to 10 s (5 s at -50 %).
  assert.equal(refusedOnSchedule((n) => backoffDelay(n, fastest)), 0);
  // Connections that open and drop after 2 s: the backoff restarts at 0.25 s.
  assert.equal(refusedOnSchedule(() => 2_000 + backoffDelay(0, fastest)), 0);
  // Thirty connections in a row that drop as soon as they open.
  const guard = new ConnectionGuard(limits);
  for (let i = 0, now = 0; i < 30; i++, now += backoffDelay(0, fastest)) {
    guard.chargeAttempt("u1", now);
  }
});

Deno.test("SocketPolicy closes on binary frames with 1003 and on oversize text with 1009", () => {
  const policy = new SocketPolicy(limits, 0);
  assert.deepEqual(policy.check(new Uint8Array(3), 0), {
    ok: false,
    code: CLOSE.UNSUPPORTED_DATA,
    reason: "Binary frames are not accepted",
    violation: "binary frame",
  });
  const big = policy.check("x".repeat(MAX_FRAME_BYTES + 1), 0);
  assert.equal(big.ok, false);
  assert.equal(!big.ok && big.code, CLOSE.TOO_BIG);
  assert.equal(policy.check("x".repeat(MAX_FRAME_BYTES), 0).ok, true);
});

Deno.test("exceedsFrameLimit() measures UTF-8 bytes, and a huge text without encoding it", () => {
  assert.equal(exceedsFrameLimit("x".repeat(MAX_FRAME_BYTES)), false);
  assert.equal(exceedsFrameLimit("✓".repeat(MAX_FRAME_BYTES / 3)), false);
  assert.equal(exceedsFrameLimit("✓".repeat(MAX_FRAME_BYTES / 3 + 1)), true);
  assert.equal(exceedsFrameLimit("𝄞".repeat(MAX_FRAME_BYTES / 4 + 1)), true);
  const huge = "x".repeat(60 * 1024 * 1024);
  const start = performance.now();
  assert.equal(exceedsFrameLimit(huge), true);
  assert.ok(performance.now() - start < 5, "no pass over the text");
});

Deno.test("SocketPolicy closes a flood with 1008 after its burst, and refills", () => {
  const policy = new SocketPolicy(limits, 0);
  for (let i = 0; i < limits.burst; i++) assert.ok(policy.check("{}", 0).ok);
  const flood = policy.check("{}", 0);
  assert.equal(!flood.ok && flood.code, CLOSE.POLICY);
  assert.ok(policy.check("{}", 1_000 / limits.refillPerSecond).ok);
});

Deno.test("SocketPolicy tolerates 20 invalid messages in a row, not 21; a valid one resets the run", () => {
  const policy = new SocketPolicy(limits);
  for (let i = 0; i < 20; i++) assert.equal(policy.invalid(), null);
  policy.valid();
  for (let i = 0; i < 20; i++) assert.equal(policy.invalid(), null);
  assert.deepEqual(policy.invalid(), {
    ok: false,
    code: CLOSE.POLICY,
    reason: "Too many invalid messages",
    violation: "invalid messages",
  });
});
