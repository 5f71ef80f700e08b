// The student's booking picker (routes/teachers/[id].tsx) as data: a week of
// a teacher's bookable times in the viewer's time zone, the lesson lengths
// to choose from, and the weeks around it. One load of rules, bookings and
// one-off slots serves the shown week and the seven after it, so the page
// can say which weeks have free times.
import type { Queryable } from "@/lib/db/connection.ts";
import { loadAvailability } from "@/lib/availability/bookable.ts";
import {
  type BookableTime,
  computeBookableTimes,
} from "@/lib/availability/compute.ts";
import type { SchedulePolicy } from "@/lib/availability/rules.ts";
import { addDays, dayFrame, localDateOf } from "@/lib/availability/zone.ts";

/** Weeks computed per request: the shown one and the seven after it. */
export const PICKER_WEEKS = 8;
const DAY = 86_400_000;

/** What the picker is asked for; absent fields take their defaults. */
export interface PickerRequest {
  /** Any date of the week to show ("YYYY-MM-DD", viewer's zone). */
  week?: string | null;
  length?: number | null;
  /** The zone the viewer reads times in. */
  timeZone: string;
  /** The day weeks start on in the viewer's locale, 1 = Monday (default) … 7 = Sunday. */
  firstDay?: number;
}

/** A week of the picker, ready to render. */
export interface PickerWeek {
  teacherName: string;
  teacherTimeZone: string;
  policy: SchedulePolicy;
  /** Lengths to choose from: the teacher's, and those of open one-off slots. */
  lengths: number[];
  length: number;
  /** The first day of the shown week (a Monday unless the locale says otherwise). */
  week: string;
  /** The shown week's seven days with their times. */
  days: { date: string; times: BookableTime[] }[];
  /** First day of the previous and next week, null where nothing can be booked. */
  previous: string | null;
  next: string | null;
  /** The computed weeks (shown first) and how many free times each has. */
  weeks: { week: string; count: number }[];
}

/** The Monday of the week a local date is in. */
export function mondayOf(date: string): string {
  return weekStartOf(date, 1);
}

/**
 * The first day of the week a local date is in, for weeks that start on
 * `firstDay` (1 = Monday … 7 = Sunday).
 */
export function weekStartOf(date: string, firstDay: number): string {
  const weekday = Temporal.PlainDate.from(date).dayOfWeek;
  return addDays(date, -((weekday - firstDay + 7) % 7));
}

/** A valid "YYYY-MM-DD", or null. */
export function parseLocalDate(text: string | null | undefined): string | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  try {
    return Temporal.PlainDate.from(text).toString() === text ? text : null;
  } catch {
    return null;
  }
}

/**
 * A week of a teacher's bookable times for a viewer: the requested week
 * (not before this one), or without one the first of the next eight weeks
 * that has a free time.
 * @throws {NotFoundError} when the id is not a teacher's
 */
export async function pickerWeek(
  db: Queryable,
  teacherId: string,
  request: PickerRequest,
  now = new Date(),
): Promise<PickerWeek> {
  const tz = request.timeZone;
  const firstDay = request.firstDay ?? 1;
  const thisWeek = weekStartOf(localDateOf(now, tz), firstDay);
  const asked = request.week ? weekStartOf(request.week, firstDay) : null;
  const first = asked && asked > thisWeek ? asked : thisWeek;
  const mondays = [...Array(PICKER_WEEKS + 1).keys()].map((i) =>
    addDays(first, 7 * i)
  );
  const midnight = (date: string) => dayFrame(date, tz).midnight;
  const bounds = mondays.map(midnight);
  const from = new Date(Math.max(bounds[0], now.getTime()));
  const to = new Date(bounds[PICKER_WEEKS]);
  const availability = await loadAvailability(db, teacherId, from, to);
  const { rules } = availability;

  const slotLengths = availability.slots.map((s) =>
    Math.round((s.end_at.getTime() - s.start_at.getTime()) / 60_000)
  );
  const lengths = [...new Set([...rules.lesson_lengths, ...slotLengths])]
    .sort((a, b) => a - b);
  const compute = (lengthMinutes: number) =>
    computeBookableTimes(availability, { from, to, lengthMinutes }, now);

  let length = request.length && lengths.includes(request.length)
    ? request.length
    : null;
  let times: BookableTime[] = [];
  if (length) times = compute(length);
  else {
    // The first length that has a free time, else the shortest.
    for (const l of lengths) {
      times = compute(l);
      length = l;
      if (times.length > 0) break;
    }
    length ??= lengths[0];
  }

  const counts = mondays.slice(0, PICKER_WEEKS).map((week) => ({
    week,
    count: 0,
  }));
  for (const t of times) {
    const at = t.start_at.getTime();
    let i = 0;
    while (i < PICKER_WEEKS - 1 && at >= bounds[i + 1]) i++;
    counts[i].count++;
  }
  // Without a week asked for, open the first week with a free time.
  let shown = 0;
  if (!asked && counts[0].count === 0) {
    const found = counts.findIndex((c) => c.count > 0);
    if (found > 0) shown = found;
  }
  const week = mondays[shown];
  const days = [...Array(7).keys()].map((i) => ({
    date: addDays(week, i),
    times: [] as BookableTime[],
  }));
  const dayStarts = [...days.map((d) => midnight(d.date)), bounds[shown + 1]];
  for (const t of times) {
    const at = t.start_at.getTime();
    if (at < bounds[shown] || at >= bounds[shown + 1]) continue;
    let i = 0;
    while (at >= dayStarts[i + 1]) i++;
    days[i].times.push(t);
  }
  // Nothing can be booked before this week or beyond the horizon (or the
  // computed weeks, for one-off slots further out).
  const lastBookable = Math.max(
    now.getTime() + rules.horizon_days * DAY,
    to.getTime(),
  );
  const nextWeek = addDays(week, 7);
  return {
    teacherName: availability.username,
    teacherTimeZone: rules.time_zone,
    policy: rules,
    lengths,
    length: length!,
    week,
    days,
    previous: week > thisWeek ? addDays(week, -7) : null,
    next: midnight(nextWeek) < lastBookable ? nextWeek : null,
    weeks: counts.slice(shown),
  };
}
