import assert from "node:assert/strict";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import {
  cancelBooking,
  confirmBooking,
  declineBooking,
} from "@/lib/bookings/lifecycle.ts";
import { createBooking } from "@/lib/bookings/create.ts";
import { ConflictError } from "@/lib/errors.ts";
import type { Database } from "@/lib/db/connection.ts";
import { lesson, notificationsOf } from "@/lib/notifications/_testing.ts";
import {
  createTestBooking,
  createTestSlot,
  openTestDatabase,
} from "@/tests/_db.ts";

async function sequenceOf(db: Database, bookingId: string): Promise<number> {
  const [row] = await db.query<{ ics_sequence: number }>(
    "SELECT ics_sequence FROM bookings WHERE id = $1",
    [bookingId],
  );
  return Number(row.ics_sequence);
}

Deno.test(`booking changes write their notifications (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
    await t.step(
      "createBooking() tells the teacher of a request, and nobody else",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const booking = await createBooking(db, bob, { slot_id: slot.id });
        const written = await notificationsOf(db, booking.id);
        assert.deepEqual(
          written.map((n) => [n.user_id, n.kind, n.email_status]),
          [[ada.id, "booking_requested", "pending"]],
        );
        const facts = written[0].facts;
        assert.equal(facts.status, "pending");
        assert.equal(facts.sequence, 0);
        assert.equal(facts.actor_id, bob.id);
        assert.equal(facts.start_at, slot.start_at.toISOString());
        assert.deepEqual(facts.student, {
          id: bob.id,
          name: bob.username,
          email: bob.email,
        });
      },
    );

    await t.step(
      "createBooking() with an auto-confirming teacher tells the teacher and confirms to the student",
      async () => {
        const ada = await teacher({ autoConfirm: true });
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const booking = await createBooking(db, bob, { slot_id: slot.id });
        const written = await notificationsOf(db, booking.id);
        assert.deepEqual(
          written.map((n) => [n.user_id, n.kind, n.facts.status]).sort(),
          [
            [ada.id, "booking_requested", "confirmed"],
            [bob.id, "booking_confirmed", "confirmed"],
          ].sort(),
        );
      },
    );

    await t.step(
      "confirmBooking() tells the student and bumps the invite's sequence",
      async () => {
        const { teacher: ada, student: bob, booking } = await lesson(db, {
          status: "pending",
        });
        await confirmBooking(db, ada, booking.id);
        const written = await notificationsOf(db, booking.id);
        assert.deepEqual(written.map((n) => [n.user_id, n.kind]), [
          [bob.id, "booking_confirmed"],
        ]);
        assert.equal(written[0].facts.sequence, 1);
        assert.equal(written[0].facts.status, "confirmed");
        assert.equal(await sequenceOf(db, booking.id), 1);
      },
    );

    await t.step(
      "declineBooking() tells the student, with the teacher's reason when there is one",
      async () => {
        const { teacher: ada, student: bob, booking } = await lesson(db, {
          status: "pending",
        });
        await declineBooking(db, ada, booking.id, "  Fully booked  ");
        const written = await notificationsOf(db, booking.id);
        assert.deepEqual(written.map((n) => [n.user_id, n.kind]), [
          [bob.id, "booking_declined"],
        ]);
        assert.equal(written[0].facts.reason, "Fully booked");
        assert.equal(written[0].facts.status, "cancelled");
        assert.equal(written[0].facts.sequence, 1);

        const silent = await lesson(db, { status: "pending" });
        await declineBooking(db, silent.teacher, silent.booking.id, "   ");
        const [told] = await notificationsOf(db, silent.booking.id);
        assert.equal(told.kind, "booking_declined");
        assert.equal(told.facts.reason, null, "no reason is made up");
      },
    );

    await t.step(
      "cancelBooking() tells the other participant only, whoever cancels",
      async () => {
        const { teacher: ada, student: bob, booking: byStudent } = await lesson(
          db,
        );
        await cancelBooking(db, bob, byStudent.id, "Travelling");
        assert.deepEqual(
          (await notificationsOf(db, byStudent.id)).map((n) => [
            n.user_id,
            n.kind,
            n.facts.actor_id,
            n.facts.reason,
          ]),
          [[ada.id, "booking_cancelled", bob.id, "Travelling"]],
        );
        const byTeacher = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: 3 * 24 * 60,
        });
        await cancelBooking(db, ada, byTeacher.id, "Ill");
        assert.deepEqual(
          (await notificationsOf(db, byTeacher.id)).map((n) => [
            n.user_id,
            n.kind,
          ]),
          [[bob.id, "booking_cancelled"]],
        );
        assert.equal(await sequenceOf(db, byTeacher.id), 1);
      },
    );

    await t.step(
      "a change the lifecycle refuses writes no notification",
      async () => {
        const { teacher: ada, booking } = await lesson(db);
        await rejectsWith(
          confirmBooking(db, ada, booking.id),
          ConflictError,
          "Cannot confirm booking: it is already confirmed",
        );
        assert.deepEqual(await notificationsOf(db, booking.id), []);
        assert.equal(await sequenceOf(db, booking.id), 0);
      },
    );

    await t.step(
      "a booking the database refuses (overlap) leaves no notification for anyone",
      async () => {
        const ada = await teacher();
        const eve = await teacher();
        const bob = await student();
        const first = await createTestSlot(db, ada);
        // Same hour with another teacher: the student's exclusion constraint.
        const [second] = await db.query<{ id: string }>(
          `INSERT INTO slots (teacher_id, start_at, end_at) VALUES ($1, $2, $3) RETURNING id`,
          [eve.id, first.start_at, first.end_at],
        );
        await createBooking(db, bob, { slot_id: first.id });
        await rejectsWith(
          createBooking(db, bob, { slot_id: second.id }),
          ConflictError,
          "Cannot book slot: you already have a booking at that time",
        );
        const [{ count }] = await db.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM notifications WHERE user_id = $1",
          [eve.id],
        );
        assert.equal(count, 0);
      },
    );

    await t.step(
      "a change whose commit fails takes its notifications with it",
      async () => {
        const { student: bob, booking } = await lesson(db);
        // A deferred check fails at COMMIT, after the change and its
        // notification were written in the same transaction.
        await db.exec(`
          CREATE FUNCTION refuse_cancel() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF NEW.status = 'cancelled' AND NEW.cancel_reason = 'Refused at commit' THEN
              RAISE EXCEPTION 'refused at commit' USING ERRCODE = '23514';
            END IF;
            RETURN NEW;
          END $$;
          CREATE CONSTRAINT TRIGGER refuse_cancel AFTER UPDATE ON bookings
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_cancel();
        `);
        try {
          await assert.rejects(
            cancelBooking(db, bob, booking.id, "Refused at commit"),
          );
        } finally {
          await db.exec(
            "DROP TRIGGER refuse_cancel ON bookings; DROP FUNCTION refuse_cancel()",
          );
        }
        assert.deepEqual(await notificationsOf(db, booking.id), []);
        assert.equal(await sequenceOf(db, booking.id), 0);
        await cancelBooking(db, bob, booking.id, "Now for real");
        assert.deepEqual(
          (await notificationsOf(db, booking.id)).map((n) => n.kind),
          ["booking_cancelled"],
        );
      },
    );

    await t.step(
      "a participant who turned change e-mails off still gets the notification in-app",
      async () => {
        const ada = await teacher();
        const bob = await student();
        await db.query(
          "UPDATE users SET email_changes = false WHERE id = $1",
          [ada.id],
        );
        const slot = await createTestSlot(db, ada);
        const booking = await createBooking(db, bob, { slot_id: slot.id });
        assert.deepEqual(
          (await notificationsOf(db, booking.id)).map((n) => [
            n.kind,
            n.email_status,
          ]),
          [["booking_requested", "off"]],
        );
      },
    );
  } finally {
    await close();
  }
});
