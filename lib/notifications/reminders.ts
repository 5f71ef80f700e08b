// Reminders before each lesson: 24 hours and 15 minutes before the start, to
// both participants of a confirmed booking, or to the teacher of a pending
// request (to answer it). Nothing is planned ahead: each run finds the
// reminders due now from the bookings as they are, so a cancelled booking gets
// none and a moved one gets them at its new time. A reminder is due from its
// time until the start (one missed while the app was down still goes out if
// the lesson has not started); when the 15-minute one is due, the 24-hour one
// is not. The dedupe key holds the booking, its start, the lead and the user,
// so each reminder exists at most once however many runs race.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import { bookingFacts } from "@/lib/notifications/booking_facts.ts";
import {
  type DueRunOptions,
  forEachDueBooking,
  START_KEY_SQL,
} from "@/lib/notifications/_due.ts";

interface DueReminder {
  id: string;
  minutes_before: number;
  /** `reminder:<booking>:<start>:<24h|15m>`; the recipient's id completes it. */
  key_prefix: string;
  recipients: string[];
}

// The reminder due at $1 for each active booking starting within 24 hours:
// the 15-minute one from 15 minutes before the start, else the 24-hour one.
const DUE_REMINDERS = `
  SELECT b.id, l.minutes_before,
         'reminder:' || b.id || ':' || ${START_KEY_SQL} || ':' ||
           CASE l.minutes_before WHEN 15 THEN '15m' ELSE '24h' END AS key_prefix,
         CASE WHEN b.status = 'confirmed' THEN ARRAY[b.teacher_id, b.student_id]
              ELSE ARRAY[b.teacher_id] END AS recipients
    FROM bookings b
    CROSS JOIN LATERAL (
      SELECT CASE WHEN b.start_at <= $1::timestamptz + interval '15 minutes'
                  THEN 15 ELSE 1440 END AS minutes_before
    ) l
   WHERE b.status IN ('pending', 'confirmed')
     AND b.start_at > $1::timestamptz
     AND b.start_at <= $1::timestamptz + interval '24 hours'`;

// Bookings with a due reminder not yet written for one of its recipients.
const CANDIDATES = `
  SELECT DISTINCT d.id FROM (${DUE_REMINDERS} AND b.id > $2::uuid) d
   CROSS JOIN LATERAL unnest(d.recipients) AS r(user_id)
   WHERE NOT EXISTS (
     SELECT 1 FROM notifications n
      WHERE n.dedupe_key = d.key_prefix || ':' || r.user_id
   )
   ORDER BY d.id LIMIT $3`;

/**
 * Writes every reminder due at `now` (a `reminder` notification per
 * recipient, with `minutes_before` 1440 or 15 in its facts), one transaction
 * per booking that re-reads the booking under a share lock, so a booking
 * cancelled or moved meanwhile gets nothing for its old state. Returns how
 * many notifications it wrote. The `notifications.reminders` job.
 */
export function sendDueReminders(
  db: Database,
  options: DueRunOptions = {},
): Promise<number> {
  return forEachDueBooking(db, options, CANDIDATES, remindBooking);
}

async function remindBooking(
  tx: Queryable,
  id: string,
  now: Date,
): Promise<number> {
  const [due] = await tx.query<DueReminder>(
    `${DUE_REMINDERS} AND b.id = $2 FOR SHARE OF b`,
    [now, id],
  );
  if (!due) return 0; // cancelled, moved away or started since it was found
  const facts = await bookingFacts(tx, id, {
    minutes_before: due.minutes_before,
  });
  let written = 0;
  for (const userId of due.recipients) {
    const created = await enqueueNotification(tx, {
      userId,
      kind: "reminder",
      bookingId: id,
      facts,
      dedupeKey: `${due.key_prefix}:${userId}`,
    });
    if (created) written++;
  }
  return written;
}
