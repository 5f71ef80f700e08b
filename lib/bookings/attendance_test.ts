import assert from "node:assert/strict";
import { getBooking } from "@/lib/bookings/queries.ts";
import {
  recordConnected,
  recordDisconnected,
  recordJoin,
  recordLeave,
  settle,
  sweepFinishedBookings,
} from "@/lib/bookings/attendance.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { ENGINE, fixtures, MINUTE } from "@/lib/bookings/_testing.ts";
import { insertVisit } from "@/lib/bookings/_attendance_testing.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";

const SECOND = 1_000;

Deno.test(`attendance and fair outcomes (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student, status } = fixtures(db);

  /** A finished 60-minute lesson between two new users. */
  async function finished(
    options: { status?: "confirmed" | "pending" | "cancelled" } = {},
  ) {
    const ada = await teacher();
    const bob = await student();
    const b = await createTestBooking(db, {
      teacher: ada,
      student: bob,
      status: options.status ?? "confirmed",
      startInMinutes: -120,
      minutes: 60,
    });
    return { ...b, ada, bob };
  }

  const stored = (id: string) =>
    db.query<{
      status: string;
      absent_user_ids: string[];
      actual_duration_seconds: number | null;
    }>(
      "SELECT status, absent_user_ids, actual_duration_seconds FROM bookings WHERE id = $1",
      [id],
    ).then((r) => r[0]);

  try {
    await t.step(
      "both connected: completed, with the time both were connected as the actual duration",
      async () => {
        const b = await finished();
        // Student connected 0–10 and 12–30 min, teacher 1–25 min: together
        // 9 + 13 minutes.
        await insertVisit(db, b, b.bob.id, -2 * MINUTE, 31 * MINUTE, [
          [0, 10 * MINUTE],
          [12 * MINUTE, 30 * MINUTE],
        ]);
        await insertVisit(db, b, b.ada.id, -5 * MINUTE, 26 * MINUTE, [
          [1 * MINUTE, 25 * MINUTE],
        ]);
        const shown = (await getBooking(db, b.id))!;
        assert.equal(shown.status, "completed");
        assert.deepEqual(shown.absent_user_ids, []);
        assert.equal(shown.actual_duration_seconds, 22 * 60);
        assert.equal(shown.attendance.student.connected_seconds, 28 * 60);
        assert.equal(shown.attendance.teacher.visit_seconds, 31 * 60);
        assert.equal(
          shown.attendance.student.joined_at?.getTime(),
          b.start_at.getTime() - 2 * MINUTE,
        );
        assert.equal(
          shown.attendance.teacher.connected_at?.getTime(),
          b.start_at.getTime() + MINUTE,
        );
        assert.equal(
          shown.attendance.teacher.left_at?.getTime(),
          b.start_at.getTime() + 26 * MINUTE,
        );

        assert.equal(await status(b.id), "confirmed", "the read wrote nothing");
        await sweepFinishedBookings(db);
        assert.deepEqual(await stored(b.id), {
          status: "completed",
          absent_user_ids: [],
          actual_duration_seconds: 22 * 60,
        });
        const events = await listEvents(db, b.id);
        const last = events.at(-1)!;
        assert.equal(last.kind, "completed");
        assert.equal(last.actor_id, null);
        assert.equal(last.from_status, "confirmed");
        assert.equal(last.to_status, "completed");
        assert.deepEqual(last.details, {
          absent_user_ids: [],
          actual_duration_seconds: 22 * 60,
          booked_duration_seconds: 60 * 60,
        });
      },
    );

    await t.step(
      "visits of a booking's old time do not count once it has moved (a rescheduled technical failure)",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: -300,
          minutes: 60,
        });
        const old = { ...b, ada, bob };
        await insertVisit(db, old, bob.id, 0, 30 * MINUTE, [[0, 30 * MINUTE]]);
        await insertVisit(db, old, ada.id, 0, 30 * MINUTE, [[0, 30 * MINUTE]]);
        assert.equal((await getBooking(db, b.id))!.status, "completed");
        // Moved three hours later; nobody came at the new time.
        await db.query(
          `UPDATE bookings SET start_at = start_at + interval '3 hours',
                  end_at = end_at + interval '3 hours' WHERE id = $1`,
          [b.id],
        );
        const shown = (await getBooking(db, b.id))!;
        assert.equal(shown.status, "no_show");
        assert.deepEqual(
          [...shown.absent_user_ids].sort(),
          [ada.id, bob.id].sort(),
        );
        assert.equal(shown.actual_duration_seconds, 0);
        assert.equal(shown.attendance.student.joined_at, null);
        assert.equal(shown.attendance.teacher.connected_at, null);
        assert.equal(shown.attendance.teacher.visit_seconds, 0);
      },
    );

    await t.step(
      "connected time past the end, and a connection left open, count up to the end only",
      async () => {
        const b = await finished();
        await insertVisit(db, b, b.bob.id, 0, null, [[50 * MINUTE, null]]);
        await insertVisit(db, b, b.ada.id, 0, 75 * MINUTE, [
          [50 * MINUTE, 75 * MINUTE],
        ]);
        const shown = (await getBooking(db, b.id))!;
        assert.equal(shown.status, "completed");
        assert.equal(shown.actual_duration_seconds, 10 * 60);
        assert.equal(shown.attendance.student.left_at, null);
        assert.equal(shown.attendance.student.visit_seconds, 60 * 60);
      },
    );

    await t.step(
      "one side never joined: no_show with that side absent",
      async () => {
        const b = await finished();
        await insertVisit(db, b, b.ada.id, -5 * MINUTE, 20 * MINUTE);
        await sweepFinishedBookings(db);
        assert.deepEqual(await stored(b.id), {
          status: "no_show",
          absent_user_ids: [b.bob.id],
          actual_duration_seconds: 0,
        });
        const last = (await listEvents(db, b.id)).at(-1)!;
        assert.equal(last.kind, "no_show");
        assert.deepEqual(last.details.absent_user_ids, [b.bob.id]);
      },
    );

    await t.step(
      "a 1-second visit without a connected call does not count as attending",
      async () => {
        const b = await finished();
        await insertVisit(db, b, b.ada.id, 0, 30 * MINUTE);
        await insertVisit(db, b, b.bob.id, 5 * MINUTE, 5 * MINUTE + SECOND);
        const shown = (await getBooking(db, b.id))!;
        assert.equal(shown.status, "no_show");
        assert.deepEqual(shown.absent_user_ids, [b.bob.id]);
        assert.equal(shown.attendance.student.visit_seconds, 1);
        assert.notEqual(shown.attendance.student.joined_at, null);

        // Nobody stayed: both absent.
        const both = await finished();
        await insertVisit(db, both, both.ada.id, 0, SECOND);
        await insertVisit(db, both, both.bob.id, 0, SECOND);
        await sweepFinishedBookings(db);
        assert.equal((await stored(b.id)).status, "no_show");
        assert.deepEqual((await stored(b.id)).absent_user_ids, [b.bob.id]);
        assert.deepEqual(
          [...(await stored(both.id)).absent_user_ids].sort(),
          [both.ada.id, both.bob.id].sort(),
        );
      },
    );

    await t.step(
      "both came but the call never connected: technical_failure, no one blamed",
      async () => {
        const b = await finished();
        await insertVisit(db, b, b.ada.id, -3 * MINUTE, 10 * MINUTE);
        await insertVisit(db, b, b.bob.id, 0, 8 * MINUTE);
        // Only one side's call reported connected: still not both.
        const half = await finished();
        await insertVisit(db, half, half.ada.id, 0, 10 * MINUTE, [
          [MINUTE, 2 * MINUTE],
        ]);
        await insertVisit(db, half, half.bob.id, 0, 10 * MINUTE);
        assert.equal((await getBooking(db, b.id))!.status, "technical_failure");
        await sweepFinishedBookings(db);
        for (const id of [b.id, half.id]) {
          assert.deepEqual(await stored(id), {
            status: "technical_failure",
            absent_user_ids: [],
            actual_duration_seconds: 0,
          });
          const last = (await listEvents(db, id)).at(-1)!;
          assert.equal(last.kind, "technical_failure");
          assert.equal(last.to_status, "technical_failure");
        }
      },
    );

    await t.step(
      "only confirmed bookings settle; the sweep is idempotent",
      async () => {
        const pending = await finished({ status: "pending" });
        const cancelled = await finished({ status: "cancelled" });
        const nobody = await finished();
        await sweepFinishedBookings(db);
        assert.equal(await status(pending.id), "pending");
        assert.equal((await getBooking(db, pending.id))!.status, "pending");
        assert.equal(await status(cancelled.id), "cancelled");
        const [before] = await db.query<{ status: string; updated_at: Date }>(
          "SELECT status, updated_at FROM bookings WHERE id = $1",
          [nobody.id],
        );
        assert.equal(before.status, "no_show");
        const events = (await listEvents(db, nobody.id)).length;
        assert.equal(await sweepFinishedBookings(db), 0);
        const [after] = await db.query<{ status: string; updated_at: Date }>(
          "SELECT status, updated_at FROM bookings WHERE id = $1",
          [nobody.id],
        );
        assert.equal(after.updated_at.getTime(), before.updated_at.getTime());
        assert.equal((await listEvents(db, nobody.id)).length, events);
      },
    );

    await t.step(
      "settle() is pure: a booking before its end is unchanged, at its end settled",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const running = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -30,
        });
        const shown = (await getBooking(db, running.id))!;
        assert.equal(shown.status, "confirmed");
        assert.equal(
          settle(shown, new Date(running.end_at.getTime() - 1)),
          shown,
        );
        assert.equal(settle(shown, running.end_at).status, "no_show");
        assert.equal(await status(running.id), "confirmed");
      },
    );

    await t.step(
      "recordJoin/recordConnected/recordDisconnected/recordLeave keep one row per visit and per connected stretch",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -5,
        });
        const calls = () =>
          db.query<{ visit_id: string; disconnected_at: Date | null }>(
            "SELECT visit_id, disconnected_at FROM call_connections WHERE booking_id = $1 ORDER BY connected_at",
            [b.id],
          );
        const bobVisit = await recordJoin(db, b.id, bob.id);
        const adaVisit = await recordJoin(db, b.id, ada.id);
        await recordConnected(db, bobVisit);
        await recordConnected(db, bobVisit);
        await recordConnected(db, adaVisit);
        assert.equal((await calls()).length, 2);
        await recordDisconnected(db, bobVisit);
        await recordDisconnected(db, bobVisit);
        await recordConnected(db, bobVisit);
        let rows = await calls();
        assert.equal(rows.length, 3);
        assert.equal(rows.filter((r) => r.disconnected_at === null).length, 2);

        await recordLeave(db, bobVisit);
        rows = await calls();
        assert.deepEqual(
          rows.filter((r) => r.disconnected_at === null).map((r) => r.visit_id),
          [adaVisit],
        );
        // A left visit cannot connect again; leaving twice changes nothing.
        await recordConnected(db, bobVisit);
        await recordLeave(db, bobVisit);
        assert.equal((await calls()).length, 3);
        const visits = await db.query<{ left_at: Date | null }>(
          "SELECT left_at FROM attendance WHERE booking_id = $1 AND user_id = $2",
          [b.id, bob.id],
        );
        assert.equal(visits.length, 1);
        assert.ok(visits[0].left_at instanceof Date);
        const shown = (await getBooking(db, b.id))!;
        assert.ok(shown.attendance.student.connected_at instanceof Date);
        assert.equal(shown.attendance.teacher.left_at, null);
      },
    );
  } finally {
    await close();
  }
});
