import assert from "node:assert/strict";
import { ENGINE, fixtures } from "@/lib/bookings/_testing.ts";
import {
  listOpenSlots,
  listTeacherSlots,
} from "@/lib/bookings/availability.ts";
import type { Cursor, Page } from "@/lib/bookings/cursor.ts";
import {
  createTestBooking,
  createTestSlot,
  openTestDatabase,
} from "@/tests/_db.ts";

/** Every page of a list, as the ids on each page. */
async function walk<T extends { id: string }>(
  load: (after: Cursor | undefined) => Promise<Page<T>>,
): Promise<string[][]> {
  const pages: string[][] = [];
  let after: Cursor | undefined;
  do {
    const page = await load(after);
    pages.push(page.items.map((item) => item.id));
    after = page.next ?? undefined;
  } while (after);
  return pages;
}

Deno.test(`availability (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
    await t.step(
      "listOpenSlots() and listTeacherSlots() page a teacher's slots earliest first, each once",
      async () => {
        const ada = await teacher();
        const slots = [];
        for (let i = 0; i < 5; i++) {
          slots.push(
            (await createTestSlot(db, ada, { startInMinutes: 3000 + i * 90 }))
              .id,
          );
        }
        const booked = await createTestBooking(db, {
          teacher: ada,
          student: await student(),
          startInMinutes: 3000 + 5 * 90,
        });
        const open = await walk((after) =>
          listOpenSlots(db, { teacher_id: ada.id, after, limit: 2 })
        );
        assert.deepEqual(open, [
          slots.slice(0, 2),
          slots.slice(2, 4),
          slots.slice(4),
        ]);
        const own = await walk((after) =>
          listTeacherSlots(db, ada, new Date(), { after, limit: 4 })
        );
        assert.deepEqual(own, [slots.slice(0, 4), [
          slots[4],
          booked.slot_id,
        ]]);
      },
    );
  } finally {
    await close();
  }
});
