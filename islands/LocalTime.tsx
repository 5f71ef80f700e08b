import { useSignal } from "@preact/signals";
import { IS_BROWSER } from "$fresh/runtime.ts";

interface LocalTimeProps {
  /** The server's time, so the first paint shows a time before hydration. */
  now?: string;
}

/**
 * Shows the viewer's time zone and clock, as lesson times are shown; a button
 * switches between 24-hour and 12-hour display.
 */
export default function LocalTime({ now }: LocalTimeProps) {
  const hour12 = useSignal(false);
  const zone = IS_BROWSER
    ? Intl.DateTimeFormat().resolvedOptions().timeZone
    : "UTC";
  const time = new Date(IS_BROWSER || !now ? Date.now() : now)
    .toLocaleTimeString("en-GB", {
      hour: "numeric",
      minute: "2-digit",
      hour12: hour12.value,
      timeZone: zone,
    });
  return (
    <div
      class="inline-flex items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm"
      data-testid="local-time"
      data-hydrated={IS_BROWSER ? "true" : "false"}
    >
      <span>
        Times are shown in <strong data-role="zone">{zone}</strong>: it is{" "}
        <time data-role="time">{time}</time>
      </span>
      <button
        type="button"
        class="rounded-md bg-indigo-600 px-2 py-1 font-medium text-white hover:bg-indigo-700"
        onClick={() => (hour12.value = !hour12.value)}
      >
        {hour12.value ? "Use 24-hour clock" : "Use 12-hour clock"}
      </button>
    </div>
  );
}
