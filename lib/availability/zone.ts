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

/** A local calendar date plus a number of days, "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

/** The weekday of a local date, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return Temporal.PlainDate.from(date).dayOfWeek;
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
  const start = wallTime(date, 0, timeZone);
  const next = wallTime(date, 1440, timeZone);
  return {
    midnight: start.at,
    plain: start.kind === "unique" && next.kind === "unique" &&
      next.at - start.at === 1440 * MINUTE,
  };
}
