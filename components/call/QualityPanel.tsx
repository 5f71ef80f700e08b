import type { CallStats } from "@/lib/call/stats.ts";
import type { RoomSay } from "@/lib/i18n/room_texts.ts";

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt class="inline">{label}</dt> <dd class="inline">{value}</dd>
    </div>
  );
}

/** The connection details behind the quality indicator. */
export function QualityPanel(
  { stats, say, locale }: { stats: CallStats; say: RoomSay; locale: string },
) {
  // A figure in its unit as the locale writes it; a dash while unmeasured.
  const measure = (value: number | null, unit: string) =>
    value === null
      ? "–"
      : new Intl.NumberFormat(locale, { style: "unit", unit }).format(value);
  return (
    <dl class="grid grid-cols-2 gap-x-4 gap-y-1 px-4 pb-3 text-xs text-slate-300 sm:grid-cols-5">
      <Figure
        label={say("room.quality.rtt")}
        value={measure(stats.rttMs, "millisecond")}
      />
      <Figure
        label={say("room.quality.loss")}
        value={measure(stats.lossPercent, "percent")}
      />
      <Figure
        label={say("room.quality.receiving")}
        value={measure(stats.inboundKbps, "kilobit-per-second")}
      />
      <Figure
        label={say("room.quality.sending")}
        value={measure(stats.outboundKbps, "kilobit-per-second")}
      />
      <Figure
        label={say("room.quality.path")}
        value={stats.path === "relay"
          ? say("room.quality.relayed")
          : stats.path === "direct"
          ? say("room.quality.direct")
          : "–"}
      />
    </dl>
  );
}
