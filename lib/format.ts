// Dates and times as a viewer reads them: in their own time zone and locale
// (lib/i18n/locale.ts picks the locale). All formatting is Intl's.
import { DEFAULT_LOCALE, usesHour12 } from "@/lib/i18n/locale.ts";

// Building an Intl formatter is costly and pages format many times: one
// formatter per kind, locale and options (and zone), kept for the process.
// Date formats are keyed `<locale>|…`, the other kinds `#<kind>|<locale>|…`
// (no locale tag starts with "#").
const formatters = new Map<string, unknown>();
const MAX_FORMATTERS = 2000;

// The formatter under `key`, made once.
function cachedFormat<T>(key: string, make: () => T): T {
  let format = formatters.get(key) as T | undefined;
  if (format === undefined) {
    // Locales come from request headers: the cache is bounded.
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    format = make();
    formatters.set(key, format);
  }
  return format;
}

/**
 * A cached Intl.DateTimeFormat. `name` names the options where the caller
 * has a cheaper key for them than their JSON (the formats of this module).
 */
export function dateFormat(
  locale: string,
  options: Intl.DateTimeFormatOptions,
  name?: string,
): Intl.DateTimeFormat {
  return cachedFormat(
    `${locale}|${name ?? JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );
}

// The hour as the locale writes it: two digits on a 24-hour clock ("09:05"),
// one where the clock is 12-hour ("9:05 AM").
function hourStyle(locale: string): "2-digit" | "numeric" {
  return usesHour12(locale) ? "numeric" : "2-digit";
}

// The day as every date format here writes it: "Thu, 26 Nov 2026" (en-GB).
const DAY_PARTS = {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
} as const;

/** The options of a day with its time, for formatDateTime() and formatRange(). */
function dateTimeOptions(
  locale: string,
  timeZone: string,
): Intl.DateTimeFormatOptions {
  return { ...DAY_PARTS, hour: hourStyle(locale), minute: "2-digit", timeZone };
}

// The options are built only when the formatter is not cached yet.
function dateTimeFormat(locale: string, timeZone: string) {
  const key = `dt|${timeZone}`;
  return (formatters.get(`${locale}|${key}`) as
    | Intl.DateTimeFormat
    | undefined) ??
    dateFormat(locale, dateTimeOptions(locale, timeZone), key);
}

/**
 * A date and time in a time zone, as the locale writes them, e.g.
 * "Thu, 26 Nov 2026, 18:30" (en-GB) or "Thu, Nov 26, 2026, 6:30 PM" (en-US).
 */
export function formatDateTime(
  date: Date,
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
): string {
  return dateTimeFormat(locale, timeZone).format(date);
}

/** The formatter of formatTime(), for formatting many times. */
export function timeFormat(
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
): Intl.DateTimeFormat {
  const key = `t|${timeZone}`;
  return (formatters.get(`${locale}|${key}`) as
    | Intl.DateTimeFormat
    | undefined) ??
    dateFormat(
      locale,
      { hour: hourStyle(locale), minute: "2-digit", timeZone },
      key,
    );
}

/** A time of day in a time zone, e.g. "18:30" (en-GB) or "6:30 PM" (en-US). */
export function formatTime(
  date: Date,
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
): string {
  return timeFormat(timeZone, locale).format(date);
}

/** A day without the time, e.g. "Thu, 26 Nov 2026" (en-GB). */
export function formatDate(
  date: Date,
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
): string {
  return dateFormat(locale, { ...DAY_PARTS, timeZone }, `d|${timeZone}`)
    .format(date);
}

/**
 * A lesson's start and end, e.g. "Thu, 26 Nov 2026, 18:30–19:30
 * (Europe/Berlin)": Intl.DateTimeFormat's formatRange() joins them as the
 * locale does.
 */
export function formatRange(
  start: Date,
  end: Date,
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
): string {
  // formatRange() is slow (it was 6 % of the booking page's CPU) and pages
  // show the same lessons again and again: the text is remembered.
  const key = `${locale}|${timeZone}|${start.getTime()}|${end.getTime()}`;
  let text = ranges.get(key);
  if (text === undefined) {
    const range = dateTimeFormat(locale, timeZone).formatRange(start, end);
    text = `${range} (${timeZone})`;
    // Bounded: the inputs come from requests and stored lessons.
    if (ranges.size >= 5_000) ranges.clear();
    ranges.set(key, text);
  }
  return text;
}

const ranges = new Map<string, string>();

/**
 * A span of time in whole days, hours or minutes, e.g. "2 days", "1 hour",
 * "90 minutes": Intl.NumberFormat's units, with the locale's plural forms.
 */
export function formatSpan(
  minutes: number,
  locale: string = DEFAULT_LOCALE,
): string {
  const [value, unit] = minutes % 1440 === 0 && minutes >= 2880
    ? [minutes / 1440, "day"]
    : minutes % 60 === 0 && minutes > 0
    ? [minutes / 60, "hour"]
    : [minutes, "minute"];
  return cachedFormat(
    `#span|${locale}|${unit}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: "unit",
        unit,
        unitDisplay: "long",
      }),
  ).format(value);
}

/**
 * Items as the locale lists them: "Ada and Sam" (a conjunction, the
 * default), "to Friday, late cancellation" (`type: "unit"`), "French,
 * German, Spanish" (`type: "unit", style: "short"`) in English.
 */
export function formatList(
  items: string[],
  locale: string,
  options: Intl.ListFormatOptions = {},
): string {
  return cachedFormat(
    `#list|${locale}|${options.type ?? ""}|${options.style ?? ""}`,
    () => new Intl.ListFormat(locale, options),
  ).format(items);
}

/**
 * A duration in the locale's words ("1 hr, 5 min", "12 min, 30 sec",
 * "0 sec" in English): seconds are left out from an hour on.
 */
export function formatDuration(seconds: number, locale: string): string {
  const s = Math.max(0, Math.round(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  // Intl.DurationFormat writes nothing for a duration of zero: the zero
  // seconds are shown.
  const zero = s === 0;
  return cachedFormat(
    `#duration|${locale}|${zero}`,
    () =>
      new Intl.DurationFormat(locale, {
        style: "short",
        ...(zero ? { secondsDisplay: "always" } : {}),
      }),
  ).format(
    zero
      ? { seconds: 0 }
      : hours
      ? { hours, minutes }
      : { minutes, seconds: s % 60 },
  );
}

/** The value of an `<input type="datetime-local">` for a date in a time zone. */
export function toLocalInputValue(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    dateFormat("en-CA", {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone,
    }).formatToParts(date).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The instant a `datetime-local` value names in a time zone, or null when
 * the value is malformed. A wall time skipped by a DST change resolves
 * forward, as clocks do.
 */
export function fromLocalInputValue(
  value: string,
  timeZone: string,
): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(asUtc)) return null;
  // Two passes settle the zone offset at that instant.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const shown = toLocalInputValue(new Date(guess), timeZone);
    const [sy, smo, sd, sh, smi] = shown.match(/\d+/g)!.map(Number);
    guess += asUtc - Date.UTC(sy, smo - 1, sd, sh, smi);
  }
  return new Date(guess);
}
