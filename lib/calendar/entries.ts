// A user's lessons as calendar entries for their feed: the facts each event
// is built from (both people's names and addresses, the invite's SEQUENCE),
// as bookingFacts() reads them for one booking.
import type { Queryable } from "@/lib/db/connection.ts";
import type { BookingFacts } from "@/lib/notifications/model.ts";

/** How far back the feed reaches: lessons that ended in the last 30 days. */
export const FEED_PAST_DAYS = 30;
/** The feed's upper bound on events (the soonest and most recent first). */
export const FEED_MAX_EVENTS = 500;

const ENTRY_SELECT = `
  SELECT b.id AS booking_id, b.start_at, b.end_at, b.status,
         b.ics_sequence AS sequence, b.cancel_reason AS reason,
         t.id AS teacher_id, t.username AS teacher_name, t.email AS teacher_email,
         s.id AS student_id, s.username AS student_name, s.email AS student_email
  FROM bookings b
  JOIN users t ON t.id = b.teacher_id
  JOIN users s ON s.id = b.student_id`;

interface EntryRow {
  booking_id: string;
  start_at: Date;
  end_at: Date;
  status: string;
  sequence: number;
  reason: string | null;
  teacher_id: string;
  teacher_name: string;
  teacher_email: string;
  student_id: string;
  student_name: string;
  student_email: string;
}

function toFacts(row: EntryRow): BookingFacts {
  return {
    booking_id: row.booking_id,
    start_at: new Date(row.start_at).toISOString(),
    end_at: new Date(row.end_at).toISOString(),
    status: row.status,
    sequence: Number(row.sequence),
    reason: row.reason,
    teacher: {
      id: row.teacher_id,
      name: row.teacher_name,
      email: row.teacher_email,
    },
    student: {
      id: row.student_id,
      name: row.student_name,
      email: row.student_email,
    },
  };
}

/**
 * The user's lessons for their feed, as student or teacher: every one not yet
 * ended and those that ended in the last FEED_PAST_DAYS days, cancelled ones
 * included (a subscribed calendar then removes them), earliest first, at most
 * FEED_MAX_EVENTS of them.
 */
export async function listFeedEntries(
  db: Queryable,
  userId: string,
  now: Date = new Date(),
): Promise<BookingFacts[]> {
  const rows = await db.query<EntryRow>(
    `${ENTRY_SELECT}
     WHERE (b.teacher_id = $1 OR b.student_id = $1)
       AND b.end_at > $2::timestamptz - make_interval(days => $3)
     ORDER BY b.start_at, b.id
     LIMIT $4`,
    [userId, now, FEED_PAST_DAYS, FEED_MAX_EVENTS],
  );
  return rows.map(toFacts);
}
