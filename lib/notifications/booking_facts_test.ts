import assert from "node:assert/strict";
import { bookingFacts } from "@/lib/notifications/booking_facts.ts";
import { NotFoundError } from "@/lib/errors.ts";
import { ENGINE, rejectsWith } from "@/lib/bookings/_testing.ts";
import { openTestDatabase } from "@/tests/_db.ts";
import { lesson } from "@/lib/notifications/_testing.ts";

Deno.test(`bookingFacts() (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    await t.step(
      "bookingFacts() snapshots the booking, both people and the sequence inside the transaction",
      async () => {
        const { teacher: ada, student: bob, booking } = await lesson(db);
        const facts = await db.transaction(async (tx) => {
          await tx.query(
            "UPDATE bookings SET ics_sequence = ics_sequence + 1 WHERE id = $1",
            [booking.id],
          );
          return await bookingFacts(tx, booking.id, {
            actor_id: ada.id,
            reason: "Ill",
          });
        });
        assert.deepEqual(facts, {
          booking_id: booking.id,
          start_at: booking.start_at.toISOString(),
          end_at: booking.end_at.toISOString(),
          status: "confirmed",
          sequence: 1,
          teacher: { id: ada.id, name: ada.username, email: ada.email },
          student: { id: bob.id, name: bob.username, email: bob.email },
          actor_id: ada.id,
          reason: "Ill",
        });
      },
    );

    await t.step("bookingFacts() refuses an unknown booking", async () => {
      for (const id of [crypto.randomUUID(), "nope"]) {
        await rejectsWith(
          bookingFacts(db, id),
          NotFoundError,
          "Booking not found",
        );
      }
    });
  } finally {
    await close();
  }
});
