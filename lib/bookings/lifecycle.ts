// The booking lifecycle: a student books an open slot; its teacher confirms
// or declines it; either participant cancels it before the start (a
// student's cancellation inside the teacher's cancellation window is
// recorded as late). The database constraints are the final guard against
// double booking; this module turns their violations into ConflictErrors
// with a reason. Every change writes its history event and notifications
// (and bumps the invite's SEQUENCE) in its own transaction: they commit or
// roll back with it.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  msg,
  NotFoundError,
  type Text,
} from "@/lib/errors.ts";
import {
  ACTIVE_STATUSES,
  type Booking,
  type BookingStatus,
  isParticipant,
  isUuid,
} from "@/lib/bookings/model.ts";
import {
  BOOKING_SELECT,
  type BookingRow,
  toBooking,
} from "@/lib/bookings/_rows.ts";
import { getBooking } from "@/lib/bookings/queries.ts";
import { emitBookingCancelled } from "@/lib/bookings/events.ts";
import { notify } from "@/lib/bookings/notify.ts";
import { recordEvent } from "@/lib/bookings/history.ts";
import { closeOpenProposal } from "@/lib/bookings/proposals.ts";
import { getSchedulePolicy } from "@/lib/availability/store.ts";

const HOUR = 3_600_000;

/**
 * Loads a booking for a change, locking its row until the transaction ends:
 * concurrent changes of one booking queue here and each sees the last.
 * @throws {NotFoundError} for an unknown booking
 */
export async function loadForChange(
  tx: Queryable,
  id: string,
): Promise<Booking> {
  if (!isUuid(id)) throw new NotFoundError(msg("error.booking.notFound"));
  const [row] = await tx.query<BookingRow>(
    `${BOOKING_SELECT} WHERE b.id = $1 FOR UPDATE OF b`,
    [id],
  );
  if (!row) throw new NotFoundError(msg("error.booking.notFound"));
  return toBooking(row);
}

/** Why a booking in this status cannot change ("it is cancelled"). */
export function describeStatus(status: BookingStatus): Text {
  const descriptions = {
    pending: "error.why.pending",
    confirmed: "error.why.confirmed",
    cancelled: "error.why.cancelled",
    completed: "error.why.completed",
    no_show: "error.why.over",
    technical_failure: "error.why.over",
  } as const satisfies Record<BookingStatus, string>;
  return msg(descriptions[status]);
}

/**
 * Cancels a booking in the caller's transaction (its row locked): the time
 * is freed, the invite's SEQUENCE + 1, an open reschedule proposal closed.
 */
export async function markCancelled(
  tx: Queryable,
  id: string,
  reason: string,
  by: string,
  late = false,
): Promise<void> {
  await tx.query(
    `UPDATE bookings SET status = 'cancelled', cancel_reason = $2, cancelled_by = $3,
            late_cancellation = $4, ics_sequence = ics_sequence + 1, updated_at = now()
     WHERE id = $1`,
    [id, reason, by, late],
  );
  await closeOpenProposal(tx, id, by);
}

/**
 * Confirms a pending booking (its teacher only, before the start).
 * @throws {NotFoundError} | {ForbiddenError} | {ConflictError}
 */
export async function confirmBooking(
  db: Database,
  teacher: User,
  id: string,
  now = new Date(),
): Promise<Booking> {
  await db.transaction(async (tx) => {
    const booking = await loadPendingForTeacher(
      tx,
      id,
      teacher,
      "confirm",
      now,
    );
    await tx.query(
      `UPDATE bookings SET status = 'confirmed', ics_sequence = ics_sequence + 1,
              updated_at = now()
       WHERE id = $1`,
      [id],
    );
    await recordEvent(tx, {
      booking_id: id,
      actor_id: teacher.id,
      kind: "confirmed",
      from_status: "pending",
      to_status: "confirmed",
    });
    await notify(tx, id, { actor_id: teacher.id }, [
      [booking.student_id, "booking_confirmed"],
    ]);
  });
  return (await getBooking(db, id, now))!;
}

/**
 * Declines a pending booking (its teacher only, before the start); the slot
 * opens again. After the start a missed lesson is a no-show, not a decline.
 * @throws {NotFoundError} | {ForbiddenError} | {ConflictError}
 */
