// Disputes of a finished booking's outcome (`booking_disputes`, migration
// 0012): a participant raises one within DISPUTE_WINDOW_HOURS of the end,
// with a reason; an admin resolves it (lib/admin). One open dispute per
// booking, kept by a unique index. Raising one writes the booking's
// `disputed` history event in the same transaction.
import { z } from "zod";
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  ConflictError,
  ForbiddenError,
  msg,
  NotFoundError,
  type Text,
} from "@/lib/errors.ts";
import { PG_UNIQUE_VIOLATION, pgErrorCode } from "@/lib/db/errors.ts";
import { issue } from "@/lib/http/validate.ts";
import { type Read, run, toDate, toDateOrNull } from "@/lib/db/reads.ts";
import {
  type BookingStatus,
  isParticipant,
  isUuid,
} from "@/lib/bookings/model.ts";
import { OUTCOME_STATUSES } from "@/lib/bookings/evidence.ts";
import { settleFinished } from "@/lib/bookings/attendance.ts";
import { recordEvent } from "@/lib/bookings/history.ts";

/** How long after a booking's end its outcome can be disputed. */
export const DISPUTE_WINDOW_HOURS = 72;
/** Longest dispute reason, in characters (as the table allows). */
export const DISPUTE_REASON_MAX_LENGTH = 2000;

/** `POST /api/bookings/:id/dispute` and the booking page's dispute form. */
export const disputeSchema = z.object({
  reason: z.string().trim().min(1, issue("error.dispute.reason")).max(
    DISPUTE_REASON_MAX_LENGTH,
    issue("error.field.maxLength"),
  ),
});

/** A dispute of a booking's outcome. */
export interface Dispute {
  id: string;
  booking_id: string;
  raised_by: string;
  reason: string;
  created_at: Date;
  status: "open" | "resolved";
  resolved_at: Date | null;
  resolved_by: string | null;
  /** The outcome the admin set. */
  resolution_status: BookingStatus | null;
  resolution_note: string | null;
}

const DISPUTE_SELECT = `
  SELECT id, booking_id, raised_by, reason, created_at, resolved_at,
         resolved_by, resolution_status, resolution_note,
         CASE WHEN resolved_at IS NULL THEN 'open' ELSE 'resolved' END AS status
  FROM booking_disputes`;

/** The end of the time to dispute a booking that ended at `end`. */
export function disputeDeadline(end: Date): Date {
  return new Date(end.getTime() + DISPUTE_WINDOW_HOURS * 3_600_000);
}

/**
 * Whether an outcome can still be disputed at `now` (a finished outcome,
 * inside the window, no dispute open); the reason when it cannot.
 */
export function disputeRefusal(
  booking: { status: BookingStatus; end_at: Date },
  open: boolean,
  now: Date,
): Text | null {
  if (!OUTCOME_STATUSES.includes(booking.status)) {
    return msg("error.dispute.noOutcome");
  }
  if (now > disputeDeadline(booking.end_at)) {
    return msg("error.dispute.tooLate", { count: DISPUTE_WINDOW_HOURS });
  }
  if (open) return msg("error.dispute.open");
  return null;
}

/**
 * Disputes a finished booking's outcome (a participant, within the window,
 * one open dispute per booking). A finished booking the sweep has not
 * reached yet is settled first, in the same transaction.
 * @throws {NotFoundError} for an unknown booking
 * @throws {ForbiddenError} when the user is not a participant
 * @throws {ConflictError} when there is no outcome, the window has passed, or a dispute is open
 */
export async function raiseDispute(
  db: Database,
  user: Pick<User, "id">,
  bookingId: string,
  reason: string,
  now = new Date(),
): Promise<Dispute> {
  if (!isUuid(bookingId)) {
    throw new NotFoundError(msg("error.booking.notFound"));
  }
  try {
    return await db.transaction(async (tx) => {
      const [locked] = await tx.query<
        { student_id: string; teacher_id: string }
      >(
        "SELECT student_id, teacher_id FROM bookings WHERE id = $1 FOR UPDATE",
        [bookingId],
      );
      if (!locked) throw new NotFoundError(msg("error.booking.notFound"));
      if (!isParticipant(locked, user.id)) {
        throw new ForbiddenError(msg("error.booking.notYours"));
      }
      await settleFinished(tx, now, bookingId);
      const [booking] = await tx.query<
        { status: BookingStatus; end_at: Date; open: boolean }
      >(
        `SELECT status, end_at, EXISTS (
           SELECT 1 FROM booking_disputes
           WHERE booking_id = $1 AND resolved_at IS NULL
         ) AS open
         FROM bookings WHERE id = $1`,
        [bookingId],
      );
      const refusal = disputeRefusal(booking, booking.open, now);
      if (refusal) throw new ConflictError(refusal);
      const [dispute] = await tx.query<Dispute>(
        `WITH d AS (
           INSERT INTO booking_disputes (booking_id, raised_by, reason)
           VALUES ($1, $2, $3) RETURNING *
         )
         ${DISPUTE_SELECT.replace("FROM booking_disputes", "FROM d")}`,
        [bookingId, user.id, reason],
      );
      await recordEvent(tx, {
        booking_id: bookingId,
        actor_id: user.id,
        kind: "disputed",
        from_status: booking.status,
        to_status: booking.status,
        details: { dispute_id: dispute.id },
      });
      return dispute;
    });
  } catch (err) {
    // Two participants disputing at once: the index lets one through.
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
      throw new ConflictError(msg("error.dispute.open"));
    }
    throw err;
  }
}

/** A dispute by id, or null. */
export async function getDispute(
  db: Queryable,
  id: string,
): Promise<Dispute | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.query<Dispute>(`${DISPUTE_SELECT} WHERE id = $1`, [
    id,
  ]);
  return row ?? null;
}

/** The read of a booking's latest dispute, or null. */
export function latestDisputeRead(bookingId: string): Read<Dispute | null> {
  return {
    text:
      `${DISPUTE_SELECT} WHERE booking_id = $1 ORDER BY created_at DESC, id LIMIT 1`,
    params: [bookingId],
    decode: ([row]) =>
      row
        ? {
          ...row as unknown as Dispute,
          created_at: toDate(row.created_at),
          resolved_at: toDateOrNull(row.resolved_at),
        }
        : null,
  };
}

/** A booking's latest dispute (open or resolved), or null. */
export function getLatestDispute(
  db: Queryable,
  bookingId: string,
): Promise<Dispute | null> {
  return run(db, latestDisputeRead(bookingId));
}
