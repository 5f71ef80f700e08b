// Reading one getStats() report into the quality figures: loaded with the
// first sample (lib/call/stats.ts), so it is not in the room's initial
// JavaScript.
import type { CallStats } from "@/lib/call/stats.ts";

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
