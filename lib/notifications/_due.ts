// What the reminder and nudge jobs share: walking the bookings that have a
// message due in small batches, each booking in a transaction of its own.
import type { Database, Queryable } from "@/lib/db/connection.ts";

/**
 * SQL for the start of booking `b` in a dedupe key: ISO 8601 in UTC to the
 * microsecond, so a booking moved to another time gets new keys.
 */
export const START_KEY_SQL =
  `to_char(b.start_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** How a job run goes through its due bookings. */
export interface DueRunOptions {
  /** The moment the run judges what is due (default: now). */
  now?: Date;
  /** Aborted when the scheduler stops: the run ends after the booking at hand. */
  signal?: AbortSignal;
  /** Bookings per candidate query (default 100). */
  batchSize?: number;
}

const LOWEST_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * Runs `candidates` (SQL selecting the `id`s of bookings with something due
 * at $1, after id $2, in id order, at most $3) batch after batch, so every
 * candidate is seen once per run, and `write` for each in its own
 * transaction. Returns the sum of what `write` returned (the notifications
 * written).
 */
export async function forEachDueBooking(
  db: Database,
  options: DueRunOptions,
  candidates: string,
  write: (tx: Queryable, id: string, now: Date) => Promise<number>,
): Promise<number> {
  const now = options.now ?? new Date();
  const limit = options.batchSize ?? 100;
  let after = LOWEST_UUID;
  let written = 0;
  while (!options.signal?.aborted) {
    const ids = (await db.query<{ id: string }>(candidates, [
      now,
      after,
      limit,
    ])).map((row) => row.id);
    for (const id of ids) {
      if (options.signal?.aborted) break;
      written += await db.transaction((tx) => write(tx, id, now));
    }
    if (ids.length < limit) break;
    after = ids[ids.length - 1];
  }
  return written;
}
