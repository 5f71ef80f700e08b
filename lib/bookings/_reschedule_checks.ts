// The teacher's side of a reschedule proposal: any future time free of both
// participants' other active bookings (the teacher's with their buffers).
// The constraints check again when the proposal is accepted.
import type { Queryable } from "@/lib/db/connection.ts";
import { ConflictError, msg } from "@/lib/errors.ts";
import type { Booking } from "@/lib/bookings/model.ts";

/**
 * Refuses a new time for `booking` that overlaps another active booking of
 * its teacher (buffers included) or of its student.
 * @throws {ConflictError} with the reason
 */
export async function checkTeacherTime(
  tx: Queryable,
  booking: Booking,
  startAt: Date,
  endAt: Date,
): Promise<void> {
  const [row] = await tx.query<{ teacher: boolean; student: boolean }>(
    `SELECT
       EXISTS (
         SELECT 1 FROM bookings o, bookings b
         WHERE b.id = $1 AND o.teacher_id = b.teacher_id AND o.id <> b.id
           AND o.status IN ('pending', 'confirmed')
           AND tstzrange(o.blocked_from, o.blocked_until, '[)') &&
               tstzrange($2::timestamptz - make_interval(mins => b.buffer_before_minutes),
                         $3::timestamptz + make_interval(mins => b.buffer_after_minutes), '[)')
       ) AS teacher,
       EXISTS (
         SELECT 1 FROM bookings o, bookings b
         WHERE b.id = $1 AND o.student_id = b.student_id AND o.id <> b.id
           AND o.status IN ('pending', 'confirmed')
           AND tstzrange(o.start_at, o.end_at, '[)') && tstzrange($2, $3, '[)')
       ) AS student`,
    [booking.id, startAt, endAt],
  );
  if (row.teacher) {
    throw new ConflictError(
      msg("error.reschedule.because", { why: msg("error.why.youBusy") }),
    );
  }
  if (row.student) {
    throw new ConflictError(
      msg("error.reschedule.because", { why: msg("error.why.studentBusy") }),
    );
  }
}
