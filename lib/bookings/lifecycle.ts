// The booking lifecycle: a student books an open slot; its teacher confirms
// or declines it; either participant cancels it before the start. The
// database constraints are the final guard against double booking; this
// module turns their violations into ConflictErrors with a reason. Every
// change writes its notifications (and bumps the invite's SEQUENCE) in its
// own transaction: they commit or roll back with it.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from "@/lib/errors.ts";
import {
  PG_DEADLOCK,
  PG_EXCLUSION_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_SERIALIZATION,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
} from "@/lib/db/errors.ts";
import {
  ACTIVE_STATUSES,
  type Booking,
  type BookingStatus,
  isParticipant,
  isUuid,
  type Slot,
} from "@/lib/bookings/model.ts";
import {
  BOOKING_SELECT,
  type BookingRow,
  toBooking,
} from "@/lib/bookings/_rows.ts";
import { getBooking } from "@/lib/bookings/queries.ts";
import { emitBookingCancelled } from "@/lib/bookings/events.ts";
import {
  bookingFacts,
  type ExtraBookingFacts,
} from "@/lib/notifications/booking_facts.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import type { NotificationKind } from "@/lib/notifications/model.ts";

/**
 * Books an open future slot for a student: `confirmed` when the teacher
 * auto-confirms, `pending` otherwise.
 * @throws {ForbiddenError} when the user is not a student
 * @throws {NotFoundError} for an unknown slot
 * @throws {ConflictError} when the slot is taken, has started, or overlaps
 *   another active booking of either participant
 */
export async function createBooking(
  db: Database,
  student: User,
  input: { slot_id: string; notes?: string | null },
  now = new Date(),
): Promise<Booking> {
  if (student.role !== "student") {
    throw new ForbiddenError("Only students can book lessons");
  }
  if (!isUuid(input.slot_id)) throw new NotFoundError("Slot not found");
  let id: string;
  try {
    id = await retryOnDeadlock(() =>
      db.transaction(async (tx) => {
        const [slot] = await tx.query<Slot & { auto_confirm: boolean }>(
          `SELECT s.id, s.teacher_id, s.start_at, s.end_at, t.auto_confirm
         FROM slots s JOIN users t ON t.id = s.teacher_id
         WHERE s.id = $1 AND s.deleted_at IS NULL
         FOR UPDATE OF s`,
          [input.slot_id],
        );
        if (!slot) throw new NotFoundError("Slot not found");
        // The slot row lock queues concurrent bookings of one slot; this next
        // statement sees what the one before committed, so the reason is exact.
        const [{ taken }] = await tx.query<{ taken: boolean }>(
          `SELECT EXISTS (
           SELECT 1 FROM bookings WHERE slot_id = $1 AND status IN ('pending', 'confirmed')
         ) AS taken`,
          [slot.id],
        );
        if (taken) {
          throw new ConflictError("Cannot book slot: it is already taken");
        }
        if (slot.start_at <= now) {
          throw new ConflictError("Cannot book slot: it has already started");
        }
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO bookings (slot_id, student_id, teacher_id, start_at, end_at, status, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            slot.id,
            student.id,
            slot.teacher_id,
            slot.start_at,
            slot.end_at,
            slot.auto_confirm ? "confirmed" : "pending",
            input.notes?.trim() || null,
          ],
        );
        await notify(tx, row.id, { actor_id: student.id }, [
          [slot.teacher_id, "booking_requested"],
          ...(slot.auto_confirm
            ? [[student.id, "booking_confirmed"] as const]
            : []),
        ]);
        return row.id;
      })
    );
  } catch (err) {
    const code = pgErrorCode(err);
    if (
      code === PG_UNIQUE_VIOLATION || code === PG_EXCLUSION_VIOLATION ||
      (code === PG_FOREIGN_KEY_VIOLATION &&
        pgConstraint(err) === "bookings_slot_live_fkey")
    ) {
      throw new ConflictError(bookingConflictMessage(pgConstraint(err)));
    }
    throw err;
  }
  return (await getBooking(db, id, now))!;
}

