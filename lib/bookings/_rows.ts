// The one SELECT a booking is read with, and its row mapping; only this
// folder's modules use them.
import type { Booking } from "@/lib/bookings/model.ts";
import { toEvidence } from "@/lib/bookings/evidence.ts";

/** Selects a booking, its participants' names and its attendance evidence. */
export const BOOKING_SELECT = `
  SELECT b.id, b.slot_id, b.student_id, b.teacher_id, b.start_at, b.end_at,
         b.status, b.notes, b.cancel_reason, b.cancelled_by, b.absent_user_ids,
         b.late_cancellation, b.actual_duration_seconds, b.rescheduled_from,
         booking_attendance(b.id, b.student_id, b.teacher_id, b.end_at) AS attendance,
         b.created_at, b.updated_at,
         s.username AS student_username, t.username AS teacher_username
  FROM bookings b
  JOIN users s ON s.id = b.student_id
  JOIN users t ON t.id = b.teacher_id`;

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
    absent_user_ids: rest.absent_user_ids ?? [],
    attendance: toEvidence(rest.attendance, row.student_id, row.teacher_id),
    student: { id: row.student_id, username: student_username },
    teacher: { id: row.teacher_id, username: teacher_username },
  };
}
