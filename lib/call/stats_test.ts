import assert from "node:assert/strict";
import { qualityLevel } from "@/lib/call/stats.ts";
import { readStats } from "@/lib/call/stats_read.ts";

/** A getStats() source from plain stats objects. */
function source(stats: Record<string, unknown>[]) {
  const report = new Map(stats.map((s) => [s.id as string, s]));
  return {
    getStats: () => Promise.resolve(report as unknown as RTCStatsReport),
  };
}

function report(o: {
  bytesIn: number;
  bytesOut: number;
  packets: number;
  lost: number;
  localType?: string;
  viaTransport?: boolean;
}) {
  return source([
    {
      id: "in",
      type: "inbound-rtp",
      bytesReceived: o.bytesIn,
      packetsReceived: o.packets,
      packetsLost: o.lost,
    },
    { id: "out", type: "outbound-rtp", bytesSent: o.bytesOut },
    ...(o.viaTransport === false
      ? []
      : [{ id: "tr", type: "transport", selectedCandidatePairId: "pair" }]),
    {
      id: "pair",
      type: "candidate-pair",
      nominated: true,
      state: "succeeded",
      localCandidateId: "l",
      remoteCandidateId: "r",
      currentRoundTripTime: 0.0426,
    },
    { id: "l", type: "local-candidate", candidateType: o.localType ?? "host" },
    { id: "r", type: "remote-candidate", candidateType: "srflx" },
  ]);
}

Deno.test("readStats gives round trip and path at once, rates and loss from the second sample on", async () => {
  const first = await readStats(
    report({ bytesIn: 0, bytesOut: 0, packets: 0, lost: 0 }),
    undefined,
    1_000,
  );
  assert.deepEqual(
    [first.rttMs, first.path, first.inboundKbps, first.lossPercent],
    [43, "direct", null, null],
  );
  // Two seconds later: 250 kB in, 125 kB out, 95 packets and 5 lost.
  const second = await readStats(
    report({ bytesIn: 250_000, bytesOut: 125_000, packets: 95, lost: 5 }),
    first.sample,
    3_000,
  );
  assert.equal(second.inboundKbps, 1_000);
  assert.equal(second.outboundKbps, 500);
  assert.equal(second.lossPercent, 5);
});

Deno.test("readStats calls the path relayed when either candidate is a TURN relay", async () => {
  const relayed = await readStats(
    report({
      bytesIn: 0,
      bytesOut: 0,
      packets: 0,
      lost: 0,
      localType: "relay",
    }),
  );
  assert.equal(relayed.path, "relay");
  // Without a transport entry the nominated, succeeded pair counts.
  const noTransport = await readStats(
    report({
      bytesIn: 0,
      bytesOut: 0,
      packets: 0,
      lost: 0,
      viaTransport: false,
    }),
  );
  assert.equal(noTransport.path, "direct");
  const nothing = await readStats(source([]));
  assert.deepEqual([nothing.path, nothing.rttMs], [null, null]);
});

Deno.test("qualityLevel grades round trip and loss, and knows nothing before connecting", () => {
  const s = (rttMs: number | null, lossPercent: number | null) => ({
    rttMs,
    lossPercent,
    inboundKbps: null,
    outboundKbps: null,
    path: null,
  });
  assert.equal(qualityLevel(false, s(10, 0)), "unknown");
  assert.equal(qualityLevel(true, null), "unknown");
  assert.equal(qualityLevel(true, s(100, 0.5)), "good");
  assert.equal(qualityLevel(true, s(null, null)), "good");
  assert.equal(qualityLevel(true, s(200, 0)), "fair");
  assert.equal(qualityLevel(true, s(100, 2)), "fair");
  assert.equal(qualityLevel(true, s(401, 0)), "poor");
  assert.equal(qualityLevel(true, s(100, 6)), "poor");
});
