// The facts a message about a booking carries, read inside the transaction
// of the change so they are exactly what that change committed.
import type { Queryable } from "@/lib/db/connection.ts";
import { msg, NotFoundError } from "@/lib/errors.ts";
import { isUuid } from "@/lib/bookings/model.ts";
import type { BookingFacts } from "@/lib/notifications/model.ts";

/** What the change adds to the booking's own facts. */
export type ExtraBookingFacts = Pick<
  BookingFacts,
  | "actor_id"
  | "reason"
  | "minutes_before"
  | "previous_start_at"
  | "proposed_start_at"
  | "proposed_end_at"
>;

/** A booking row with both participants, as BOOKING_FACTS_SELECT reads it. */
export interface FactsRow {
  booking_id: string;
  start_at: Date;
  end_at: Date;
  status: string;
  sequence: number;
  reason: string | null;
  teacher_id: string;
  teacher_name: string;
  teacher_email: string;
  student_id: string;
  student_name: string;
  student_email: string;
}

/** Reads FactsRows: add the WHERE (bookings are `b`). */
export const BOOKING_FACTS_SELECT = `
  SELECT b.id AS booking_id, b.start_at, b.end_at, b.status,
         b.ics_sequence AS sequence, b.cancel_reason AS reason,
         t.id AS teacher_id, t.username AS teacher_name, t.email AS teacher_email,
         s.id AS student_id, s.username AS student_name, s.email AS student_email
  FROM bookings b
  JOIN users t ON t.id = b.teacher_id
  JOIN users s ON s.id = b.student_id`;

/** The booking's own facts from its row (the stored reason is not among them). */
export function toBookingFacts(row: FactsRow): BookingFacts {
  return {
    booking_id: row.booking_id,
    start_at: new Date(row.start_at).toISOString(),
    end_at: new Date(row.end_at).toISOString(),
    status: row.status,
    sequence: Number(row.sequence),
    teacher: {
      id: row.teacher_id,
      name: row.teacher_name,
      email: row.teacher_email,
    },
    student: {
      id: row.student_id,
      name: row.student_name,
      email: row.student_email,
    },
  };
}

/**
 * A snapshot of a booking and both participants (names and addresses as they
 * are now, the invite's current SEQUENCE), plus what the change adds. Call it
 * in the change's transaction, after the change (and its sequence bump).
 * @throws {NotFoundError} for an unknown booking
 */
export async function bookingFacts(
  tx: Queryable,
  bookingId: string,
  extra: ExtraBookingFacts = {},
): Promise<BookingFacts> {
  if (!isUuid(bookingId)) {
    throw new NotFoundError(msg("error.booking.notFound"));
  }
  const [row] = await tx.query<FactsRow>(
    `${BOOKING_FACTS_SELECT} WHERE b.id = $1`,
    [bookingId],
  );
  if (!row) throw new NotFoundError(msg("error.booking.notFound"));
  const facts = toBookingFacts(row);
  // Only what the change says: absent keys stay absent in the stored JSON.
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) Object.assign(facts, { [key]: value });
  }
  return facts;
}
