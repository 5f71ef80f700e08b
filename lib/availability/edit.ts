// A teacher editing their availability: the time zone (on `users`), the
// weekly hours, the date overrides and the policies, all in one transaction,
// and the editable view of them (times of day as "HH:MM").
import { refreshNextFree } from "@/lib/profiles/next_free.ts";
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import { updateTimeZone } from "@/lib/auth/users.ts";
import { ForbiddenError, msg, NotFoundError } from "@/lib/errors.ts";
import {
  type AvailabilityRules,
  formatMinutes,
  type SchedulePolicy,
} from "@/lib/availability/rules.ts";
import {
  getAvailabilityRules,
  saveAvailability,
} from "@/lib/availability/store.ts";
import type { AvailabilityBody } from "@/lib/availability/schema.ts";
import { addDays, localDateOf } from "@/lib/availability/zone.ts";

/** A teacher's rules as the API and the editor show them. */
export type AvailabilityView = SchedulePolicy & {
  time_zone: string;
  weekly: { weekday: number; start: string; end: string }[];
  overrides: { date: string; intervals: { start: string; end: string }[] }[];
};

/** The view of a teacher's rules ("HH:MM" times). */
export function toAvailabilityView(rules: AvailabilityRules): AvailabilityView {
  const hhmm = (i: { start: number; end: number }) => ({
    start: formatMinutes(i.start),
    end: formatMinutes(i.end),
  });
  return {
    time_zone: rules.time_zone,
    weekly: rules.weekly.map((w) => ({ weekday: w.weekday, ...hhmm(w) })),
    overrides: rules.overrides.map((o) => ({
      date: o.date,
      intervals: o.intervals.map(hhmm),
    })),
    lesson_lengths: rules.lesson_lengths,
    grid_minutes: rules.grid_minutes,
    buffer_before_minutes: rules.buffer_before_minutes,
    buffer_after_minutes: rules.buffer_after_minutes,
    min_notice_minutes: rules.min_notice_minutes,
    horizon_days: rules.horizon_days,
    requires_confirmation: rules.requires_confirmation,
    request_expiry_hours: rules.request_expiry_hours,
    cancellation_window_hours: rules.cancellation_window_hours,
  };
}

function assertTeacher(user: User): void {
  if (user.role !== "teacher") {
    throw new ForbiddenError(msg("error.availability.teachersOnly"));
  }
}

/**
 * A teacher's own rules; date overrides from yesterday (in UTC, so the
 * teacher's today is always among them) on.
 * @throws {ForbiddenError} when the user is not a teacher
 */
export async function getOwnAvailability(
  db: Queryable,
  teacher: User,
  now = new Date(),
): Promise<AvailabilityRules> {
  assertTeacher(teacher);
  const from = addDays(localDateOf(now, "UTC"), -1);
  const rules = await getAvailabilityRules(db, teacher.id, from);
  if (!rules) throw new NotFoundError(msg("error.teacher.notFound"));
  return rules;
}

/**
 * Saves what a teacher changed (fields left out stay as they are) in one
 * transaction: nothing is written when any part fails.
 * @throws {ForbiddenError} when the user is not a teacher
 */
export async function updateAvailability(
  db: Database,
  teacher: User,
  body: AvailabilityBody,
  now = new Date(),
): Promise<AvailabilityRules> {
  assertTeacher(teacher);
  const rules = await db.transaction(async (tx) => {
    if (body.time_zone) await updateTimeZone(tx, teacher.id, body.time_zone);
    await saveAvailability(tx, teacher.id, body);
    return await getOwnAvailability(tx, teacher, now);
  });
  // Discovery shows the new hours at once, not at the job's next run.
  await refreshNextFree(db, now, [teacher.id]);
  return rules;
}
