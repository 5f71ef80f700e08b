import assert from "node:assert/strict";
import { openTestDatabase } from "@/tests/_db.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { ConflictError } from "@/lib/errors.ts";
import { ENGINE, rejectsWith } from "@/lib/bookings/_testing.ts";
import {
  listRatings,
  rateBooking,
  ratingEditableUntil,
  summarizeRatings,
} from "@/lib/ratings/store.ts";

const DAY = 24 * 3600_000;

Deno.test(`rateBooking() (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    const teacher = await createTestUser(db, { role: "teacher" });
    const student = await createTestUser(db, { role: "student" });
    const lesson = await createTestBooking(db, {
      teacher,
      student,
      status: "completed",
      startInMinutes: -3 * 24 * 60,
    });

    await t.step("first ratings at once make one rating", async () => {
      // Several rounds of ten at once, each on a fresh lesson.
      for (let round = 0; round < 5; round++) {
        const fresh = await createTestBooking(db, {
          teacher,
          student,
          status: "completed",
          startInMinutes: -(30 + round) * 24 * 60,
        });
        const results = await Promise.all(
          Array.from(
            { length: 10 },
            (_, i) =>
              rateBooking(db, student, fresh.id, {
                stars: 1 + (i % 5),
                comment: null,
              }),
          ),
        );
        assert.equal(
          results.filter((r) => r.created).length,
          1,
          "one created it, the others changed it",
        );
        await db.query("DELETE FROM booking_ratings WHERE booking_id = $1", [
          fresh.id,
        ]);
      }
      await rateBooking(db, student, lesson.id, { stars: 4, comment: null });
    });

    await t.step(
      "the 7 days run from the first rating, not the last change",
      async () => {
        const { rating } = await rateBooking(db, student, lesson.id, {
          stars: 3,
          comment: null,
        });
        const until = ratingEditableUntil(rating);
        const justBefore = new Date(until.getTime() - 1000);
        const changed = await rateBooking(db, student, lesson.id, {
          stars: 5,
          comment: null,
        }, justBefore);
        assert.equal(changed.rating.stars, 5);
        assert.equal(
          ratingEditableUntil(changed.rating).getTime(),
          until.getTime(),
        );
        await rejectsWith(
          rateBooking(
            db,
            student,
            lesson.id,
            { stars: 1, comment: null },
            new Date(until.getTime() + DAY),
          ),
          ConflictError,
          /only be changed for 7 days/,
        );
      },
    );

    await t.step("the summary rounds the average to one decimal", async () => {
      for (const [i, stars] of [4, 4].entries()) {
        const b = await createTestBooking(db, {
          teacher,
          student,
          status: "completed",
          startInMinutes: -(10 + i) * 24 * 60,
        });
        await rateBooking(db, student, b.id, { stars, comment: null });
      }
      // 5 + 4 + 4 = 13 / 3 = 4.33…
      assert.deepEqual(await summarizeRatings(db, teacher), {
        count: 3,
        average: 4.3,
      });
      const page = await listRatings(db, teacher, { limit: 2 });
      assert.equal(page.items.length, 2);
      assert.ok(page.next);
    });
  } finally {
    await close();
  }
});
