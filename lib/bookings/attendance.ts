// Who came to a lesson, and how a finished booking settles: `completed` when
// both participants visited the room, `no_show` otherwise. Only a confirmed
// booking settles: a pending request expires instead (lib/bookings/expiry.ts).
// The periodic sweep writes the outcome; reads show it before then with
// settle(), without a write.
import type { Queryable } from "@/lib/db/connection.ts";
import type { Booking } from "@/lib/bookings/model.ts";

/** Records that a participant entered the booking's room; returns the visit's id. */
export async function recordJoin(
  db: Queryable,
  bookingId: string,
  userId: string,
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO attendance (booking_id, user_id) VALUES ($1, $2) RETURNING id",
    [bookingId, userId],
  );
  return row.id;
}

/** Records the end of one visit (leaving it twice changes nothing). */
export async function recordLeave(
  db: Queryable,
  visitId: string,
): Promise<void> {
  await db.query(
    `UPDATE attendance SET left_at = greatest(now(), joined_at)
     WHERE id = $1 AND left_at IS NULL`,
    [visitId],
  );
}

/** True for a confirmed booking that has ended. */
function isUnsettled(
  booking: Pick<Booking, "status" | "end_at">,
  now: Date,
): boolean {
  return booking.status === "confirmed" && booking.end_at <= now;
}

/**
 * The booking as the sweep will settle it: an unsettled booking with the
 * status and absentees its visits give; any other booking unchanged. Pure:
 * reads show settled bookings with this and never write.
 */
export function settle(booking: Booking, now: Date): Booking {
  if (!isUnsettled(booking, now)) return booking;
  const absent = [booking.student_id, booking.teacher_id].filter((id) =>
    !booking.attended_user_ids.includes(id)
  );
  return {
    ...booking,
    status: absent.length === 0 ? "completed" : "no_show",
    absent_user_ids: absent,
  };
}

/**
 * Settles every booking whose end has passed, as settle() shows them: the
 * periodic job. Returns how many it settled.
 */
export async function sweepFinishedBookings(
  db: Queryable,
  now = new Date(),
): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `UPDATE bookings b
     SET status = CASE WHEN cardinality(s.absent) = 0 THEN 'completed' ELSE 'no_show' END,
         absent_user_ids = s.absent,
         updated_at = now()
     FROM (
       SELECT b2.id, ARRAY(
         SELECT p FROM unnest(ARRAY[b2.student_id, b2.teacher_id]) AS p
         WHERE NOT EXISTS (SELECT 1 FROM attendance a WHERE a.booking_id = b2.id AND a.user_id = p)
       ) AS absent
       FROM bookings b2
       WHERE b2.status = 'confirmed' AND b2.end_at <= $1
     ) s
     WHERE b.id = s.id AND b.status = 'confirmed'
     RETURNING b.id`,
    [now],
  );
  return rows.length;
}

// Whether a participant is in a booking's call room right now, from the
// visits the signaling relay records on whichever instance holds the socket.

/**
 * Visits older than this without a recorded leave are not counted: only an
 * instance that crashed leaves a visit open, and no room stays open longer.
 */
const STALE_VISIT = "12 hours";

/** True when `userId` has an open visit to the booking's room. */
export async function isInRoom(
  db: Queryable,
  bookingId: string,
  userId: string,
): Promise<boolean> {
  const rows = await db.query<{ here: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM attendance
       WHERE booking_id = $1 AND user_id = $2 AND left_at IS NULL
         AND joined_at > now() - $3::interval
     ) AS here`,
    [bookingId, userId, STALE_VISIT],
  );
  return rows[0]?.here === true;
}
