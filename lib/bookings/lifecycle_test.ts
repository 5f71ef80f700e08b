import assert from "node:assert/strict";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import { listOpenSlots } from "@/lib/bookings/availability.ts";
import {
  cancelBooking,
  confirmBooking,
  createBooking,
  declineBooking,
} from "@/lib/bookings/lifecycle.ts";
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

Deno.test(`booking lifecycle (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student, status } = fixtures(db);
  try {
    await t.step(
      "createBooking() books a slot as pending, or confirmed when the teacher auto-confirms",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const booking = await createBooking(db, bob, {
          slot_id: slot.id,
          notes: "  Past tenses, please  ",
        });
        assert.equal(booking.status, "pending");
        assert.equal(booking.slot_id, slot.id);
        assert.equal(booking.student_id, bob.id);
        assert.equal(booking.teacher_id, ada.id);
        assert.equal(booking.start_at.getTime(), slot.start_at.getTime());
        assert.equal(booking.end_at.getTime(), slot.end_at.getTime());
        assert.equal(booking.notes, "Past tenses, please");
        assert.equal(booking.cancel_reason, null);
        assert.equal(booking.cancelled_by, null);
        assert.deepEqual(booking.absent_user_ids, []);
        assert.deepEqual(booking.student, {
          id: bob.id,
          username: bob.username,
        });
        assert.deepEqual(booking.teacher, {
          id: ada.id,
          username: ada.username,
        });
        assert.deepEqual(
          (await listOpenSlots(db, { teacher_id: ada.id })).items,
          [],
        );

        const auto = await teacher({ autoConfirm: true });
        const autoSlot = await createTestSlot(db, auto);
        const confirmed = await createBooking(db, await student(), {
          slot_id: autoSlot.id,
          notes: "   ",
        });
        assert.equal(confirmed.status, "confirmed");
        assert.equal(confirmed.notes, null);
      },
    );

    await t.step("createBooking() is for students only", async () => {
      const ada = await teacher();
      const slot = await createTestSlot(db, await teacher());
      await rejectsWith(
        createBooking(db, ada, { slot_id: slot.id }),
        ForbiddenError,
        "Only students can book lessons",
      );
    });

    await t.step("createBooking() refuses unknown slots", async () => {
      const bob = await student();
      for (const id of [crypto.randomUUID(), "not-a-uuid", ""]) {
        await rejectsWith(
          createBooking(db, bob, { slot_id: id }),
          NotFoundError,
          "Slot not found",
        );
      }
    });

    await t.step(
      "createBooking() refuses a slot that has started with a ConflictError",
      async () => {
        const ada = await teacher();
        const slot = await createTestSlot(db, ada, { startInMinutes: -5 });
        await rejectsWith(
          createBooking(db, await student(), { slot_id: slot.id }),
          ConflictError,
          "Cannot book slot: it has already started",
        );
        const later = await createTestSlot(db, ada, { startInMinutes: 120 });
        await rejectsWith(
          createBooking(
            db,
            await student(),
            { slot_id: later.id },
            later.start_at,
          ),
          ConflictError,
          "Cannot book slot: it has already started",
        );
      },
    );

    await t.step(
      'createBooking() refuses a taken slot: "it is already taken"',
      async () => {
        const ada = await teacher();
        const slot = await createTestSlot(db, ada);
        const first = await createBooking(db, await student(), {
          slot_id: slot.id,
        });
        await rejectsWith(
          createBooking(db, await student(), { slot_id: slot.id }),
          ConflictError,
          "Cannot book slot: it is already taken",
        );
        assert.equal(await status(first.id), "pending");
      },
    );

    await t.step(
      "createBooking() refuses a student's overlapping booking with another teacher",
      async () => {
        const bob = await student();
        const a = await createTestSlot(db, await teacher(), {
          startInMinutes: 3000,
          minutes: 60,
        });
        const b = await createTestSlot(db, await teacher(), {
          startInMinutes: 3030,
          minutes: 60,
        });
        await createBooking(db, bob, { slot_id: a.id });
        await rejectsWith(
          createBooking(db, bob, { slot_id: b.id }),
          ConflictError,
          "Cannot book slot: you already have a booking at that time",
        );
        // The other slot is still open for somebody else.
        const other = await createBooking(db, await student(), {
          slot_id: b.id,
        });
        assert.equal(other.status, "pending");
        // Back to back is not an overlap.
        const c = await createTestSlot(db, await teacher(), {
          startInMinutes: 3060,
          minutes: 30,
        });
        await createBooking(db, bob, { slot_id: c.id });
      },
    );

    await t.step(
      "createBooking() books a slot again after its booking was cancelled",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const slot = await createTestSlot(db, ada);
        const first = await createBooking(db, bob, { slot_id: slot.id });
        await cancelBooking(db, bob, first.id, "Ill");
        const again = await createBooking(db, bob, { slot_id: slot.id });
        assert.notEqual(again.id, first.id);
        assert.equal(again.status, "pending");
      },
    );

    // ------------------------------------------------------- transitions

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
