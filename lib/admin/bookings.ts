// The admin's list of bookings: every booking, filtered by status,
// participant and date, newest start first, in pages.
import type { Queryable } from "@/lib/db/connection.ts";
import type { BookingStatus } from "@/lib/bookings/model.ts";
import { type Cursor, type Page, toPage } from "@/lib/bookings/cursor.ts";
import { likePattern } from "@/lib/admin/users.ts";

/** A booking row of the admin list. */
export interface AdminBooking {
  id: string;
  start_at: Date;
  end_at: Date;
  status: BookingStatus;
  teacher_id: string;
  teacher_email: string;
  student_id: string;
  student_email: string;
}

/** What the admin list can be narrowed to. */
export interface AdminBookingFilter {
  status?: BookingStatus;
  /** The teacher's id, or text their e-mail or name contains. */
  teacher?: string;
  /** The student's id, or text their e-mail or name contains. */
  student?: string;
  /** First day (YYYY-MM-DD) of the starts shown, in `timeZone`. */
  from?: string;
  /** Last day (YYYY-MM-DD, inclusive) of the starts shown, in `timeZone`. */
  to?: string;
  /** The zone the days are read in (the admin's). */
  timeZone: string;
  after?: Cursor;
  limit?: number;
}

/** Rows per page of the booking list. */
export const BOOKING_PAGE_SIZE = 25;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A participant filter as SQL parameters: an exact id, or a pattern.
function who(text: string | undefined): [string | null, string | null] {
  const t = text?.trim();
  if (!t) return [null, null];
  return UUID.test(t) ? [t, null] : [null, likePattern(t)];
}

/** One page of the bookings that match the filter, latest start first. */
export async function listBookingsForAdmin(
  db: Queryable,
  filter: AdminBookingFilter,
): Promise<Page<AdminBooking>> {
  const limit = filter.limit ?? BOOKING_PAGE_SIZE;
  const [teacherId, teacherLike] = who(filter.teacher);
  const [studentId, studentLike] = who(filter.student);
  const rows = await db.query<AdminBooking>(
    `SELECT b.id, b.start_at, b.end_at, b.status,
            b.teacher_id, t.email AS teacher_email,
            b.student_id, s.email AS student_email
       FROM bookings b
       JOIN users t ON t.id = b.teacher_id
       JOIN users s ON s.id = b.student_id
      WHERE ($1::text IS NULL OR b.status = $1)
        AND ($2::uuid IS NULL OR b.teacher_id = $2)
        AND ($3::text IS NULL OR t.email ILIKE $3 OR t.username ILIKE $3)
        AND ($4::uuid IS NULL OR b.student_id = $4)
        AND ($5::text IS NULL OR s.email ILIKE $5 OR s.username ILIKE $5)
        AND ($6::date IS NULL OR b.start_at >= ($6::date)::timestamp AT TIME ZONE $8)
        AND ($7::date IS NULL OR b.start_at < ($7::date + 1)::timestamp AT TIME ZONE $8)
        AND ($9::timestamptz IS NULL OR (b.start_at, b.id) < ($9, $10::uuid))
      ORDER BY b.start_at DESC, b.id DESC
      LIMIT $11`,
    [
      filter.status ?? null,
      teacherId,
      teacherLike,
      studentId,
      studentLike,
      filter.from ?? null,
      filter.to ?? null,
      filter.timeZone,
      filter.after?.at ?? null,
      filter.after?.id ?? null,
      limit + 1,
    ],
  );
  const items = rows.map((r) => ({
    ...r,
    start_at: r.start_at instanceof Date ? r.start_at : new Date(r.start_at),
    end_at: r.end_at instanceof Date ? r.end_at : new Date(r.end_at),
  }));
  return toPage(items, limit, (b) => ({ at: b.start_at, id: b.id }));
}
