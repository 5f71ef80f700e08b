// A bounded pool for password hashing. PBKDF2 runs off the event loop, but
// each hash keeps a core busy for a tenth of a second or more: sixteen at once
// starve every other request of CPU. At most HASH_CONCURRENCY run at a time;
// the rest wait in line, and when the line is full the request is refused.
import { msg, TooManyRequestsError } from "@/lib/errors.ts";

/** Hashes computed at once: half the cores, at least one. */
export const HASH_CONCURRENCY = Math.max(
  1,
  Math.floor(navigator.hardwareConcurrency / 2),
);
/** Hashes that may wait for a slot before new ones are refused. */
export const HASH_QUEUE_LIMIT = 64;

let inFlight = 0;
let peakInFlight = 0;
let computed = 0;
const waiting: (() => void)[] = [];

/** Counters of the pool, for tests and metrics. */
export interface HashStats {
  /** Hashes computed since the process started. */
  computed: number;
  /** Hashes running now. */
  inFlight: number;
  /** The most that ever ran at once. */
  peakInFlight: number;
  /** Hashes waiting for a slot now. */
  waiting: number;
}

/** A snapshot of the pool's counters. */
export function hashStats(): HashStats {
  return { computed, inFlight, peakInFlight, waiting: waiting.length };
}

/**
 * Runs one hash computation in the pool: at once when a slot is free, else
 * after the hashes ahead of it. The slot is given back however `work` ends.
 * @throws {TooManyRequestsError} when HASH_QUEUE_LIMIT hashes already wait
 */
export async function inHashPool<T>(work: () => Promise<T>): Promise<T> {
  if (inFlight < HASH_CONCURRENCY) {
    inFlight++;
  } else if (waiting.length >= HASH_QUEUE_LIMIT) {
    throw new TooManyRequestsError(
      msg("error.busy"),
      1,
    );
  } else {
    // The slot is handed over by the finishing hash, so inFlight is unchanged.
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  peakInFlight = Math.max(peakInFlight, inFlight);
  computed++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  }
}
