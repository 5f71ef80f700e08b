import assert from "node:assert/strict";
import {
  getEmailPreferences,
  setEmailPreferences,
} from "@/lib/notifications/preferences.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import { NotFoundError } from "@/lib/errors.ts";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import { openTestDatabase } from "@/tests/_db.ts";
import { lesson } from "@/lib/notifications/_testing.ts";
import { bookingFacts } from "@/lib/notifications/booking_facts.ts";

Deno.test(`e-mail preferences (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { student } = fixtures(db);
  try {
    await t.step("every e-mail is on for a new user", async () => {
      const bob = await student();
      assert.deepEqual(await getEmailPreferences(db, bob.id), {
        email_changes: true,
        email_reminders: true,
      });
    });

    await t.step(
      "setEmailPreferences() turns off the e-mail of later notifications of that kind only",
      async () => {
        const { student: bob, booking } = await lesson(db);
        assert.deepEqual(
          await setEmailPreferences(db, bob.id, {
            email_changes: true,
            email_reminders: false,
          }),
          { email_changes: true, email_reminders: false },
        );
        const statuses = await db.transaction(async (tx) => {
          const facts = await bookingFacts(tx, booking.id);
          const out: string[] = [];
          for (
            const kind of [
              "reminder",
              "booking_cancelled",
              "password_reset",
            ] as const
          ) {
            const id = await enqueueNotification(tx, {
              userId: bob.id,
              kind,
              bookingId: booking.id,
              facts,
            });
            const [row] = await tx.query<{ email_status: string }>(
              "SELECT email_status FROM notifications WHERE id = $1",
              [id],
            );
            out.push(row.email_status);
          }
          return out;
        });
        assert.deepEqual(statuses, ["off", "pending", "pending"]);
      },
    );

    await t.step("an unknown user has no preferences", async () => {
      const id = crypto.randomUUID();
      await rejectsWith(
        getEmailPreferences(db, id),
        NotFoundError,
        "User not found",
      );
      await rejectsWith(
        setEmailPreferences(db, id, {
          email_changes: false,
          email_reminders: false,
        }),
        NotFoundError,
        "User not found",
      );
    });
  } finally {
    await close();
  }
});
