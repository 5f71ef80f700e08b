import assert from "node:assert/strict";
import {
  listWhiteboardOps,
  pageBytes,
  saveWhiteboardOps,
} from "@/lib/whiteboard/store.ts";
import { MAX_PAGE_BYTES, type Op } from "@/lib/whiteboard/ops.ts";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";
import { PayloadTooLargeError } from "@/lib/errors.ts";

const pen = (id: string, t: number, p = 0, n = 2): Op => ({
  id,
  t,
  p,
  k: "pen",
  c: 0,
  w: 4,
  pts: Array.from({ length: n * 2 }, (_, i) => (i * 7) % 1000),
});

Deno.test(`whiteboard store (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
    const booking = await createTestBooking(db, {
      teacher: await teacher(),
      student: await student(),
      startInMinutes: -5,
    });
    const other = await createTestBooking(db, {
      teacher: await teacher(),
      student: await student(),
      startInMinutes: -5,
    });

    await t.step("an unsaved booking has no ops", async () => {
      assert.deepEqual(await listWhiteboardOps(db, booking.id), []);
    });

    await t.step(
      "saves merge by op id across pages, from either participant",
      async () => {
        assert.deepEqual(
          await saveWhiteboardOps(db, booking.id, [
            pen("a-1", 1),
            pen("a-2", 3, 1),
          ]),
          { added: 2 },
        );
        // The other side saves what it received too, and one op of its own.
        assert.deepEqual(
          await saveWhiteboardOps(db, booking.id, [
            pen("a-1", 1),
            pen("b-1", 2),
          ]),
          { added: 1 },
        );
        assert.deepEqual(
          (await listWhiteboardOps(db, booking.id)).map((o) => o.id),
          ["a-1", "b-1", "a-2"],
        );
        assert.deepEqual(await listWhiteboardOps(db, other.id), []);
      },
    );

    await t.step("concurrent saves of one new page lose nothing", async () => {
      await Promise.all(
        Array.from(
          { length: 6 },
          (_, i) => saveWhiteboardOps(db, booking.id, [pen(`c-${i}`, 10, 2)]),
        ),
      );
      const page2 = (await listWhiteboardOps(db, booking.id)).filter((o) =>
        o.p === 2
      );
      assert.equal(page2.length, 6);
    });

    await t.step(
      "a page past its size limit is refused whole, the rest kept",
      async () => {
        const big = Array.from(
          { length: 30 },
          (_, i) => pen(`z-${i}`, 20, 3, 1000),
        );
        assert.ok(pageBytes(big) > MAX_PAGE_BYTES);
        const before = await listWhiteboardOps(db, booking.id);
        await rejectsWith(
          saveWhiteboardOps(db, booking.id, [pen("ok-1", 30, 0), ...big]),
          PayloadTooLargeError,
          /larger than/,
        );
        assert.deepEqual(await listWhiteboardOps(db, booking.id), before);
        const [row] = await db.query<{ bytes: number }>(
          "SELECT max(bytes) AS bytes FROM whiteboard_pages WHERE booking_id = $1",
          [booking.id],
        );
        assert.ok(Number(row.bytes) <= MAX_PAGE_BYTES);
      },
    );

    await t.step("the table refuses a page number past the last", async () => {
      await assert.rejects(db.query(
        `INSERT INTO whiteboard_pages (booking_id, page, ops, bytes)
         VALUES ($1, 10, '[]', 2)`,
        [booking.id],
      ));
    });
  } finally {
    await close();
  }
});
