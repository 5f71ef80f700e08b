// The whiteboard kept with the booking: one row per page holding the page's
// op log. Saves merge by op id, so both participants may send the same ops
// (each saves what it has not saved yet) and nothing is lost or doubled.
// Access is the caller's check (getBookingForUser).
import type { Database, Queryable } from "@/lib/db/connection.ts";
import { PayloadTooLargeError } from "@/lib/errors.ts";
import { type Read, run } from "@/lib/db/reads.ts";
import { MAX_PAGE_BYTES, type Op, OpLog } from "@/lib/whiteboard/ops.ts";

/** The JSON size of a page's ops, as measured against MAX_PAGE_BYTES. */
export function pageBytes(ops: readonly Op[]): number {
  return new TextEncoder().encode(JSON.stringify(ops)).length;
}

/**
 * Merges valid ops (whiteboard schema) into the booking's stored pages; a
 * page that would grow past MAX_PAGE_BYTES is refused whole, and the save
 * with it. Returns how many ops were new.
 * @throws {PayloadTooLargeError} when a page would pass its size limit
 */
export async function saveWhiteboardOps(
  db: Database,
  bookingId: string,
  ops: readonly Op[],
): Promise<{ added: number }> {
  const byPage = Map.groupBy(ops, (op) => op.p);
  return await db.transaction(async (tx) => {
    let added = 0;
    for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
      // The row first, then its lock: two savers of a new page queue up.
      await tx.query(
        `INSERT INTO whiteboard_pages (booking_id, page, ops, bytes)
         VALUES ($1, $2, '[]'::jsonb, 2) ON CONFLICT DO NOTHING`,
        [bookingId, page],
      );
      const [row] = await tx.query<{ ops: Op[] | string }>(
        `SELECT ops FROM whiteboard_pages
         WHERE booking_id = $1 AND page = $2 FOR UPDATE`,
        [bookingId, page],
      );
      const log = new OpLog(parseOps(row.ops));
      const fresh = log.merge(byPage.get(page)!);
      if (!fresh.length) continue;
      const merged = log.ops();
      const bytes = pageBytes(merged);
      if (bytes > MAX_PAGE_BYTES) {
        throw new PayloadTooLargeError(MAX_PAGE_BYTES);
      }
      // `::text::jsonb`: postgres.js would store the string as a jsonb string.
      await tx.query(
        `UPDATE whiteboard_pages SET ops = $3::text::jsonb, bytes = $4, updated_at = now()
         WHERE booking_id = $1 AND page = $2`,
        [bookingId, page, JSON.stringify(merged), bytes],
      );
      added += fresh.length;
    }
    return { added };
  });
}

function parseOps(value: Op[] | string): Op[] {
  return typeof value === "string" ? JSON.parse(value) : value;
}

/** The read of every stored op of a booking's whiteboard, in board order. */
export function whiteboardOpsRead(bookingId: string): Read<Op[]> {
  return {
    text: `SELECT page, ops FROM whiteboard_pages WHERE booking_id = $1`,
    params: [bookingId],
    orderBy: "page",
    decode: (rows) =>
      new OpLog(rows.flatMap((r) => parseOps(r.ops as Op[] | string))).ops(),
  };
}

/** Every stored op of a booking's whiteboard, in board order. */
export function listWhiteboardOps(
  db: Queryable,
  bookingId: string,
): Promise<Op[]> {
  return run(db, whiteboardOpsRead(bookingId));
}
