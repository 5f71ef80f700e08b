import assert from "node:assert/strict";
import {
  ENGINE,
  fixtures,
  MINUTE,
  rejectsWith,
} from "@/lib/bookings/_testing.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";
import {
  cancelBooking,
  confirmBooking,
  declineBooking,
  isLateCancellation,
} from "@/lib/bookings/lifecycle.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { saveAvailability } from "@/lib/availability/store.ts";
import { ConflictError } from "@/lib/errors.ts";

const HOUR = 60 * MINUTE;

Deno.test(`cancellation window and history events (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  const kinds = async (id: string) =>
    (await listEvents(db, id)).map((e) =>
      `${e.kind}:${e.from_status}->${e.to_status}`
    );
  try {
    await t.step(
      "a student's cancellation inside the window (12 hours by default) is allowed and recorded as late",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const early = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: 13 * 60,
        });
        const late = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: 11 * 60,
        });
        const fine = await cancelBooking(db, bob, early.id, "Ill");
        assert.equal(fine.late_cancellation, false);
        const lateOne = await cancelBooking(db, bob, late.id, "Overslept");
        assert.equal(lateOne.status, "cancelled");
        assert.equal(lateOne.late_cancellation, true);
        assert.equal(lateOne.cancelled_by, bob.id);
        const [event] = (await listEvents(db, late.id)).filter((e) =>
          e.kind === "cancelled"
        );
        assert.equal(event.actor_id, bob.id);
        assert.equal(event.from_status, "confirmed");
        assert.equal(event.to_status, "cancelled");
        assert.equal(event.details.late_cancellation, true);
        assert.equal(event.details.by, "student");
        assert.equal(event.details.reason, "Overslept");
        assert.equal(
          (await listEvents(db, early.id)).at(-1)!.details.late_cancellation,
          false,
        );
      },
    );

    await t.step(
      "the teacher's own window counts, and a teacher's cancellation is the teacher's and never late",
      async () => {
        const ada = await teacher();
        const bob = await student();
        await saveAvailability(db, ada.id, { cancellation_window_hours: 48 });
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: 30 * 60,
        });
        assert.equal(
          await isLateCancellation(db, {
            teacher_id: ada.id,
            start_at: b.start_at,
          }),
          true,
        );
        assert.equal(
          await isLateCancellation(
            db,
            { teacher_id: ada.id, start_at: b.start_at },
            new Date(b.start_at.getTime() - 49 * HOUR),
          ),
          false,
        );
        const byTeacher = await cancelBooking(db, ada, b.id, "Sick");
        assert.equal(byTeacher.cancelled_by, ada.id);
        assert.equal(byTeacher.late_cancellation, false);
        const event = (await listEvents(db, b.id)).at(-1)!;
        assert.equal(event.details.by, "teacher");
        assert.equal(event.actor_id, ada.id);

        const none = await teacher();
        await saveAvailability(db, none.id, { cancellation_window_hours: 0 });
        const eve = await student();
        const last = await createTestBooking(db, {
          teacher: none,
          student: eve,
          startInMinutes: 5,
        });
        assert.equal(
          (await cancelBooking(db, eve, last.id, "Late")).late_cancellation,
          false,
        );
      },
    );

    await t.step(
      "confirm, decline and cancel each write one event in their transaction; a refused change writes none",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const a = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: 48 * 60,
        });
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: 50 * 60,
        });
        await confirmBooking(db, ada, a.id);
        await rejectsWith(
          confirmBooking(db, ada, a.id),
          ConflictError,
          "Cannot confirm booking: it is already confirmed",
        );
        await cancelBooking(db, ada, a.id, "Away");
        await declineBooking(db, ada, b.id, "Full");
        assert.deepEqual(await kinds(a.id), [
          "confirmed:pending->confirmed",
          "cancelled:confirmed->cancelled",
        ]);
        assert.deepEqual(await kinds(b.id), ["declined:pending->cancelled"]);
        const [declined] = await listEvents(db, b.id);
        assert.equal(declined.actor_id, ada.id);
        assert.equal(declined.details.reason, "Full");
      },
    );

    await t.step(
      "a cancellation for a start the booking no longer has is refused and changes nothing",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: 48 * 60,
        });
        await rejectsWith(
          cancelBooking(db, bob, b.id, "Nope", new Date(), {
            expectedStartAt: new Date(b.start_at.getTime() - HOUR),
          }),
          ConflictError,
          "Cannot cancel booking: it has moved to another time since you looked; look again",
        );
        assert.deepEqual(await kinds(b.id), []);
        const done = await cancelBooking(db, bob, b.id, "Yes", new Date(), {
          expectedStartAt: b.start_at,
        });
        assert.equal(done.status, "cancelled");
      },
    );
  } finally {
    await close();
  }
});
