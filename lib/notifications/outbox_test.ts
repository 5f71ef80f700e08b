import assert from "node:assert/strict";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import type { AccountFacts } from "@/lib/notifications/model.ts";
import { createTestUser, openTestDatabase } from "@/tests/_db.ts";

const FACTS: AccountFacts = {
  link_path: "/reset-password?token=x",
  expires_at: new Date().toISOString(),
};

Deno.test("enqueueNotification() makes the e-mail due as the user's preferences say, account mail always", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const user = await createTestUser(db);
    await db.query(
      "UPDATE users SET email_changes = false, email_reminders = true WHERE id = $1",
      [user.id],
    );
    const kinds = ["booking_confirmed", "reminder", "password_reset"] as const;
    for (const kind of kinds) {
      await enqueueNotification(db, { userId: user.id, kind, facts: FACTS });
    }
    const rows = await db.query<{ kind: string; email_status: string }>(
      "SELECT kind, email_status FROM notifications WHERE user_id = $1 ORDER BY kind",
      [user.id],
    );
    assert.deepEqual(rows, [
      { kind: "booking_confirmed", email_status: "off" },
      { kind: "password_reset", email_status: "pending" },
      { kind: "reminder", email_status: "pending" },
    ]);
  } finally {
    await close();
  }
});

Deno.test("enqueueNotification() writes one notification per dedupe key, and nothing when its transaction rolls back", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const user = await createTestUser(db);
    const first = await enqueueNotification(db, {
      userId: user.id,
      kind: "reminder",
      facts: FACTS,
      dedupeKey: `k-${user.id}`,
    });
    const second = await enqueueNotification(db, {
      userId: user.id,
      kind: "reminder",
      facts: FACTS,
      dedupeKey: `k-${user.id}`,
    });
    assert.ok(first);
    assert.equal(second, null);
    await assert.rejects(db.transaction(async (tx) => {
      await enqueueNotification(tx, {
        userId: user.id,
        kind: "password_reset",
        facts: FACTS,
      });
      throw new Error("the change failed");
    }));
    const [{ count }] = await db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM notifications WHERE user_id = $1",
      [user.id],
    );
    assert.equal(count, 1);
  } finally {
    await close();
  }
});
