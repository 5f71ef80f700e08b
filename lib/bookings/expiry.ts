// Expiry, the scheduler's side of the lifecycle: a pending request nobody
// answered is declined automatically after the teacher's request_expiry_hours
// or at its start, whichever comes first (both participants are told), and a
// reschedule proposal nobody answered expires at the earlier of the two
// starts. Each expiry is one transaction with its history event and
// notifications; the booking's row lock orders it against a confirm,
// decline, cancel or accept racing it, and the loser sees the winner's work.
import type { Database } from "@/lib/db/connection.ts";
import { recordEvent } from "@/lib/bookings/history.ts";
import { notify } from "@/lib/bookings/notify.ts";
import { emitBookingCancelled } from "@/lib/bookings/events.ts";
import { loadForChange, markCancelled } from "@/lib/bookings/lifecycle.ts";

/** The reason stored on an expired request (shown on the booking page). */
export const EXPIRED_REASON =
  "The request expired before the teacher answered it";

// How many of each a run handles at most; the next run takes the rest.
const BATCH = 200;

/** What one run of expireDue() did. */
export interface ExpiryCounts {
  requests: number;
  proposals: number;
}

/**
 * Declines every pending request that is due, and expires every open
 * reschedule proposal that is due, as of `now`: the periodic job (it is
 * called with a clock in tests).
 */
export async function expireDue(
  db: Database,
  now = new Date(),
): Promise<ExpiryCounts> {
  return {
    requests: await expireRequests(db, now),
    proposals: await expireProposals(db, now),
  };
}

// The due condition, on `b` and the teacher's schedule `s` (24 h by default).
const REQUEST_DUE = `b.status = 'pending' AND (
  b.start_at <= $1
  OR b.created_at + make_interval(hours => coalesce(s.request_expiry_hours, 24)) <= $1
)`;

async function expireRequests(db: Database, now: Date): Promise<number> {
  const due = await db.query<{ id: string }>(
    `SELECT b.id FROM bookings b
     LEFT JOIN teacher_schedules s ON s.teacher_id = b.teacher_id
     WHERE ${REQUEST_DUE}
     ORDER BY b.start_at LIMIT ${BATCH}`,
    [now],
  );
  let count = 0;
  for (const { id } of due) {
    const expired = await db.transaction(async (tx) => {
      const booking = await loadForChange(tx, id);
      // Re-checked under the lock: a confirm or cancel may have come first.
      const [still] = await tx.query<{ hours: number }>(
        `SELECT coalesce(s.request_expiry_hours, 24) AS hours FROM bookings b
         LEFT JOIN teacher_schedules s ON s.teacher_id = b.teacher_id
         WHERE b.id = $2 AND ${REQUEST_DUE}`,
        [now, id],
      );
      if (!still) return false;
      await markCancelled(tx, id, EXPIRED_REASON, booking.teacher_id);
      await recordEvent(tx, {
        booking_id: id,
        actor_id: null,
        kind: "expired",
        from_status: "pending",
        to_status: "cancelled",
        details: {
          reason: EXPIRED_REASON,
          at_start: booking.start_at <= now,
          request_expiry_hours: Number(still.hours),
        },
      });
      await notify(tx, id, { actor_id: null }, [
        [booking.student_id, "booking_expired"],
        [booking.teacher_id, "booking_expired"],
      ]);
      return true;
    });
    if (expired) {
      count++;
      emitBookingCancelled(id);
    }
  }
  return count;
}

async function expireProposals(db: Database, now: Date): Promise<number> {
  const due = await db.query<{ id: string; booking_id: string }>(
    `SELECT id, booking_id FROM reschedule_proposals
     WHERE status = 'open' AND expires_at <= $1
     ORDER BY expires_at LIMIT ${BATCH}`,
    [now],
  );
  let count = 0;
  for (const p of due) {
    const expired = await db.transaction(async (tx) => {
      // The booking's lock first, as every change of a booking takes it.
      const booking = await loadForChange(tx, p.booking_id);
      const rows = await tx.query<{ start_at: Date }>(
        `UPDATE reschedule_proposals
         SET status = 'expired', decided_at = $2
         WHERE id = $1 AND status = 'open' AND expires_at <= $2
         RETURNING start_at`,
        [p.id, now],
      );
      if (rows.length === 0) return false;
      await recordEvent(tx, {
        booking_id: p.booking_id,
        actor_id: null,
        kind: "reschedule_expired",
        from_status: booking.status,
        to_status: booking.status,
        details: {
          proposal_id: p.id,
          start_at: new Date(rows[0].start_at).toISOString(),
        },
      });
      return true;
    });
    if (expired) count++;
  }
  return count;
}
