import assert from "node:assert/strict";
import { ENGINE, fixtures } from "@/lib/bookings/_testing.ts";
import { listBookingsForAdmin } from "@/lib/admin/bookings.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";

const DAY = 24 * 60;

Deno.test(`admin booking list (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
    const ada = await teacher();
    const eve = await teacher();
    const bob = await student();
    const cat = await student();
    // Four bookings on four days: 10, 11, 12 and 13 days from now.
    const a = await createTestBooking(db, {
      teacher: ada,
      student: bob,
      startInMinutes: 10 * DAY,
      status: "confirmed",
    });
    const b = await createTestBooking(db, {
      teacher: ada,
      student: cat,
      startInMinutes: 11 * DAY,
      status: "pending",
    });
    const c = await createTestBooking(db, {
      teacher: eve,
      student: bob,
      startInMinutes: 12 * DAY,
      status: "cancelled",
    });
    const d = await createTestBooking(db, {
      teacher: eve,
      student: cat,
      startInMinutes: 13 * DAY,
      status: "confirmed",
    });
    const ours = new Set([a.id, b.id, c.id, d.id]);
    const ids = async (filter: Record<string, string>) =>
      (await listBookingsForAdmin(db, { timeZone: "UTC", ...filter })).items
        .map((x) => x.id).filter((id) => ours.has(id));
    const day = (booking: { start_at: Date }) =>
      booking.start_at.toISOString().slice(0, 10);

    await t.step(
      "without a filter, every booking, latest start first",
      async () => {
        assert.deepEqual(await ids({}), [d.id, c.id, b.id, a.id]);
      },
    );

    await t.step("by status", async () => {
      assert.deepEqual(await ids({ status: "confirmed" }), [d.id, a.id]);
      assert.deepEqual(await ids({ status: "cancelled" }), [c.id]);
    });

    await t.step("by teacher and student, by id, e-mail or name", async () => {
      assert.deepEqual(await ids({ teacher: ada.id }), [b.id, a.id]);
      assert.deepEqual(await ids({ teacher: eve.email.toUpperCase() }), [
        d.id,
        c.id,
      ]);
      assert.deepEqual(await ids({ student: cat.username }), [d.id, b.id]);
      assert.deepEqual(await ids({ teacher: ada.email, student: bob.email }), [
        a.id,
      ]);
    });

    await t.step(
      "by date range, both days included, in the viewer's zone",
      async () => {
        assert.deepEqual(await ids({ from: day(b), to: day(c) }), [c.id, b.id]);
        assert.deepEqual(await ids({ from: day(d) }), [d.id]);
        assert.deepEqual(await ids({ to: day(a) }), [a.id]);
        // A day is read in the viewer's zone: the Kiritimati date of a start
        // (UTC+14) finds it there; the same date in UTC-12 covers other
        // instants altogether.
        const localDay = new Intl.DateTimeFormat("en-CA", {
          timeZone: "Pacific/Kiritimati",
        }).format(a.start_at);
        const inZone = async (timeZone: string) =>
          (await listBookingsForAdmin(db, {
            timeZone,
            from: localDay,
            to: localDay,
          })).items.some((x) => x.id === a.id);
        assert.equal(await inZone("Pacific/Kiritimati"), true);
        assert.equal(await inZone("Etc/GMT+12"), false);
      },
    );

    await t.step("in pages that follow one another", async () => {
      const first = await listBookingsForAdmin(db, {
        timeZone: "UTC",
        teacher: ada.id,
        limit: 1,
      });
      assert.deepEqual(first.items.map((x) => x.id), [b.id]);
      const second = await listBookingsForAdmin(db, {
        timeZone: "UTC",
        teacher: ada.id,
        limit: 1,
        after: first.next!,
      });
      assert.deepEqual(second.items.map((x) => x.id), [a.id]);
      assert.equal(second.next, null);
    });
  } finally {
    await close();
  }
});
