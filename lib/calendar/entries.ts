// A user's lessons as calendar entries for their feed: the facts each event
// is built from (both people's names and addresses, the invite's SEQUENCE),
// as bookingFacts() reads them for one booking.
import type { Queryable } from "@/lib/db/connection.ts";
import type { BookingFacts } from "@/lib/notifications/model.ts";
import {
  BOOKING_FACTS_SELECT,
  type FactsRow,
  toBookingFacts,
} from "@/lib/notifications/booking_facts.ts";

/** How far back the feed reaches: lessons that ended in the last 30 days. */
export const FEED_PAST_DAYS = 30;
/** The feed's upper bound on events (the soonest and most recent first). */
export const FEED_MAX_EVENTS = 500;

function toFacts(row: FactsRow): BookingFacts {
  return { ...toBookingFacts(row), reason: row.reason };
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
  const rows = await db.query<FactsRow>(
    `${BOOKING_FACTS_SELECT}
     WHERE (b.teacher_id = $1 OR b.student_id = $1)
       AND b.end_at > $2::timestamptz - make_interval(days => $3)
     ORDER BY b.start_at, b.id
     LIMIT $4`,
    [userId, now, FEED_PAST_DAYS, FEED_MAX_EVENTS],
  );
  return rows.map(toFacts);
}
