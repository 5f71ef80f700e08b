import assert from "node:assert/strict";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import { listOpenSlots } from "@/lib/bookings/availability.ts";
import { cancelBooking } from "@/lib/bookings/lifecycle.ts";
import { createBooking } from "@/lib/bookings/create.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors.ts";
import { createTestSlot, openTestDatabase } from "@/tests/_db.ts";

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
  } finally {
    await close();
  }
});
