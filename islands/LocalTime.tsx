import { useSignal } from "@preact/signals";
import { IS_BROWSER } from "$fresh/runtime.ts";

interface LocalTimeProps {
  /** The server's time, so the first paint shows a time before hydration. */
  now?: string;
  /** The page's locale; its clock (12- or 24-hour) is the starting one. */
  locale?: string;
  hour12?: boolean;
  /** The catalogue's "localTime.*" texts ({zone} and {time} are filled here). */
  labels?: { shownIn: string; use24: string; use12: string };
}

const ENGLISH = {
  shownIn: "Times are shown in {zone}: it is {time}",
  use24: "Use 24-hour clock",
  use12: "Use 12-hour clock",
};

/**
 * Shows the viewer's time zone and clock, as lesson times are shown; a button
 * switches between 24-hour and 12-hour display.
 */
export default function LocalTime(
  { now, locale = "en-GB", hour12: startHour12 = false, labels = ENGLISH }:
    LocalTimeProps,
) {
  const hour12 = useSignal(startHour12);
  const zone = IS_BROWSER
    ? Intl.DateTimeFormat().resolvedOptions().timeZone
    : "UTC";
  const time = new Date(IS_BROWSER || !now ? Date.now() : now)
    .toLocaleTimeString(locale, {
      hour: "numeric",
      minute: "2-digit",
      hour12: hour12.value,
      timeZone: zone,
    });
  // "…{zone}…{time}": the pieces around the two placeholders.
  const [before, rest = ""] = labels.shownIn.split("{zone}");
  const [between, after = ""] = rest.split("{time}");
  return (
    <div
      class="inline-flex items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm"
      data-testid="local-time"
      data-hydrated={IS_BROWSER ? "true" : "false"}
    >
      <span>
        {before}
        <strong data-role="zone">{zone}</strong>
        {between}
        <time data-role="time">{time}</time>
        {after}
      </span>
      <button
        type="button"
        class="rounded-md bg-indigo-600 px-2 py-1 font-medium text-white hover:bg-indigo-700"
        onClick={() => (hour12.value = !hour12.value)}
      >
        {hour12.value ? labels.use24 : labels.use12}
      </button>
    </div>
  );
}
