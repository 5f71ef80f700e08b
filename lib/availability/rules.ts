// A teacher's availability rules: when lessons may start, as the teacher
// states them in their own time zone, and the policies that go with them.
// Times of day are minutes since local midnight (0–1440); dates are local
// calendar dates ("YYYY-MM-DD").

/** One stretch of a day when lessons may take place, [start, end) in minutes. */
export interface Interval {
  start: number;
  end: number;
}

/** Weekly hours: an interval on a weekday (1 = Monday … 7 = Sunday). */
export interface WeeklyInterval extends Interval {
  weekday: number;
}

/** A date's own hours, replacing the weekly ones; no intervals = a day off. */
export interface DateOverride {
  date: string;
  intervals: Interval[];
}

/** The lesson rules and policies of `teacher_schedules`. */
export interface SchedulePolicy {
  lesson_lengths: number[];
  grid_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  min_notice_minutes: number;
  horizon_days: number;
  requires_confirmation: boolean;
  request_expiry_hours: number;
  cancellation_window_hours: number;
}

/** Everything that decides a teacher's bookable times. */
export interface AvailabilityRules extends SchedulePolicy {
  time_zone: string;
  weekly: WeeklyInterval[];
  overrides: DateOverride[];
}

/** A teacher without a `teacher_schedules` row has these (the table's defaults). */
export const DEFAULT_POLICY: Readonly<SchedulePolicy> = Object.freeze({
  lesson_lengths: [30, 45, 60],
  grid_minutes: 30,
  buffer_before_minutes: 0,
  buffer_after_minutes: 0,
  min_notice_minutes: 720,
  horizon_days: 56,
  requires_confirmation: true,
  request_expiry_hours: 24,
  cancellation_window_hours: 12,
});

/** The start-time grids a teacher may choose. */
export const GRID_CHOICES = [15, 30] as const;
/** Shortest and longest lesson length, in minutes. */
export const MIN_LESSON_MINUTES = 10;
export const MAX_LESSON_MINUTES = 240;
/** At most this many lesson lengths. */
export const MAX_LESSON_LENGTHS = 8;
/** Longest buffer before or after a lesson: a day. */
export const MAX_BUFFER_MINUTES = 1440;
/** Longest minimum notice: 30 days. */
export const MAX_NOTICE_MINUTES = 43200;
/** Furthest booking horizon: a year. */
export const MAX_HORIZON_DAYS = 366;
/** Longest request expiry and cancellation window: 30 days. */
export const MAX_POLICY_HOURS = 720;
/** At most this many weekly intervals and date overrides. */
export const MAX_WEEKLY_INTERVALS = 70;
export const MAX_OVERRIDES = 400;
export const MAX_INTERVALS_PER_DAY = 12;

/** "HH:MM" for minutes since midnight (1440 is "24:00"). */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** Minutes since midnight for "HH:MM" ("24:00" allowed), or null. */
export function parseMinutes(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}
