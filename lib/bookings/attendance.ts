// Who came to a lesson and whose call connected, and how a finished
// booking settles (the rules are outcomeOf() in evidence.ts): `completed`,
// `no_show` with the absent side, or `technical_failure`. The periodic sweep
// writes the outcome with its history event; reads show it before then with
// settle(), without a write. Only a confirmed booking settles: a pending
// request expires instead (lib/bookings/expiry.ts).
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { Booking } from "@/lib/bookings/model.ts";
import {
  BOOKING_SELECT,
  type BookingRow,
  toBooking,
} from "@/lib/bookings/_rows.ts";
import { outcomeOf } from "@/lib/bookings/evidence.ts";
import { recordEvent } from "@/lib/bookings/history.ts";
import { logError } from "@/lib/log.ts";

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

/**
 * Records the end of one visit and of its connected call, if any (leaving
 * twice changes nothing).
 */
export async function recordLeave(
  db: Queryable,
  visitId: string,
): Promise<void> {
  await db.query(
    `WITH calls AS (
       UPDATE call_connections SET disconnected_at = greatest(now(), connected_at)
       WHERE visit_id = $1 AND disconnected_at IS NULL
     )
     UPDATE attendance SET left_at = greatest(now(), joined_at)
     WHERE id = $1 AND left_at IS NULL`,
    [visitId],
  );
}

/**
 * Records that the call of an open visit connected (`media:connected`);
 * while one connection of the visit is open, another changes nothing.
 */
export async function recordConnected(
  db: Queryable,
  visitId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO call_connections (booking_id, user_id, visit_id)
     SELECT booking_id, user_id, id FROM attendance
     WHERE id = $1 AND left_at IS NULL
     ON CONFLICT DO NOTHING`,
    [visitId],
  );
}

/** Records that the call of a visit disconnected (`media:disconnected`). */
export async function recordDisconnected(
  db: Queryable,
  visitId: string,
): Promise<void> {
  await db.query(
    `UPDATE call_connections SET disconnected_at = greatest(now(), connected_at)
     WHERE visit_id = $1 AND disconnected_at IS NULL`,
    [visitId],
  );
}

/** A connection's visit and its last attendance write, kept by the signaling hub. */
export interface VisitWrites {
  /** The visit's id once recordJoin() wrote it; null when that failed. */
  visit: Promise<string | null> | null;
  /** The last write of the connection: each waits for the one before. */
  writes: Promise<unknown> | null;
}

/**
 * Records that a connection's call connected or disconnected, after the
 * connection's earlier writes so they land in order; a failure is logged.
 */
export function recordCallState(
  db: Queryable,
  connection: VisitWrites,
  connected: boolean,
): void {
  const visit = connection.visit;
  connection.writes = Promise.resolve(connection.writes).then(async () => {
    const id = await visit;
    if (!id) return;
    if (connected) await recordConnected(db, id);
    else await recordDisconnected(db, id);
  }).catch((err) => logError("signal.attendance_failed", err));
}

/**
 * True for a confirmed booking that has ended. A pending request never
 * settles: it expires instead.
 */
function isUnsettled(
  booking: Pick<Booking, "status" | "end_at">,
  now: Date,
): boolean {
  return booking.status === "confirmed" && booking.end_at <= now;
}

/**
 * The booking as the sweep will settle it: an unsettled booking with the
 * outcome, absentees and actual duration its evidence gives; any other
 * booking unchanged. Pure: reads show settled bookings with this and never
 * write.
 */
export function settle(booking: Booking, now: Date): Booking {
  if (!isUnsettled(booking, now)) return booking;
  return { ...booking, ...outcomeOf(booking.attendance) };
}

/** Bookings settled per transaction; the rest wait for the next run. */
const SETTLE_BATCH = 200;

/**
 * Settles, in the caller's transaction, the finished confirmed bookings
 * (all that are due, or only `bookingId`): writes each outcome as settle()
 * shows it, with its history event. Returns how many it settled.
 */
export async function settleFinished(
  tx: Queryable,
  now: Date,
  bookingId: string | null = null,
): Promise<number> {
  const rows = await tx.query<BookingRow>(
    `${BOOKING_SELECT}
     WHERE b.status = 'confirmed' AND b.end_at <= $1
       AND ($2::uuid IS NULL OR b.id = $2::uuid)
     ORDER BY b.end_at, b.id LIMIT ${SETTLE_BATCH}
     FOR UPDATE OF b ${bookingId ? "" : "SKIP LOCKED"}`,
    [now, bookingId],
  );
  for (const row of rows) {
    const booking = toBooking(row);
    const outcome = outcomeOf(booking.attendance);
    await tx.query(
      `UPDATE bookings
       SET status = $2, absent_user_ids = $3::uuid[],
           actual_duration_seconds = $4, updated_at = now()
       WHERE id = $1`,
      [
        booking.id,
        outcome.status,
        outcome.absent_user_ids,
        outcome.actual_duration_seconds,
      ],
    );
    await recordEvent(tx, {
      booking_id: booking.id,
      actor_id: null,
      kind: outcome.status,
      from_status: "confirmed",
      to_status: outcome.status,
      details: {
        absent_user_ids: outcome.absent_user_ids,
        actual_duration_seconds: outcome.actual_duration_seconds,
        booked_duration_seconds: Math.round(
          (booking.end_at.getTime() - booking.start_at.getTime()) / 1000,
        ),
      },
    });
  }
  return rows.length;
}

/**
 * Settles every confirmed booking whose end has passed, as settle() shows
 * them: the periodic job. Returns how many it settled.
 */
export function sweepFinishedBookings(
  db: Database,
  now = new Date(),
): Promise<number> {
  return db.transaction((tx) => settleFinished(tx, now));
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
