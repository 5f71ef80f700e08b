import type { CallStats } from "@/lib/call/stats.ts";

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt class="inline">{label}:</dt> <dd class="inline">{value}</dd>
    </div>
  );
}

/** The connection details behind the quality indicator. */
export function QualityPanel({ stats }: { stats: CallStats }) {
  return (
    <dl class="grid grid-cols-2 gap-x-4 gap-y-1 px-4 pb-3 text-xs text-slate-300 sm:grid-cols-5">
      <Figure label="Round trip" value={`${stats.rttMs ?? "–"} ms`} />
      <Figure label="Packet loss" value={`${stats.lossPercent ?? "–"} %`} />
      <Figure label="Receiving" value={`${stats.inboundKbps ?? "–"} kbit/s`} />
      <Figure label="Sending" value={`${stats.outboundKbps ?? "–"} kbit/s`} />
      <Figure
        label="Path"
        value={stats.path === "relay"
          ? "relayed (TURN)"
          : stats.path === "direct"
          ? "direct"
          : "–"}
      />
    </dl>
  );
}
