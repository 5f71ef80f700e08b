// The pure computation of bookable times: the teacher's rules (weekly hours
// or a date's own hours, start-time grid, lesson lengths) give candidate
// starts in the teacher's zone; minimum notice and horizon bound them; the
// active bookings, widened by their buffers and the new lesson's, take times
// away. One-off slots published by hand are offered as they are.
//
// DST: times are wall-clock times in the teacher's zone, so a 10:00 lesson is
// at 10:00 local on both sides of a change. A start the clock skips (spring
// forward) is not offered; a start the clock shows twice (fall back) is
// offered once, at its first occurrence. An interval's end is a wall time
// too, and a lesson must end by it in real time.
import type { AvailabilityRules, Interval } from "@/lib/availability/rules.ts";
import {
  addDays,
  dayFrame,
  localDateOf,
  wallTime,
  weekdayOf,
} from "@/lib/availability/zone.ts";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** Time a booking holds, buffers included (`blocked_from`/`blocked_until`). */
export interface BusyRange {
  from: Date;
  until: Date;
}

/** A published one-off slot nobody holds. */
export interface OneOffSlot {
  id: string;
  start_at: Date;
  end_at: Date;
}

/** A time a student can book. `slot_id` when it is a one-off slot. */
export interface BookableTime {
  start_at: Date;
  end_at: Date;
  slot_id: string | null;
}

/** Which times: starts in [from, to), lessons of `lengthMinutes`. */
export interface TimeWindow {
  from: Date;
  to: Date;
  lengthMinutes: number;
}

/** What a computation needs besides the window. */
export interface Availability {
  rules: AvailabilityRules;
  /** Active bookings of the teacher (sorted or not). */
  busy: BusyRange[];
  /** Open one-off slots of the teacher. */
  slots: OneOffSlot[];
}

/** Why a time cannot be booked. */
export type Unbookable =
  | "past"
  | "length"
  | "min_notice"
  | "horizon"
  | "outside_rules"
  | "taken";

/** The earliest start the rules allow now (minimum notice). */
export function earliestStart(rules: AvailabilityRules, now: Date): number {
  return now.getTime() + rules.min_notice_minutes * MINUTE;
}

/** The first start beyond the horizon. */
export function horizonEnd(rules: AvailabilityRules, now: Date): number {
  return now.getTime() + rules.horizon_days * DAY;
}

/** The hours of a local date: its override's, else its weekday's. */
export function hoursOn(rules: AvailabilityRules, date: string): Interval[] {
  const override = rules.overrides.find((o) => o.date === date);
  if (override) return override.intervals;
  const weekday = weekdayOf(date);
  return rules.weekly.filter((w) => w.weekday === weekday);
}

// Rule-made starts (epoch ms) in [from, to) for lessons of `length` minutes,
// ascending, before notice, horizon and bookings are applied.
function ruleStarts(
  rules: AvailabilityRules,
  from: number,
  to: number,
  length: number,
): number[] {
  const tz = rules.time_zone;
  const grid = rules.grid_minutes;
  const starts: number[] = [];
  // A local date can begin up to 14 hours either side of the UTC one.
  const last = localDateOf(to + DAY, tz);
  for (let date = localDateOf(from - DAY, tz); date <= last;) {
    const intervals = hoursOn(rules, date);
    if (intervals.length > 0) {
      const frame = dayFrame(date, tz);
      for (const { start, end } of intervals) {
        const first = Math.ceil(start / grid) * grid;
        if (frame.plain) {
          const limit = frame.midnight + end * MINUTE - length * MINUTE;
          for (let m = first; m < end; m += grid) {
            const at = frame.midnight + m * MINUTE;
            if (at > limit) break;
            if (at >= from && at < to) starts.push(at);
          }
          continue;
        }
        // A DST change day: resolve every wall time on its own.
        const opens = wallTime(date, start, tz).at;
        const closes = wallTime(date, end, tz).at;
        for (let m = first; m < end; m += grid) {
          const wall = wallTime(date, m, tz);
          if (wall.kind === "skipped") continue;
          const at = wall.at;
          if (at < opens || at + length * MINUTE > closes) continue;
          if (at >= from && at < to) starts.push(at);
        }
      }
    }
    date = addDays(date, 1);
  }
  starts.sort((a, b) => a - b);
  return starts.filter((at, i) => i === 0 || starts[i - 1] !== at);
}

