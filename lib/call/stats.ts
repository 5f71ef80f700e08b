// Connection quality: getStats() read into round trip, loss, bitrates and the
// path of the selected candidate pair (lib/call/stats_read.ts, loaded with
// the first sample), sampled while the call runs.
import { signal } from "@preact/signals";
import type { StatsSample, StatsSource } from "@/lib/call/stats_read.ts";

/** How often connection quality is sampled. */
export const STATS_INTERVAL_MS = 3_000;

/** What the quality indicator shows. */
export interface CallStats {
  /** Round-trip time in milliseconds. */
  rttMs: number | null;
  /** Inbound packet loss in percent since the previous sample. */
  lossPercent: number | null;
  /** Inbound bitrate in kbit/s since the previous sample. */
  inboundKbps: number | null;
  outboundKbps: number | null;
  path: "direct" | "relay" | null;
}

/** The quality indicator's verdict. */
export type QualityLevel = "unknown" | "good" | "fair" | "poor";

/** Grades a sample: over 400 ms or 5 % loss is poor, over 150 ms or 1 % fair. */
export function qualityLevel(
  connected: boolean,
  stats: CallStats | null,
): QualityLevel {
  if (!connected || !stats) return "unknown";
  const rtt = stats.rttMs ?? 0;
  const loss = stats.lossPercent ?? 0;
  if (rtt > 400 || loss > 5) return "poor";
  if (rtt > 150 || loss > 1) return "fair";
  return "good";
}

/** Samples the current peer connection's quality every few seconds. */
export class QualityMonitor {
  /** The latest sample. */
  readonly stats = signal<CallStats | null>(null);
  /** The selected path, once known; `data-path` shows it. */
  readonly path = signal<"direct" | "relay" | null>(null);
  #sample: StatsSample | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param connection The peer connection to sample now, if any. */
  constructor(
    private connection: () =>
      | StatsSource & {
        connectionState: RTCPeerConnectionState;
      }
      | null,
  ) {}

  /** Samples every STATS_INTERVAL_MS until stop(). */
  start(): void {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => void this.sample(), STATS_INTERVAL_MS);
  }

  /** Stops the periodic sampling. */
  stop(): void {
    clearInterval(this.#timer);
  }

  /** Forgets the path and the counters (a new peer connection starts). */
  reset(): void {
    this.path.value = null;
    this.#sample = undefined;
  }

  /** Takes one sample now; a closed or missing connection is skipped. */
  async sample(): Promise<void> {
    const pc = this.connection();
    if (!pc || pc.connectionState === "closed") return;
    try {
      const { readStats } = await import("@/lib/call/stats_read.ts");
      const stats = await readStats(pc, this.#sample);
      this.#sample = stats.sample;
      this.stats.value = stats;
      if (stats.path) this.path.value = stats.path;
    } catch {
      // The connection closed while sampling, or the reader did not load
      // (the next sample tries again).
    }
  }
}
