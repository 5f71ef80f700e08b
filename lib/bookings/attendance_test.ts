import assert from "node:assert/strict";
import { getBooking } from "@/lib/bookings/queries.ts";
import {
  recordJoin,
  recordLeave,
  settle,
  sweepFinishedBookings,
} from "@/lib/bookings/attendance.ts";
import type { Booking } from "@/lib/bookings/model.ts";
import { ENGINE, fixtures } from "@/lib/bookings/_testing.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";

Deno.test(`attendance (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student, status } = fixtures(db);
  try {
    await t.step(
      "sweepFinishedBookings() completes a booking both joined and records no-shows",
      async () => {
        const ada = await teacher();
        const students = [await student(), await student(), await student()];
        const [both, teacherOnly, nobody] = await Promise.all(
          students.map((s, i) =>
            createTestBooking(db, {
              teacher: ada,
              student: s,
              status: "confirmed",
              startInMinutes: -300 + i * 70,
              minutes: 60,
            })
          ),
        );
        const running = await createTestBooking(db, {
          teacher: ada,
          student: students[0],
          status: "confirmed",
          startInMinutes: -20,
          minutes: 60,
        });
        await recordJoin(db, both.id, ada.id);
        await recordJoin(db, both.id, students[0].id);
        await recordJoin(db, teacherOnly.id, ada.id);
        await recordJoin(db, running.id, ada.id);

        const settled = await sweepFinishedBookings(db);
        assert.ok(settled >= 3, `settled ${settled}`);

        const rows = await db.query<
          { id: string; status: string; absent_user_ids: string[] }
        >(
          "SELECT id, status, absent_user_ids FROM bookings WHERE id = ANY($1::uuid[])",
          [[both.id, teacherOnly.id, nobody.id, running.id]],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        assert.equal(byId.get(both.id)?.status, "completed");
        assert.deepEqual(byId.get(both.id)?.absent_user_ids, []);
        assert.equal(byId.get(teacherOnly.id)?.status, "no_show");
        assert.deepEqual(byId.get(teacherOnly.id)?.absent_user_ids, [
          students[1].id,
        ]);
        assert.equal(byId.get(nobody.id)?.status, "no_show");
        assert.deepEqual(
          [...(byId.get(nobody.id)?.absent_user_ids ?? [])].sort(),
          [students[2].id, ada.id].sort(),
        );
        assert.equal(byId.get(running.id)?.status, "confirmed");
      },
    );

    await t.step(
      "sweepFinishedBookings() is idempotent and leaves cancelled bookings alone",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const cancelled = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "cancelled",
          startInMinutes: -200,
        });
        const finished = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: -100,
        });
        await sweepFinishedBookings(db);
        const [before] = await db.query<{ status: string; updated_at: Date }>(
          "SELECT status, updated_at FROM bookings WHERE id = $1",
          [finished.id],
        );
        assert.equal(before.status, "no_show");
        assert.equal(await sweepFinishedBookings(db), 0);
        const [after] = await db.query<{ status: string; updated_at: Date }>(
          "SELECT status, updated_at FROM bookings WHERE id = $1",
          [finished.id],
        );
        assert.equal(after.status, "no_show");
        assert.equal(after.updated_at.getTime(), before.updated_at.getTime());
        assert.equal(await status(cancelled.id), "cancelled");
      },
    );

    await t.step(
      "recordJoin() and recordLeave() keep one row per visit",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -5,
        });
        const rows = () =>
          db.query<
            { user_id: string; joined_at: Date; left_at: Date | null }
          >(
            "SELECT user_id, joined_at, left_at FROM attendance WHERE booking_id = $1 ORDER BY joined_at",
            [b.id],
          );

        const bobVisit = await recordJoin(db, b.id, bob.id);
        await recordJoin(db, b.id, ada.id);
        assert.deepEqual((await rows()).map((r) => r.left_at), [null, null]);

        await recordLeave(db, bobVisit);
        let now = await rows();
        const bobRow = now.find((r) => r.user_id === bob.id)!;
        assert.ok(bobRow.left_at instanceof Date);
        assert.ok(bobRow.left_at >= bobRow.joined_at);
        assert.equal(now.find((r) => r.user_id === ada.id)!.left_at, null);

        // Leaving twice changes nothing; a second visit is a second row.
        await recordLeave(db, bobVisit);
        now = await rows();
        assert.equal(
          now.find((r) => r.user_id === bob.id)!.left_at?.getTime(),
          bobRow.left_at.getTime(),
        );
        await recordJoin(db, b.id, bob.id);
        now = await rows();
        assert.equal(now.filter((r) => r.user_id === bob.id).length, 2);
        assert.equal(
          now.filter((r) => r.user_id === bob.id && r.left_at === null).length,
          1,
        );
      },
    );

    // --------------------------------------------- database-level guards

    await t.step(
      "settle() shows a finished booking as the sweep will settle it, and leaves others alone",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const both = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -300,
        });
        const teacherOnly = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -200,
        });
        // A request nobody answered never settles: it expires instead.
        const unanswered = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: -400,
        });
        await recordJoin(db, unanswered.id, ada.id);
        await recordJoin(db, unanswered.id, bob.id);
        const nobody = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -100,
        });
        const running = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -30,
        });
        await recordJoin(db, both.id, ada.id);
        await recordJoin(db, both.id, bob.id);
        await recordJoin(db, both.id, bob.id);
        await recordJoin(db, teacherOnly.id, ada.id);
        const now = new Date();
        const read = async (id: string) => (await getBooking(db, id, now))!;
        const shown = await Promise.all(
          [both, teacherOnly, nobody, running].map((b) => read(b.id)),
        );
        const view = (b: Booking) => [b.status, [...b.absent_user_ids].sort()];
        assert.deepEqual(shown.map(view), [
          ["completed", []],
          ["no_show", [bob.id]],
          ["no_show", [ada.id, bob.id].sort()],
          ["confirmed", []],
        ]);
        // A pure function: the same booking at its end and before it.
        const stored = shown[3];
        assert.equal(
          settle(stored, new Date(running.end_at.getTime() - 1)),
          stored,
        );
        assert.equal(settle(stored, running.end_at).status, "no_show");

        await sweepFinishedBookings(db, now);
        const swept = await Promise.all(
          [both, teacherOnly, nobody, running].map((b) => read(b.id)),
        );
        assert.deepEqual(swept.map(view), shown.map(view));
        for (const b of [both, teacherOnly, nobody]) {
          assert.notEqual(await status(b.id), "confirmed");
          assert.notEqual(await status(b.id), "pending");
        }
        assert.equal((await read(unanswered.id)).status, "pending");
        assert.equal(await status(unanswered.id), "pending");
      },
    );
  } finally {
    await close();
  }
});
