import assert from "node:assert/strict";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import { listOpenSlots } from "@/lib/bookings/availability.ts";
import {
  cancelBooking,
  confirmBooking,
  declineBooking,
} from "@/lib/bookings/lifecycle.ts";
import { createBooking } from "@/lib/bookings/create.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from "@/lib/errors.ts";
import {
  createTestBooking,
  createTestSlot,
  openTestDatabase,
} from "@/tests/_db.ts";

Deno.test(`booking changes (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student, status } = fixtures(db);
  try {
    await t.step("confirmBooking() confirms a pending booking", async () => {
      const ada = await teacher();
      const bob = await student();
      const b = await createTestBooking(db, {
        teacher: ada,
        student: bob,
        status: "pending",
      });
      const confirmed = await confirmBooking(db, ada, b.id);
      assert.equal(confirmed.status, "confirmed");
      assert.ok(confirmed.updated_at >= confirmed.created_at);
      assert.equal(await status(b.id), "confirmed");
    });

    await t.step(
      "confirmBooking() refuses every other transition with its reason",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const pending = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: 600,
        });
        await rejectsWith(
          confirmBooking(db, bob, pending.id),
          ForbiddenError,
          "Only the booking's teacher can confirm it",
        );
        await rejectsWith(
          confirmBooking(db, await teacher(), pending.id),
          ForbiddenError,
          "This booking is not yours",
        );
        await rejectsWith(
          confirmBooking(db, ada, crypto.randomUUID()),
          NotFoundError,
          "Booking not found",
        );
        await rejectsWith(
          confirmBooking(db, ada, "nope"),
          NotFoundError,
          "Booking not found",
        );
        await rejectsWith(
          confirmBooking(db, ada, pending.id, pending.start_at),
          ConflictError,
          "Cannot confirm booking: it has already started",
        );
        const expected: [string, string][] = [
          ["confirmed", "Cannot confirm booking: it is already confirmed"],
          ["cancelled", "Cannot confirm booking: it is cancelled"],
          ["completed", "Cannot confirm booking: it has already taken place"],
          ["no_show", "Cannot confirm booking: it is over"],
        ];
        let offset = 1200;
        for (const [from, message] of expected) {
          const b = await createTestBooking(db, {
            teacher: ada,
            student: bob,
            status: from as "confirmed",
            startInMinutes: offset += 120,
          });
          await rejectsWith(
            confirmBooking(db, ada, b.id),
            ConflictError,
            message,
          );
          assert.equal(await status(b.id), from);
        }
        assert.equal(await status(pending.id), "pending");
      },
    );

    await t.step(
      "declineBooking() cancels a pending booking with a reason and opens the slot again",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const b = await createBooking(db, bob, { slot_id: slot.id });
        const declined = await declineBooking(db, ada, b.id);
        assert.equal(declined.status, "cancelled");
        assert.equal(declined.cancel_reason, "Declined by the teacher");
        assert.equal(declined.cancelled_by, ada.id);
        assert.deepEqual(
          (await listOpenSlots(db, { teacher_id: ada.id })).items.map((s) =>
            s.id
          ),
          [slot.id],
        );

        const b2 = await createBooking(db, await student(), {
          slot_id: slot.id,
        });
        const withReason = await declineBooking(
          db,
          ada,
          b2.id,
          "  Fully booked that week ",
        );
        assert.equal(withReason.cancel_reason, "Fully booked that week");
      },
    );

    await t.step(
      "declineBooking() refuses students, outsiders and non-pending bookings",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const pending = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
        });
        await rejectsWith(
          declineBooking(db, bob, pending.id),
          ForbiddenError,
          "Only the booking's teacher can decline it",
        );
        await rejectsWith(
          declineBooking(db, await teacher(), pending.id),
          ForbiddenError,
          "This booking is not yours",
        );
        await rejectsWith(
          declineBooking(db, ada, crypto.randomUUID()),
          NotFoundError,
          "Booking not found",
        );
        const expected: [string, string][] = [
          ["confirmed", "Cannot decline booking: it is already confirmed"],
          ["cancelled", "Cannot decline booking: it is cancelled"],
          ["completed", "Cannot decline booking: it has already taken place"],
          ["no_show", "Cannot decline booking: it is over"],
        ];
        let offset = 3000;
        for (const [from, message] of expected) {
          const b = await createTestBooking(db, {
            teacher: ada,
            student: bob,
            status: from as "confirmed",
            startInMinutes: offset += 120,
          });
          await rejectsWith(
            declineBooking(db, ada, b.id),
            ConflictError,
            message,
          );
          assert.equal(await status(b.id), from);
        }
        assert.equal(await status(pending.id), "pending");
      },
    );

    await t.step(
      "declineBooking() refuses a pending booking that has started, which stays pending to settle as a no-show",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const running = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: -5,
        });
        await rejectsWith(
          declineBooking(db, ada, running.id, "Too late"),
          ConflictError,
          "Cannot decline booking: it has already started",
        );
        assert.equal(await status(running.id), "pending");
        // Exactly at the start counts as started.
        const soon = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "pending",
          startInMinutes: 600,
        });
        await rejectsWith(
          declineBooking(db, ada, soon.id, null, soon.start_at),
          ConflictError,
          "Cannot decline booking: it has already started",
        );
        assert.equal(await status(soon.id), "pending");
      },
    );

    await t.step(
      "cancelBooking() lets either participant cancel a pending or confirmed booking before the start",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const byStudent = await createBooking(db, bob, { slot_id: slot.id });
        const cancelled = await cancelBooking(
          db,
          bob,
          byStudent.id,
          "  Exam moved  ",
        );
        assert.equal(cancelled.status, "cancelled");
        assert.equal(cancelled.cancel_reason, "Exam moved");
        assert.equal(cancelled.cancelled_by, bob.id);
        assert.deepEqual(
          (await listOpenSlots(db, { teacher_id: ada.id })).items.map((s) =>
            s.id
          ),
          [slot.id],
        );

        const confirmed = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: 4000,
        });
        const byTeacher = await cancelBooking(db, ada, confirmed.id, "Sick");
        assert.equal(byTeacher.status, "cancelled");
        assert.equal(byTeacher.cancelled_by, ada.id);
      },
    );

    await t.step(
      "cancelBooking() refuses a missing reason, outsiders, started and finished bookings",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const b = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
        });
        const err = await rejectsWith(
          cancelBooking(db, bob, b.id, "   "),
          BadRequestError,
          "Cannot cancel booking: a reason is required",
        ) as BadRequestError;
        assert.equal(typeof err.fields.reason, "string");
        await rejectsWith(
          cancelBooking(db, await student(), b.id, "Mine now"),
          ForbiddenError,
          "This booking is not yours",
        );
        await rejectsWith(
          cancelBooking(db, bob, crypto.randomUUID(), "Gone"),
          NotFoundError,
          "Booking not found",
        );
        await rejectsWith(
          cancelBooking(db, bob, b.id, "Too late", b.start_at),
          ConflictError,
          "Cannot cancel booking: it has already started",
        );
        const running = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          status: "confirmed",
          startInMinutes: -5,
          minutes: 30,
        });
        await rejectsWith(
          cancelBooking(db, ada, running.id, "Too late"),
          ConflictError,
          "Cannot cancel booking: it has already started",
        );
        const expected: [string, string][] = [
          ["cancelled", "Cannot cancel booking: it is cancelled"],
          ["completed", "Cannot cancel booking: it has already taken place"],
          ["no_show", "Cannot cancel booking: it is over"],
        ];
        let offset = 5000;
        for (const [from, message] of expected) {
          const done = await createTestBooking(db, {
            teacher: ada,
            student: bob,
            status: from as "confirmed",
            startInMinutes: offset += 120,
          });
          await rejectsWith(
            cancelBooking(db, bob, done.id, "Again"),
            ConflictError,
            message,
          );
          assert.equal(await status(done.id), from);
        }
        assert.equal(await status(b.id), "confirmed");
        assert.equal(await status(running.id), "confirmed");
      },
    );

    // ------------------------------------------------------------ the room
  } finally {
    await close();
  }
});
