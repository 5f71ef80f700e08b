// "X is waiting for you": when one participant has been in the call room for
// 2 minutes after the start and the other is not there, the absent one gets
// one nudge (`peer_waiting`, in-app and by e-mail) linking to the booking.
// Presence comes from the attendance visits (lib/bookings/attendance.ts): the
// waiting one has a visit still open that began 2 minutes ago or earlier; the
// absent one has no open visit and none that ended in the last 2 minutes (a
// reconnect is not an absence). One nudge per booking, start and absent user,
// by its dedupe key.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import { bookingFacts } from "@/lib/notifications/booking_facts.ts";
import {
  type DueRunOptions,
  forEachDueBooking,
  START_KEY_SQL,
} from "@/lib/notifications/_due.ts";

/** Minutes one participant waits in the room before the other is nudged. */
export const PEER_WAIT_MINUTES = 2;

interface DueNudge {
  id: string;
  waiting_id: string;
  absent_id: string;
  dedupe_key: string;
}

// Who should be nudged at $1: for each active booking in progress for 2
// minutes or more, each (waiting, absent) pair of its participants.
const DUE_NUDGES = `
  SELECT b.id, p.waiting_id, p.absent_id, k.dedupe_key
    FROM bookings b
    CROSS JOIN LATERAL (
      VALUES (b.teacher_id, b.student_id), (b.student_id, b.teacher_id)
    ) AS p (waiting_id, absent_id)
    CROSS JOIN LATERAL (
      SELECT 'peer_waiting:' || b.id || ':' || ${START_KEY_SQL} || ':' ||
             p.absent_id AS dedupe_key
    ) k
   WHERE b.status IN ('pending', 'confirmed')
     AND b.start_at <= $1::timestamptz - make_interval(mins => ${PEER_WAIT_MINUTES})
     AND b.end_at > $1::timestamptz
     AND EXISTS (
       SELECT 1 FROM attendance a
        WHERE a.booking_id = b.id AND a.user_id = p.waiting_id
          AND a.left_at IS NULL
          AND a.joined_at <= $1::timestamptz - make_interval(mins => ${PEER_WAIT_MINUTES})
     )
     AND NOT EXISTS (
       SELECT 1 FROM attendance a
        WHERE a.booking_id = b.id AND a.user_id = p.absent_id
          AND a.joined_at <= $1::timestamptz
          AND (a.left_at IS NULL OR
               a.left_at > $1::timestamptz - make_interval(mins => ${PEER_WAIT_MINUTES}))
     )`;

const CANDIDATES = `
  SELECT DISTINCT d.id FROM (${DUE_NUDGES} AND b.id > $2::uuid) d
   WHERE NOT EXISTS (
     SELECT 1 FROM notifications n WHERE n.dedupe_key = d.dedupe_key
   )
   ORDER BY d.id LIMIT $3`;

/**
 * Writes the `peer_waiting` nudges due at `now`, one transaction per booking
 * that re-reads it under a share lock (facts' `actor_id` is the one waiting).
 * Returns how many it wrote. The `notifications.peer_waiting` job.
 */
export function sendPeerWaitingNudges(
  db: Database,
  options: DueRunOptions = {},
): Promise<number> {
  return forEachDueBooking(db, options, CANDIDATES, nudgeBooking);
}

async function nudgeBooking(
  tx: Queryable,
  id: string,
  now: Date,
): Promise<number> {
  const due = await tx.query<DueNudge>(
    `${DUE_NUDGES} AND b.id = $2 FOR SHARE OF b`,
    [now, id],
  );
  let written = 0;
  for (const nudge of due) {
    const facts = await bookingFacts(tx, id, { actor_id: nudge.waiting_id });
    const created = await enqueueNotification(tx, {
      userId: nudge.absent_id,
      kind: "peer_waiting",
      bookingId: id,
      facts,
      dedupeKey: nudge.dedupe_key,
    });
    if (created) written++;
  }
  return written;
}
