// Helpers for tests of attendance and outcomes: visits and connected calls
// written at chosen times, as the signaling hub would have recorded them.
import type { Queryable } from "@/lib/db/connection.ts";

/** Milliseconds from the booking's start: a time inside (or around) the lesson. */
export type At = number;

/**
 * Inserts one visit of the room from `from` to `to` (null: still open) and
 * the stretches its call was connected; returns the visit's id.
 */
export async function insertVisit(
  db: Queryable,
  booking: { id: string; start_at: Date },
  userId: string,
  from: At,
  to: At | null,
  connected: [At, At | null][] = [],
): Promise<string> {
  const at = (ms: At) => new Date(booking.start_at.getTime() + ms);
  const [visit] = await db.query<{ id: string }>(
    `INSERT INTO attendance (booking_id, user_id, joined_at, left_at)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [booking.id, userId, at(from), to === null ? null : at(to)],
  );
  for (const [c, d] of connected) {
    await db.query(
      `INSERT INTO call_connections (booking_id, user_id, visit_id, connected_at, disconnected_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [booking.id, userId, visit.id, at(c), d === null ? null : at(d)],
    );
  }
  return visit.id;
}
