import assert from "node:assert/strict";
import { ENGINE, fixtures, MINUTE } from "@/lib/bookings/_testing.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";
import { EXPIRED_REASON, expireDue } from "@/lib/bookings/expiry.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { saveAvailability } from "@/lib/availability/store.ts";
import { confirmBooking } from "@/lib/bookings/lifecycle.ts";
import { getBooking } from "@/lib/bookings/queries.ts";
import { appJobs } from "@/lib/jobs/app_jobs.ts";

const HOUR = 60 * MINUTE;

Deno.test(`request expiry by the scheduler (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student, status } = fixtures(db);
  const told = async (bookingId: string) =>
    (await db.query<{ user_id: string; kind: string }>(
      "SELECT user_id, kind FROM notifications WHERE booking_id = $1 ORDER BY kind, user_id",
      [bookingId],
    )).map((n) => `${n.user_id}:${n.kind}`).sort();
  const sequence = async (id: string) =>
    Number(
      (await db.query<{ s: number }>(
        "SELECT ics_sequence AS s FROM bookings WHERE id = $1",
        [id],
      ))[0].s,
    );
  try {
    await t.step(
      "a pending request is declined automatically after the teacher's request_expiry_hours, both told, with its event",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: 72 * 60,
        });
        const created = Date.now();
        assert.deepEqual(
          await expireDue(db, new Date(created + 23 * HOUR)),
          { requests: 0, proposals: 0 },
        );
        assert.equal(await status(b.id), "pending");
        const counts = await expireDue(
          db,
          new Date(created + 24 * HOUR + MINUTE),
        );
        assert.equal(counts.requests, 1);
        const booking = (await getBooking(db, b.id))!;
        assert.equal(booking.status, "cancelled");
        assert.equal(booking.cancel_reason, EXPIRED_REASON);
        assert.equal(booking.cancelled_by, ada.id);
        assert.equal(booking.late_cancellation, false);
        assert.equal(await sequence(b.id), 1);
        assert.deepEqual(
          await told(b.id),
          [
            `${ada.id}:booking_expired`,
            `${bob.id}:booking_expired`,
          ].sort(),
        );
        const events = await listEvents(db, b.id);
        const last = events.at(-1)!;
        assert.equal(last.kind, "expired");
        assert.equal(last.actor_id, null);
        assert.equal(last.from_status, "pending");
        assert.equal(last.to_status, "cancelled");
        assert.equal(last.details.at_start, false);
        assert.equal(last.details.request_expiry_hours, 24);
        // A second run finds nothing more to do.
        assert.equal(
          (await expireDue(db, new Date(created + 25 * HOUR))).requests,
          0,
        );
        assert.equal((await listEvents(db, b.id)).length, events.length);
      },
    );

    await t.step(
      "a request expires at its start when that comes before the expiry hours, and the teacher's own hours count",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const soon = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: 3 * 60,
        });
        assert.equal(
          (await expireDue(db, new Date(soon.start_at.getTime() - MINUTE)))
            .requests,
          0,
        );
        assert.equal((await expireDue(db, soon.start_at)).requests, 1);
        assert.equal(await status(soon.id), "cancelled");
        assert.equal(
          (await listEvents(db, soon.id)).at(-1)!.details.at_start,
          true,
        );

        const bea = await teacher();
        await saveAvailability(db, bea.id, { request_expiry_hours: 2 });
        const quick = await createTestBooking(db, {
          teacher: bea,
          student: bob,
          status: "pending",
          startInMinutes: 48 * 60,
        });
        const created = Date.now();
        assert.equal(
          (await expireDue(db, new Date(created + 90 * MINUTE))).requests,
          0,
        );
        assert.equal(
          (await expireDue(db, new Date(created + 2 * HOUR + MINUTE)))
            .requests,
          1,
        );
        assert.equal(await status(quick.id), "cancelled");
      },
    );

    await t.step(
      "confirmed bookings and answered requests never expire; the time is free again after an expiry",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const confirmed = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: 5 * 60,
        });
        const answered = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: 10 * 60,
        });
        await confirmBooking(db, ada, answered.id);
        await expireDue(db, new Date(Date.now() + 30 * HOUR));
        assert.equal(await status(confirmed.id), "confirmed");
        assert.equal(await status(answered.id), "confirmed");

        const eve = await student();
        const lapsed = await createTestBooking(db, {
          teacher: ada,
          student: eve,
          status: "pending",
          startInMinutes: 40 * 60,
        });
        await expireDue(db, new Date(Date.now() + 25 * HOUR));
        assert.equal(await status(lapsed.id), "cancelled");
        // The same time can be held again: the constraints no longer see it.
        await db.query(
          `INSERT INTO bookings (student_id, teacher_id, start_at, end_at, status)
           VALUES ($1, $2, $3, $4, 'confirmed')`,
          [eve.id, ada.id, lapsed.start_at, lapsed.end_at],
        );
      },
    );

    await t.step(
      "the app's bookings.expire job runs expireDue()",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const past = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: -30,
        });
        const job = appJobs(db).find((j) => j.name === "bookings.expire");
        assert.ok(job);
        await job.run(new AbortController().signal);
        assert.equal(await status(past.id), "cancelled");
      },
    );
  } finally {
    await close();
  }
});