export async function declineBooking(
  db: Database,
  teacher: User,
  id: string,
  reason?: string | null,
  now = new Date(),
): Promise<Booking> {
  await db.transaction(async (tx) => {
    const booking = await loadPendingForTeacher(
      tx,
      id,
      teacher,
      "decline",
      now,
    );
    const why = reason?.trim() || null;
    await markCancelled(tx, id, why ?? "Declined by the teacher", teacher.id);
    await recordEvent(tx, {
      booking_id: id,
      actor_id: teacher.id,
      kind: "declined",
      from_status: "pending",
      to_status: "cancelled",
      details: why ? { reason: why } : {},
    });
    // Only the teacher's own words are quoted to the student.
    await notify(tx, id, { actor_id: teacher.id, reason: why }, [
      [booking.student_id, "booking_declined"],
    ]);
  });
  emitBookingCancelled(id);
  return (await getBooking(db, id, now))!;
}

/** What cancelBooking() may also be told. */
export interface CancelOptions {
  /**
   * The start the canceller saw: when the booking has moved since (a
   * reschedule accepted meanwhile), the cancellation is refused.
   */
  expectedStartAt?: Date | null;
}

/**
 * Cancels a pending or confirmed booking before its start, by either
 * participant, with a reason; the slot opens again. A student's
 * cancellation later than the teacher's cancellation window before the
 * start is allowed and recorded as late (`late_cancellation`).
 * @throws {BadRequestError} without a reason
 * @throws {NotFoundError} | {ForbiddenError} | {ConflictError}
 */
export async function cancelBooking(
  db: Database,
  user: User,
  id: string,
  reason: string,
  now = new Date(),
  options: CancelOptions = {},
): Promise<Booking> {
  const text = reason.trim();
  if (!text) {
    throw new BadRequestError(
      msg("error.cancel.because", { why: msg("error.why.noReason") }),
      { reason: msg("error.booking.cancelReason") },
    );
  }
  await db.transaction(async (tx) => {
    const booking = await loadForChange(tx, id);
    if (!isParticipant(booking, user.id)) {
      throw new ForbiddenError(msg("error.booking.notYours"));
    }
    if (!ACTIVE_STATUSES.includes(booking.status)) {
      throw new ConflictError(
        msg("error.cancel.because", { why: describeStatus(booking.status) }),
      );
    }
    if (booking.start_at <= now) {
      throw new ConflictError(
        msg("error.cancel.because", { why: msg("error.why.started") }),
      );
    }
    const expected = options.expectedStartAt;
    if (expected && expected.getTime() !== booking.start_at.getTime()) {
      throw new ConflictError(
        msg("error.cancel.because", { why: msg("error.why.moved") }),
      );
    }
    const byStudent = booking.student_id === user.id;
    const late = byStudent &&
      await isLateCancellation(tx, booking, now);
    await markCancelled(tx, id, text, user.id, late);
    await recordEvent(tx, {
      booking_id: id,
      actor_id: user.id,
      kind: "cancelled",
      from_status: booking.status,
      to_status: "cancelled",
      details: {
        reason: text,
        by: byStudent ? "student" : "teacher",
        late_cancellation: late,
        hours_before_start: Math.round(
          (booking.start_at.getTime() - now.getTime()) / HOUR * 10,
        ) / 10,
      },
    });
    const other = booking.student_id === user.id
      ? booking.teacher_id
      : booking.student_id;
    await notify(tx, id, { actor_id: user.id, reason: text }, [
      [other, "booking_cancelled"],
    ]);
  });
  emitBookingCancelled(id);
  return (await getBooking(db, id, now))!;
}

// A pending booking its teacher may answer now (confirm or decline).
async function loadPendingForTeacher(
  tx: Queryable,
  id: string,
  teacher: User,
  verb: "confirm" | "decline",
  now: Date,
) {
  const booking = await loadForChange(tx, id);
  if (!isParticipant(booking, teacher.id)) {
    throw new ForbiddenError(msg("error.booking.notYours"));
  }
  if (booking.teacher_id !== teacher.id) {
    throw new ForbiddenError(msg(`error.${verb}.teacherOnly`));
  }
  if (booking.status !== "pending") {
    throw new ConflictError(
      msg(`error.${verb}.because`, { why: describeStatus(booking.status) }),
    );
  }
  if (booking.start_at <= now) {
    throw new ConflictError(
      msg(`error.${verb}.because`, { why: msg("error.why.started") }),
    );
  }
  return booking;
}

/**
 * True when a student cancelling `booking` at `now` would cancel late: later
 * than the teacher's cancellation window (hours) before the start.
 */
export async function isLateCancellation(
  db: Queryable,
  booking: Pick<Booking, "teacher_id" | "start_at">,
  now = new Date(),
): Promise<boolean> {
  const policy = await getSchedulePolicy(db, booking.teacher_id);
  return booking.start_at.getTime() - now.getTime() <
    policy.cancellation_window_hours * HOUR;
}
