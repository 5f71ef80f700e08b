import type { Signal } from "@preact/signals";
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { CallController } from "@/lib/call/call.ts";
import { callStatus, formatClock } from "@/lib/call/room_status.ts";
import { qualityLevel } from "@/lib/call/stats.ts";

// The indicator's words for each quality level.
const QUALITY = {
  good: "room.quality.good",
  fair: "room.quality.fair",
  poor: "room.quality.poor",
  unknown: "room.quality.unknown",
} as const;

interface StatusLineProps {
  call: CallController;
  otherName: string;
  /** Lesson start and end, epoch milliseconds. */
  start: number;
  end: number;
  /** Whether the quality details are shown; the indicator toggles it. */
  detailsOpen: Signal<boolean>;
}

/**
 * The room's top line: what is happening, the connection quality once
 * connected, the lesson clock and, in the last five minutes, a countdown.
 */
export function StatusLine(
  { call, otherName, start, end, detailsOpen }: StatusLineProps,
) {
  const { say } = call.options;
  const now = useSignal(Date.now());
  useEffect(() => {
    const tick = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  const connectionState = call.negotiation.connectionState.value;
  const connected = connectionState === "connected";
  const level = qualityLevel(connected, call.quality.stats.value);
  const remaining = end - now.value;
  return (
    <div class="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
      <p class="font-medium" data-role="status">
        {callStatus({
          otherName,
          stopped: call.stopped.value,
          started: call.started.value,
          connectionState,
          reconnecting: call.reconnecting.value,
          peerPresent: call.presence.present.value,
          peerLeft: call.presence.left.value,
          sinceStartMs: now.value - start,
        }, say)}
      </p>
      <div class="flex items-center gap-3 text-slate-300">
        {connected && (
          <button
            type="button"
            class="inline-flex items-center gap-1 rounded px-1 hover:text-white"
            aria-expanded={detailsOpen.value}
            onClick={() => (detailsOpen.value = !detailsOpen.value)}
            data-quality={level}
          >
            <span
              class={`inline-block h-2.5 w-2.5 rounded-full ${
                level === "good"
                  ? "bg-emerald-400"
                  : level === "fair"
                  ? "bg-amber-400"
                  : "bg-red-500"
              }`}
              aria-hidden="true"
            />
            {say(QUALITY[level])}
          </button>
        )}
        <span aria-label={say("room.status.callTime")} data-role="timer">
          {now.value >= start
            ? formatClock(now.value - start)
            : say("room.status.startsIn", {
              time: formatClock(start - now.value),
            })}
        </span>
        {remaining > 0 && remaining <= 5 * 60_000 && (
          <span
            class="rounded bg-amber-500 px-2 py-0.5 font-semibold text-slate-900"
            data-role="countdown"
          >
            {say("room.status.endsIn", { time: formatClock(remaining) })}
          </span>
        )}
      </div>
    </div>
  );
}
