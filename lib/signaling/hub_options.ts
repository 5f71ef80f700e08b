// The signaling hub's limits and timings, and their defaults.
import {
  DEFAULT_GUARD_LIMITS,
  type GuardLimits,
} from "@/lib/signaling/guard.ts";

/** Limits and timings of the relay. */
export interface HubOptions extends GuardLimits {
  /** Seconds without a pong before Deno closes a socket (heartbeat). */
  idleTimeoutSeconds: number;
  /** How often presence is re-announced to other instances, and when it expires. */
  aliveIntervalMs: number;
  presenceTtlMs: number;
  /** How often local sockets' sessions are checked for logout or expiry. */
  sessionCheckMs: number;
  /** How long an upgrade may take to open before its slot is given back. */
  openTimeoutMs: number;
}

// Defaults: generous for ICE bursts and flaky networks, strict enough to stop floods.
const DEFAULT_HUB_OPTIONS: HubOptions = {
  ...DEFAULT_GUARD_LIMITS,
  idleTimeoutSeconds: 20,
  aliveIntervalMs: 5_000,
  presenceTtlMs: 15_000,
  sessionCheckMs: 30_000,
  openTimeoutMs: 10_000,
};

/** The defaults with some options changed. */
export function hubOptions(options: Partial<HubOptions> = {}): HubOptions {
  return { ...DEFAULT_HUB_OPTIONS, ...options };
}