// Racing bookings that overlap in two exclusion constraints can deadlock
// inside PostgreSQL; the loser is rolled back and simply tries again.
async function retryOnDeadlock<T>(
  fn: () => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let i = 1;; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = pgErrorCode(err);
      if (
        i >= attempts || (code !== PG_DEADLOCK && code !== PG_SERIALIZATION)
      ) throw err;
    }
  }
}

function bookingConflictMessage(constraint: string | null): string {
  switch (constraint) {
    case "bookings_student_no_overlap":
      return "Cannot book slot: you already have a booking at that time";
    case "bookings_teacher_no_overlap":
      return "Cannot book slot: the teacher already has a booking at that time";
    case "bookings_slot_live_fkey":
      return "Cannot book slot: it has been removed";
    default:
      return "Cannot book slot: it is already taken";
  }
}

/**
 * Writes one notification per recipient about a booking, in the change's
 * transaction, with the facts as the change left them.
 */
async function notify(
  tx: Queryable,
  bookingId: string,
  extra: ExtraBookingFacts,
  recipients: readonly (readonly [string, NotificationKind])[],
): Promise<void> {
  const facts = await bookingFacts(tx, bookingId, extra);
  for (const [userId, kind] of recipients) {
    await enqueueNotification(tx, { userId, kind, bookingId, facts });
  }
}

async function loadForChange(tx: Queryable, id: string): Promise<Booking> {
  if (!isUuid(id)) throw new NotFoundError("Booking not found");
  const [row] = await tx.query<BookingRow>(
    `${BOOKING_SELECT} WHERE b.id = $1 FOR UPDATE OF b`,
    [id],
  );
  if (!row) throw new NotFoundError("Booking not found");
  return toBooking(row);
}

function describeStatus(status: BookingStatus): string {
  const descriptions: Record<BookingStatus, string> = {
    pending: "it is waiting for the teacher",
    confirmed: "it is already confirmed",
    cancelled: "it is cancelled",
    completed: "it has already taken place",
    no_show: "it is over",
    technical_failure: "it is over",
  };
  return descriptions[status];
}

function markCancelled(
  tx: Queryable,
  id: string,
  reason: string,
  by: string,
): Promise<unknown> {
  return tx.query(
    `UPDATE bookings SET status = 'cancelled', cancel_reason = $2, cancelled_by = $3,
            ics_sequence = ics_sequence + 1, updated_at = now()
     WHERE id = $1`,
    [id, reason, by],
  );
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
    // Only the teacher's own words are quoted to the student.
    await notify(tx, id, { actor_id: teacher.id, reason: why }, [
      [booking.student_id, "booking_declined"],
    ]);
  });
  emitBookingCancelled(id);
  return (await getBooking(db, id, now))!;
}

/**
 * Cancels a pending or confirmed booking before its start, by either
 * participant, with a reason; the slot opens again.
 * @throws {BadRequestError} without a reason
 * @throws {NotFoundError} | {ForbiddenError} | {ConflictError}
 */
export async function cancelBooking(
  db: Database,
  user: User,
  id: string,
  reason: string,
  now = new Date(),
): Promise<Booking> {
  const text = reason.trim();
  if (!text) {
    throw new BadRequestError("Cannot cancel booking: a reason is required", {
      reason: "Say why you cancel",
    });
  }
  await db.transaction(async (tx) => {
    const booking = await loadForChange(tx, id);
    if (!isParticipant(booking, user.id)) {
      throw new ForbiddenError("This booking is not yours");
    }
    if (!ACTIVE_STATUSES.includes(booking.status)) {
      throw new ConflictError(
        `Cannot cancel booking: ${describeStatus(booking.status)}`,
      );
    }
    if (booking.start_at <= now) {
      throw new ConflictError("Cannot cancel booking: it has already started");
    }
    await markCancelled(tx, id, text, user.id);
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
    throw new ForbiddenError("This booking is not yours");
  }
  if (booking.teacher_id !== teacher.id) {
    throw new ForbiddenError(`Only the booking's teacher can ${verb} it`);
  }
  if (booking.status !== "pending") {
    throw new ConflictError(
      `Cannot ${verb} booking: ${describeStatus(booking.status)}`,
    );
  }
  if (booking.start_at <= now) {
    throw new ConflictError(`Cannot ${verb} booking: it has already started`);
  }
  return booking;
}
