// The stable entry points for "when can this teacher be booked": they load
// the teacher's rules, bookings and one-off slots and run the pure
// computation (compute.ts). Booking by time, rescheduling and the pages call
// these.
import type { Queryable } from "@/lib/db/connection.ts";
import {
  type Availability,
  type BookableTime,
  checkBookableTime,
  computeBookableTimes,
  type Unbookable,
} from "@/lib/availability/compute.ts";
import { getAvailabilitySnapshot } from "@/lib/availability/store.ts";
import { localDateOf } from "@/lib/availability/zone.ts";
import { MAX_LESSON_MINUTES } from "@/lib/availability/rules.ts";
import { msg, NotFoundError, type Text } from "@/lib/errors.ts";

const MINUTE = 60_000;
// Bookings and slots are loaded with this margin around a window, so that
// buffers (at most a day) and lessons running past its end are seen.
const MARGIN = (1440 + MAX_LESSON_MINUTES) * MINUTE;

/** Options of the bookable-time functions. */
export interface BookableOptions {
  /** Leave this booking out of the busy time (moving it elsewhere). */
  ignoreBookingId?: string | null;
}

/**
 * Loads what decides a teacher's bookable times around [from, to), in one
 * query.
 * @throws {NotFoundError} when the id is not a teacher's
 */
export async function loadAvailability(
  db: Queryable,
  teacherId: string,
  from: Date,
  to: Date,
  options: BookableOptions = {},
): Promise<Availability & { username: string }> {
  const snapshot = await getAvailabilitySnapshot(db, teacherId, {
    overridesFrom: localDateOf(from.getTime() - 2 * 1440 * MINUTE, "UTC"),
    busyFrom: new Date(from.getTime() - MARGIN),
    busyTo: new Date(to.getTime() + MARGIN),
    slotsFrom: from,
    slotsTo: to,
    ignoreBookingId: options.ignoreBookingId,
  });
  if (!snapshot) throw new NotFoundError(msg("error.teacher.notFound"));
  return snapshot;
}

/**
 * The times a student can book with a teacher: starts in [from, to) for
 * lessons of `lengthMinutes`, earliest first.
 * @throws {NotFoundError} when the id is not a teacher's
 */
export async function bookableTimes(
  db: Queryable,
  teacherId: string,
  window: { from: Date; to: Date; lengthMinutes: number },
  now = new Date(),
  options: BookableOptions = {},
): Promise<BookableTime[]> {
  const availability = await loadAvailability(
    db,
    teacherId,
    window.from,
    window.to,
    options,
  );
  return computeBookableTimes(availability, window, now);
}

/** The answer of isBookableTime(). */
export type Bookability =
  | { ok: true; time: BookableTime }
  | { ok: false; reason: Unbookable; why: Text };

/**
 * Whether a lesson of `lengthMinutes` at `start` can be booked with the
 * teacher now; if not, why (a code, and the reason as a catalogue message
 * that completes "Cannot book time: …"). Run it in
 * the booking's transaction; the database constraints remain the final
 * guard against a concurrent booking.
 * @throws {NotFoundError} when the id is not a teacher's
 */
export async function isBookableTime(
  db: Queryable,
  teacherId: string,
  start: Date,
  lengthMinutes: number,
  now = new Date(),
  options: BookableOptions = {},
): Promise<Bookability> {
  const to = new Date(start.getTime() + 1);
  const availability = await loadAvailability(
    db,
    teacherId,
    start,
    to,
    options,
  );
  const result = checkBookableTime(availability, start, lengthMinutes, now);
  if (result.ok) return result;
  return {
    ok: false,
    reason: result.reason,
    why: unbookableReason(result.reason, availability, lengthMinutes),
  };
}

function unbookableReason(
  reason: Unbookable,
  { rules }: Availability,
  lengthMinutes: number,
): Text {
  const notice = rules.min_notice_minutes;
  switch (reason) {
    case "past":
      return msg("error.why.past");
    case "length":
      return msg("error.why.length", { minutes: lengthMinutes });
    case "min_notice":
      return msg("error.why.notice", {
        span: notice % 60 === 0
          ? msg("error.duration.hours", { count: notice / 60 })
          : msg("error.duration.minutes", { count: notice }),
      });
    case "horizon":
      return msg("error.why.horizon", { count: rules.horizon_days });
    case "outside_rules":
      return msg("error.why.unavailable");
    case "taken":
      return msg("error.why.teacherBusy");
  }
}
