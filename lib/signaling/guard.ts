// The relay's abuse guard: how many sockets a user and an address may hold,
// how fast a user may reconnect, and what a socket may send. Pure
// bookkeeping: the hub asks, the guard answers; nothing here touches a socket.
import { TooManyRequestsError } from "@/lib/errors.ts";
import { CLOSE, MAX_FRAME_BYTES } from "@/lib/signaling/protocol.ts";
import { TokenBucket } from "@/lib/signaling/token_bucket.ts";

/** The guard's limits. */
export interface GuardLimits {
  /** Token bucket per socket: burst size and refill per second. */
  burst: number;
  refillPerSecond: number;
  /** Invalid messages tolerated in a row before the socket is closed. */
  maxInvalidInARow: number;
  /** Sockets held at once (open or being upgraded), per user and per address. */
  maxSocketsPerUser: number;
  maxSocketsPerAddress: number;
  /** Upgrade attempts per user: a burst, then this many per minute. */
  reconnectBurst: number;
  reconnectsPerMinute: number;
}

/** Defaults: generous for ICE bursts and flaky networks, strict enough to stop floods. */
export const DEFAULT_GUARD_LIMITS: GuardLimits = {
  burst: 200,
  refillPerSecond: 50,
  maxInvalidInARow: 20,
  maxSocketsPerUser: 4,
  maxSocketsPerAddress: 64,
  // The island's fastest schedule is a retry every 0.25 s (0.5 s backoff at
  // -50 % jitter) after a connection that opened; 30 at once and one every
  // 2 s after that is never reached by a connection that stays up 2 s.
  reconnectBurst: 30,
  reconnectsPerMinute: 30,
};

/** Retry-After, in seconds, for a refusal at the connection caps. */
const CAP_RETRY_AFTER_SECONDS = 5;

/** A place under the caps; `release()` gives it back (once, whatever calls it). */
export interface SocketSlot {
  release(): void;
  readonly released: boolean;
}

/** Connection caps and the reconnect budget of one instance. */
export class ConnectionGuard {
  #byUser = new Map<string, number>();
  #byAddress = new Map<string, number>();
  #reconnects = new Map<string, TokenBucket>();

  constructor(readonly limits: GuardLimits) {}

  /**
   * Counts an upgrade attempt of a user against their reconnect budget.
   * @throws {TooManyRequestsError} with Retry-After when the budget is spent
   */
  chargeAttempt(userId: string, now = performance.now()): void {
    let budget = this.#reconnects.get(userId);
    if (!budget) {
      budget = new TokenBucket(
        this.limits.reconnectBurst,
        this.limits.reconnectsPerMinute / 60,
        now,
      );
      this.#reconnects.set(userId, budget);
    }
    if (!budget.take(now)) {
      throw new TooManyRequestsError(
        "Too many call connections in a short time: wait a moment",
        Math.ceil(budget.secondsUntilToken(now)),
      );
    }
  }

  /**
   * Takes a slot under the per-user and per-address caps.
   * @throws {TooManyRequestsError} when a cap is reached
   */
  admit(userId: string, address: string): SocketSlot {
    if ((this.#byUser.get(userId) ?? 0) >= this.limits.maxSocketsPerUser) {
      throw new TooManyRequestsError(
        "Too many open call connections for this account",
        CAP_RETRY_AFTER_SECONDS,
      );
    }
    if (
      (this.#byAddress.get(address) ?? 0) >= this.limits.maxSocketsPerAddress
    ) {
      throw new TooManyRequestsError(
        "Too many open call connections from this address",
        CAP_RETRY_AFTER_SECONDS,
      );
    }
    bump(this.#byUser, userId, 1);
    bump(this.#byAddress, address, 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        bump(this.#byUser, userId, -1);
        bump(this.#byAddress, address, -1);
      },
      get released() {
        return released;
      },
    };
  }

  /** Slots held now by a user and by an address. */
  held(userId: string, address: string): { user: number; address: number } {
    return {
      user: this.#byUser.get(userId) ?? 0,
      address: this.#byAddress.get(address) ?? 0,
    };
  }

  /** Forgets the reconnect budgets that are full again, so memory stays bounded. */
  sweep(now = performance.now()): void {
    for (const [userId, budget] of this.#reconnects) {
      if (budget.isFull(now)) this.#reconnects.delete(userId);
    }
  }
}

/** Why a socket is closed for what it sent: close code, reason, metric label. */
export interface Refusal {
  code: number;
  reason: string;
  violation: string;
}

/** What to do with a frame: handle its text, or close the socket. */
export type FrameVerdict =
  | { ok: true; text: string }
  | ({ ok: false } & Refusal);

/** The message policy of one socket: frame type, size, rate, invalid messages. */
export class SocketPolicy {
  #bucket: TokenBucket;
  #invalidInARow = 0;

  constructor(private limits: GuardLimits, now = performance.now()) {
    this.#bucket = new TokenBucket(limits.burst, limits.refillPerSecond, now);
  }

  /** Checks a received frame before it is parsed. */
  check(data: unknown, now = performance.now()): FrameVerdict {
    if (typeof data !== "string") {
      return refuse(
        CLOSE.UNSUPPORTED_DATA,
        "Binary frames are not accepted",
        "binary frame",
      );
    }
    if (exceedsFrameLimit(data)) {
      return refuse(CLOSE.TOO_BIG, "Message too large", "oversize frame");
    }
    if (!this.#bucket.take(now)) {
      return refuse(CLOSE.POLICY, "Too many messages", "flood");
    }
    return { ok: true, text: data };
  }

  /** Records an invalid message; a verdict to close once too many came in a row. */
  invalid(): Refusal | null {
    this.#invalidInARow++;
    return this.#invalidInARow > this.limits.maxInvalidInARow
      ? refuse(CLOSE.POLICY, "Too many invalid messages", "invalid messages")
      : null;
  }

  /** Records a valid message (the invalid run ends). */
  valid(): void {
    this.#invalidInARow = 0;
  }
}

function refuse(
  code: number,
  reason: string,
  violation: string,
): { ok: false } & Refusal {
  return { ok: false, code, reason, violation };
}

/** Whether a text frame's UTF-8 size is over MAX_FRAME_BYTES, without copying a big one. */
export function exceedsFrameLimit(text: string): boolean {
  // A UTF-16 unit takes 1 to 3 bytes: more units than the limit is over it,
  // and only a text between a third of the limit and the limit is measured.
  if (text.length > MAX_FRAME_BYTES) return true;
  if (text.length * 3 <= MAX_FRAME_BYTES) return false;
  return new TextEncoder().encode(text).length > MAX_FRAME_BYTES;
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
