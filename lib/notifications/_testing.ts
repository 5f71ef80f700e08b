// Helpers for the notifications tests: a teacher, a student and a booking
// between them, and what was written about a booking.
import type { Database } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import type { BookingStatus } from "@/lib/bookings/model.ts";
import type { BookingFacts } from "@/lib/notifications/model.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";

/** A new teacher and student with a booking between them (confirmed, in a day). */
export async function lesson(
  db: Database,
  options: { status?: BookingStatus } = {},
): Promise<
  {
    teacher: User;
    student: User;
    booking: { id: string; start_at: Date; end_at: Date };
  }
> {
  const teacher = await createTestUser(db, { role: "teacher" });
  const student = await createTestUser(db, { role: "student" });
  const booking = await createTestBooking(db, {
    teacher,
    student,
    status: options.status,
  });
  return { teacher, student, booking };
}

/** A notification as stored, for assertions. */
export interface Written {
  user_id: string;
  kind: string;
  facts: BookingFacts;
  email_status: string;
}

/** Every notification about a booking, in the order written. */
export function notificationsOf(
  db: Database,
  bookingId: string,
): Promise<Written[]> {
  return db.query<Written>(
    `SELECT user_id, kind, facts, email_status FROM notifications
      WHERE booking_id = $1 ORDER BY created_at, kind`,
    [bookingId],
  );
}
