// Connection quality: getStats() read into round trip, loss, bitrates and the
// path of the selected candidate pair, sampled while the call runs.
import { signal } from "@preact/signals";

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

/** Counters kept between samples to turn totals into rates. */
export interface StatsSample {
  at: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  lost: number;
}

/** The part of RTCPeerConnection that sampling reads. */
export type StatsSource = Pick<RTCPeerConnection, "getStats">;

/** Reads getStats() into CallStats, using the previous sample for rates. */
export async function readStats(
  pc: StatsSource,
  previous?: StatsSample,
  now: number = performance.now(),
): Promise<CallStats & { sample: StatsSample }> {
  const report = await pc.getStats();
  let pair: RTCIceCandidatePairStats | undefined;
  const byId = new Map<string, Record<string, unknown>>();
  let bytesIn = 0, bytesOut = 0, packetsIn = 0, lost = 0;
  report.forEach((s: Record<string, unknown>) => {
    byId.set(s.id as string, s);
    if (s.type === "inbound-rtp") {
      bytesIn += Number(s.bytesReceived ?? 0);
      packetsIn += Number(s.packetsReceived ?? 0);
      lost += Number(s.packetsLost ?? 0);
    }
    if (s.type === "outbound-rtp") bytesOut += Number(s.bytesSent ?? 0);
  });
  for (const s of byId.values()) {
    if (
      s.type === "transport" && typeof s.selectedCandidatePairId === "string"
    ) {
      pair = byId.get(s.selectedCandidatePairId) as
        | RTCIceCandidatePairStats
        | undefined;
    }
  }
  if (!pair) {
    for (const s of byId.values()) {
      if (
        s.type === "candidate-pair" && s.nominated && s.state === "succeeded"
      ) {
        pair = s as unknown as RTCIceCandidatePairStats;
      }
    }
  }
  let path: CallStats["path"] = null;
  if (pair) {
    const local = byId.get(pair.localCandidateId);
    const remote = byId.get(pair.remoteCandidateId);
    path = local?.candidateType === "relay" || remote?.candidateType === "relay"
      ? "relay"
      : "direct";
  }
  const sample: StatsSample = { at: now, bytesIn, bytesOut, packetsIn, lost };
  const seconds = previous ? (now - previous.at) / 1000 : 0;
  const rate = (a: number, b: number) =>
    seconds > 0
      ? Math.max(0, Math.round(((a - b) * 8) / 1000 / seconds))
      : null;
  const newPackets = previous ? packetsIn - previous.packetsIn : 0;
  const newLost = previous ? lost - previous.lost : 0;
  return {
    rttMs: pair?.currentRoundTripTime !== undefined
      ? Math.round(pair.currentRoundTripTime * 1000)
      : null,
    lossPercent: previous && newPackets + newLost > 0
      ? Math.round(
        (Math.max(0, newLost) / (newPackets + Math.max(0, newLost))) * 1000,
      ) / 10
      : null,
    inboundKbps: previous ? rate(bytesIn, previous.bytesIn) : null,
    outboundKbps: previous ? rate(bytesOut, previous.bytesOut) : null,
    path,
    sample,
  };
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
      const stats = await readStats(pc, this.#sample);
      this.#sample = stats.sample;
      this.stats.value = stats;
      if (stats.path) this.path.value = stats.path;
    } catch {
      // The connection closed while sampling.
    }
  }
}
