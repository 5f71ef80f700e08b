import assert from "node:assert/strict";
import { admitToRoom, roomState } from "@/lib/bookings/room.ts";
import { JOIN_WINDOW_MINUTES } from "@/lib/bookings/model.ts";
import {
  ENGINE,
  fixtures,
  MINUTE,
  rejectsWith,
} from "@/lib/bookings/_testing.ts";
import { ForbiddenError, NotFoundError } from "@/lib/errors.ts";
import { createTestBooking, openTestDatabase } from "@/tests/_db.ts";

Deno.test(`call room (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student, status } = fixtures(db);
  try {
    await t.step(
      "roomState() opens 10 minutes before the start and closes at the end",
      () => {
        const start_at = new Date("2027-05-01T10:00:00Z");
        const end_at = new Date("2027-05-01T11:00:00Z");
        const b = { start_at, end_at, status: "confirmed" as const };
        const opensAt = new Date(
          start_at.getTime() - JOIN_WINDOW_MINUTES * MINUTE,
        );
        assert.equal(JOIN_WINDOW_MINUTES, 10);
        assert.deepEqual(
          roomState(b, new Date(opensAt.getTime() - 1)),
          { state: "not_yet", opensAt },
        );
        assert.deepEqual(roomState(b, opensAt), {
          state: "open",
          closesAt: end_at,
        });
        assert.deepEqual(roomState(b, start_at), {
          state: "open",
          closesAt: end_at,
        });
        assert.deepEqual(roomState(b, new Date(end_at.getTime() - 1)), {
          state: "open",
          closesAt: end_at,
        });
        assert.deepEqual(roomState(b, end_at), { state: "ended" });
        assert.deepEqual(
          roomState(b, new Date(start_at.getTime() - 15 * MINUTE), 20),
          { state: "open", closesAt: end_at },
        );
      },
    );

    await t.step(
      "roomState() is closed for a cancelled booking and ended for a finished one",
      () => {
        const start_at = new Date("2027-05-01T10:00:00Z");
        const end_at = new Date("2027-05-01T11:00:00Z");
        const during = new Date("2027-05-01T10:30:00Z");
        assert.deepEqual(
          roomState({ start_at, end_at, status: "cancelled" }, during),
          { state: "closed", reason: "cancelled" },
        );
        for (const status of ["completed", "no_show"] as const) {
          assert.deepEqual(
            roomState({ start_at, end_at, status }, during),
            { state: "ended" },
          );
        }
      },
    );

    // ------------------------------------------------------------ sweeping

    await t.step(
      "admitToRoom() admits a participant while the room is open and says why not otherwise",
      async () => {
        const ada = await teacher();
        const bob = await student();
        const open = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -10,
        });
        const admitted = await admitToRoom(db, bob, open.id);
        assert.equal(admitted.admitted, true);
        assert.equal(admitted.booking.id, open.id);
        assert.deepEqual(admitted.room, {
          state: "open",
          closesAt: open.end_at,
        });
        assert.equal((await admitToRoom(db, ada, open.id)).admitted, true);

        const later = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: 600,
        });
        const early = await admitToRoom(db, bob, later.id);
        assert.equal(early.admitted, false);
        assert.equal(
          !early.admitted && early.refusal,
          `The room opens at ${
            new Date(later.start_at.getTime() - JOIN_WINDOW_MINUTES * MINUTE)
              .toISOString()
          }`,
        );

        const cancelled = await createTestBooking(db, {
          teacher: await teacher(),
          student: bob,
          status: "cancelled",
          startInMinutes: -5,
        });
        const closed = await admitToRoom(db, bob, cancelled.id);
        assert.equal(
          !closed.admitted && closed.refusal,
          "The booking is cancelled",
        );

        // Finished but not yet swept: the room is over all the same.
        const finished = await createTestBooking(db, {
          teacher: ada,
          student: bob,
          startInMinutes: -300,
        });
        const over = await admitToRoom(db, bob, finished.id);
        assert.equal(!over.admitted && over.refusal, "The lesson is over");
        assert.equal(over.booking.status, "no_show");
        assert.equal(await status(finished.id), "confirmed");

        await rejectsWith(
          admitToRoom(db, await student(), open.id),
          ForbiddenError,
          "This booking is not yours",
        );
        await rejectsWith(
          admitToRoom(db, bob, crypto.randomUUID()),
          NotFoundError,
          "Booking not found",
        );
      },
    );
  } finally {
    await close();
  }
});
