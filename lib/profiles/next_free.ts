// Each teacher's next bookable time, kept in `teacher_next_free` for the
// discovery page's "free this week" filter and "soonest free" order. The
// `teachers.next_free` job refreshes every teacher; saving one's hours
// refreshes that teacher at once. Reads only read the column.
import type { Queryable } from "@/lib/db/connection.ts";
import {
  type Availability,
  computeBookableTimes,
} from "@/lib/availability/compute.ts";
import { loadAvailability } from "@/lib/availability/bookable.ts";
import { NotFoundError } from "@/lib/errors.ts";

const DAY = 86_400_000;

/** How far ahead the next free time is looked for. */
export const NEXT_FREE_SCAN_DAYS = 56;

/**
 * The earliest time any lesson length (or one-off slot) can be booked in
 * [now, now + scanDays), looked for a week at a time; null when none.
 */
export function nextFreeStart(
  availability: Availability,
  now: Date,
  scanDays = NEXT_FREE_SCAN_DAYS,
): Date | null {
  const lengths = new Set(availability.rules.lesson_lengths);
  for (const slot of availability.slots) {
    lengths.add(Math.round((+slot.end_at - +slot.start_at) / 60_000));
  }
  const end = now.getTime() + scanDays * DAY;
  for (let from = now.getTime(); from < end; from += 7 * DAY) {
    const to = Math.min(from + 7 * DAY, end);
    let best: Date | null = null;
    for (const lengthMinutes of lengths) {
      const [first] = computeBookableTimes(availability, {
        from: new Date(from),
        to: new Date(to),
        lengthMinutes,
      }, now);
      if (first && (!best || first.start_at < best)) best = first.start_at;
    }
    if (best) return best;
  }
  return null;
}

/**
 * Recomputes the next free time of the given teachers (all active teachers
 * when none are given); returns how many were refreshed. A teacher removed
 * meanwhile is skipped.
 */
export async function refreshNextFree(
  db: Queryable,
  now = new Date(),
  teacherIds?: string[],
): Promise<number> {
  const ids = teacherIds ?? (await db.query<{ id: string }>(
    `SELECT id FROM users WHERE role = 'teacher' AND disabled_at IS NULL`,
  )).map((r) => r.id);
  const to = new Date(now.getTime() + NEXT_FREE_SCAN_DAYS * DAY);
  let refreshed = 0;
  for (const id of ids) {
    let next: Date | null;
    try {
      next = nextFreeStart(await loadAvailability(db, id, now, to), now);
    } catch (err) {
      if (err instanceof NotFoundError) continue;
      throw err;
    }
    await db.query(
      `INSERT INTO teacher_next_free (teacher_id, next_free_at, computed_at)
       VALUES ($1, $2, $3)
       ON CONFLICT (teacher_id) DO UPDATE
         SET next_free_at = excluded.next_free_at,
             computed_at = excluded.computed_at`,
      [id, next, now],
    );
    refreshed++;
  }
  return refreshed;
}
