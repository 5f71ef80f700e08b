// Wall-clock times in a time zone, through Temporal (built into this Deno).
// Only what the availability computation needs: the instant a local date and
// time names, including the two DST cases, and the local date of an instant.

const MINUTE = 60_000;

/** Where a local wall time falls on the timeline. */
export type WallTime =
  /** It exists once: `at` is its instant. */
  | { kind: "unique"; at: number }
  /** Clocks go back and it happens twice: `at` is the first, `later` the second. */
  | { kind: "repeated"; at: number; later: number }
  /** Clocks jump over it (spring forward): `at` is where the clock shows next. */
  | { kind: "skipped"; at: number };

// Calendar arithmetic on "YYYY-MM-DD" through UTC dates: the same answers
// as Temporal.PlainDate for years 1–9999, without its allocations (the
// picker does this for every day of eight weeks on each request).
function utcDate(date: string): Date {
  const d = new Date(0);
  d.setUTCFullYear(
    +date.slice(0, 4),
    +date.slice(5, 7) - 1,
    +date.slice(8, 10),
  );
  return d;
}

/** A local calendar date plus a number of days, "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  const d = utcDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) {
    return Temporal.PlainDate.from(date).add({ days }).toString();
  }
  return `${String(y).padStart(4, "0")}-${
    String(d.getUTCMonth() + 1).padStart(2, "0")
  }-${String(d.getUTCDate()).padStart(2, "0")}`;
}

/** The weekday of a local date, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return utcDate(date).getUTCDay() || 7;
}

/** The local calendar date of an instant in a zone, "YYYY-MM-DD". */
export function localDateOf(at: Date | number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(+at)
    .toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** Minutes since local midnight of an instant in a zone (wall clock). */
export function localMinutesOf(at: Date | number, timeZone: string): number {
  const z = Temporal.Instant.fromEpochMilliseconds(+at).toZonedDateTimeISO(
    timeZone,
  );
  return z.hour * 60 + z.minute;
}

/**
 * Resolves `minutes` after local midnight of `date` (1440 = the next
 * midnight) in a zone, saying whether that wall time exists once, twice or
 * not at all.
 */
export function wallTime(
  date: string,
  minutes: number,
  timeZone: string,
): WallTime {
  const day = Temporal.PlainDate.from(date).add({
    days: Math.floor(minutes / 1440),
  });
  const m = minutes % 1440;
  const local = day.toPlainDateTime({
    hour: Math.floor(m / 60),
    minute: m % 60,
  });
  const earlier = local.toZonedDateTime(timeZone, {
    disambiguation: "earlier",
  });
  const later = local.toZonedDateTime(timeZone, { disambiguation: "later" });
  if (earlier.epochMilliseconds === later.epochMilliseconds) {
    return { kind: "unique", at: earlier.epochMilliseconds };
  }
  if (Temporal.PlainDateTime.compare(earlier.toPlainDateTime(), local) === 0) {
    return {
      kind: "repeated",
      at: earlier.epochMilliseconds,
      later: later.epochMilliseconds,
    };
  }
  return { kind: "skipped", at: later.epochMilliseconds };
}

/**
 * The instant of local midnight of `date` and whether the day is a plain
 * 24 hours (no offset change), so its times are midnight + minutes.
 */
export function dayFrame(
  date: string,
  timeZone: string,
): { midnight: number; plain: boolean } {
  const key = `${timeZone} ${date}`;
  let frame = frames.get(key);
  if (!frame) {
    const start = wallTime(date, 0, timeZone);
    const next = wallTime(date, 1440, timeZone);
    frame = {
      midnight: start.at,
      plain: start.kind === "unique" && next.kind === "unique" &&
        next.at - start.at === 1440 * MINUTE,
    };
    if (frames.size >= MAX_FRAMES) frames.clear();
    frames.set(key, frame);
  }
  return frame;
}

// Day frames by zone and date: the same few hundred days are asked for on
// every request, and a zone's rules do not change while the process runs.
const MAX_FRAMES = 20_000;
const frames = new Map<string, { midnight: number; plain: boolean }>();
