// Server side (the island never imports it): whether a participant is in a
// booking's call room right now, read from the attendance the signaling
// relay records (a visit opens with a participant's socket and closes with
// it, on whichever instance holds it). Read-only.
import type { Queryable } from "@/lib/db/connection.ts";

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
