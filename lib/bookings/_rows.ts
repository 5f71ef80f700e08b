// The one SELECT a booking is read with, and its row mapping; only this
// folder's modules use them.
import type { Booking } from "@/lib/bookings/model.ts";
import { toEvidence } from "@/lib/bookings/evidence.ts";
import { toDate, toDateOrNull } from "@/lib/db/reads.ts";

const BOOKING_COLUMNS = `
  SELECT b.id, b.slot_id, b.student_id, b.teacher_id, b.start_at, b.end_at,
         b.status, b.notes, b.cancel_reason, b.cancelled_by, b.absent_user_ids,
         b.late_cancellation, b.actual_duration_seconds, b.rescheduled_from,`;
const BOOKING_FROM = `
         b.created_at, b.updated_at,
         s.username AS student_username, t.username AS teacher_username
  FROM bookings b
  JOIN users s ON s.id = b.student_id
  JOIN users t ON t.id = b.teacher_id`;

/** Selects a booking, its participants' names and its attendance evidence. */
export const BOOKING_SELECT = `${BOOKING_COLUMNS}
         booking_attendance(b.id, b.student_id, b.teacher_id, b.end_at) AS attendance,${BOOKING_FROM}`;

/**
 * BOOKING_SELECT for lists, which do not show attendance: the evidence
 * (a costly function of the attendance and call rows) is read only for a
 * confirmed booking that has ended by `$2` (now), the one settle() needs it
 * for; other rows carry empty evidence.
 */
export const BOOKING_LIST_SELECT = `${BOOKING_COLUMNS}
         CASE WHEN b.status = 'confirmed' AND b.end_at <= $2
              THEN booking_attendance(b.id, b.student_id, b.teacher_id, b.end_at)
         END AS attendance,${BOOKING_FROM}`;

/** A row of BOOKING_SELECT. */
export type BookingRow = Omit<Booking, "student" | "teacher" | "attendance"> & {
  attendance: unknown;
  student_username: string;
  teacher_username: string;
};

/** Turns a row of BOOKING_SELECT into a Booking (as stored, not settled). */
export function toBooking(row: BookingRow): Booking {
  const { student_username, teacher_username, ...rest } = row;
  return {
    ...rest,
    // Dates from the driver or, through runAll(), from JSON.
    start_at: toDate(rest.start_at),
    end_at: toDate(rest.end_at),
    created_at: toDate(rest.created_at),
    updated_at: toDate(rest.updated_at),
    rescheduled_from: toDateOrNull(rest.rescheduled_from),
    absent_user_ids: rest.absent_user_ids ?? [],
    attendance: toEvidence(rest.attendance, row.student_id, row.teacher_id),
    student: { id: row.student_id, username: student_username },
    teacher: { id: row.teacher_id, username: teacher_username },
  };
}