// True when a lesson [at, at + length) with the rules' buffers would overlap
// a busy range. `busy` sorted by `from`; ranges do not overlap each other
// (the teacher exclusion constraint), so they are sorted by `until` too.
function makeOverlapCheck(rules: AvailabilityRules, busy: BusyRange[]) {
  const sorted = busy.map((b) => [b.from.getTime(), b.until.getTime()])
    .sort((a, b) => a[0] - b[0]);
  const before = rules.buffer_before_minutes * MINUTE;
  const after = rules.buffer_after_minutes * MINUTE;
  return (at: number, end: number): boolean => {
    const lo = at - before;
    const hi = end + after;
    // First range that ends after lo (binary search on `until`).
    let l = 0;
    let h = sorted.length;
    while (l < h) {
      const mid = (l + h) >> 1;
      if (sorted[mid][1] <= lo) l = mid + 1;
      else h = mid;
    }
    return l < sorted.length && sorted[l][0] < hi;
  };
}

/**
 * The bookable times in a window, earliest first: rule-made times of the
 * window's length (when the teacher offers it) between the minimum notice
 * and the horizon, plus open one-off slots of that length that have not
 * started, minus every time whose lesson (with the teacher's buffers)
 * overlaps an active booking.
 */
export function computeBookableTimes(
  availability: Availability,
  window: TimeWindow,
  now: Date,
): BookableTime[] {
  const { rules } = availability;
  const length = window.lengthMinutes * MINUTE;
  const overlaps = makeOverlapCheck(rules, availability.busy);
  const times: BookableTime[] = [];
  if (rules.lesson_lengths.includes(window.lengthMinutes)) {
    const from = Math.max(window.from.getTime(), earliestStart(rules, now));
    const to = Math.min(window.to.getTime(), horizonEnd(rules, now));
    if (from < to) {
      for (const at of ruleStarts(rules, from, to, window.lengthMinutes)) {
        if (overlaps(at, at + length)) continue;
        times.push({
          start_at: new Date(at),
          end_at: new Date(at + length),
          slot_id: null,
        });
      }
    }
  }
  const from = Math.max(window.from.getTime(), now.getTime() + 1);
  for (const slot of availability.slots) {
    const at = slot.start_at.getTime();
    const end = slot.end_at.getTime();
    if (end - at !== length || at < from || at >= window.to.getTime()) continue;
    if (overlaps(at, end)) continue;
    if (times.some((t) => t.start_at.getTime() === at)) continue;
    times.push({
      start_at: slot.start_at,
      end_at: slot.end_at,
      slot_id: slot.id,
    });
  }
  return times.sort((a, b) => a.start_at.getTime() - b.start_at.getTime());
}

/**
 * Whether a lesson of `lengthMinutes` starting at `start` can be booked now:
 * the matching time (with its one-off slot, if any), or the first reason it
 * cannot.
 */
export function checkBookableTime(
  availability: Availability,
  start: Date,
  lengthMinutes: number,
  now: Date,
): { ok: true; time: BookableTime } | { ok: false; reason: Unbookable } {
  const at = start.getTime();
  const window = { from: start, to: new Date(at + 1), lengthMinutes };
  const [time] = computeBookableTimes(availability, window, now);
  if (time) return { ok: true, time };
  const { rules } = availability;
  if (at <= now.getTime()) return { ok: false, reason: "past" };
  const free = { ...availability, busy: [] };
  // A one-off slot of another length, or the time of one that is taken.
  const slotAt = availability.slots.some((s) => s.start_at.getTime() === at);
  if (computeBookableTimes(free, window, now).length > 0) {
    return { ok: false, reason: "taken" };
  }
  if (!rules.lesson_lengths.includes(lengthMinutes) && !slotAt) {
    return { ok: false, reason: "length" };
  }
  if (at < earliestStart(rules, now)) {
    return { ok: false, reason: "min_notice" };
  }
  if (at >= horizonEnd(rules, now)) return { ok: false, reason: "horizon" };
  return { ok: false, reason: "outside_rules" };
}
