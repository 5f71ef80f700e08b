import assert from "node:assert/strict";
import {
  countUnread,
  isInboxPosition,
  listNotifications,
  markAllRead,
  markRead,
} from "@/lib/notifications/inbox.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import { NotFoundError } from "@/lib/errors.ts";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import type { Database } from "@/lib/db/connection.ts";
import { openTestDatabase } from "@/tests/_db.ts";

function resetMail(db: Database, userId: string, n: number): Promise<string> {
  return db.transaction(async (tx) =>
    (await enqueueNotification(tx, {
      userId,
      kind: "password_reset",
      facts: {
        link_path: `/reset-password?token=${n}`,
        expires_at: "2026-01-01T00:00:00Z",
      },
    }))!
  );
}

Deno.test(`the inbox (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { student } = fixtures(db);
  try {
    await t.step(
      "listNotifications() pages the user's own notifications newest first, none skipped",
      async () => {
        const bob = await student();
        const eve = await student();
        const ids: string[] = [];
        for (let i = 0; i < 7; i++) ids.push(await resetMail(db, bob.id, i));
        await resetMail(db, eve.id, 99);
        // One second apart in the order written: rows written within the
        // clock's resolution would otherwise tie and fall back to id order.
        for (const [i, id] of ids.entries()) {
          await db.query(
            "UPDATE notifications SET created_at = now() + make_interval(secs => $2) WHERE id = $1",
            [id, i],
          );
        }
        // Equal times: the id orders them, and paging must still see each once.
        await db.query(
          "UPDATE notifications SET created_at = '2026-01-01T00:00:00.123456Z' WHERE id = ANY($1::uuid[])",
          [ids.slice(2, 5)],
        );
        const seen: string[] = [];
        let after: string | undefined;
        do {
          const page = await listNotifications(db, bob.id, { after, limit: 2 });
          assert.ok(page.items.length <= 2);
          seen.push(...page.items.map((n) => n.id));
          for (const n of page.items) assert.equal(n.user_id, bob.id);
          after = page.next ?? undefined;
          if (after) assert.ok(isInboxPosition(after), after);
        } while (after);
        assert.deepEqual([...seen].sort(), [...ids].sort());
        const all = await listNotifications(db, bob.id, { limit: 100 });
        assert.deepEqual(all.items.map((n) => n.id), seen);
        for (let i = 1; i < all.items.length; i++) {
          assert.ok(
            all.items[i - 1].created_at >= all.items[i].created_at,
            "newest first",
          );
        }
        assert.deepEqual(all.items[0].facts, {
          link_path: "/reset-password?token=6",
          expires_at: "2026-01-01T00:00:00Z",
        });
      },
    );

    await t.step(
      "markRead() marks the user's own notification once, and 404s on another's",
      async () => {
        const bob = await student();
        const eve = await student();
        const mine = await resetMail(db, bob.id, 1);
        await resetMail(db, bob.id, 2);
        const hers = await resetMail(db, eve.id, 3);
        assert.equal(await countUnread(db, bob.id), 2);
        const read = await markRead(db, bob.id, mine);
        assert.ok(read.read_at instanceof Date);
        const again = await markRead(db, bob.id, mine);
        assert.equal(again.read_at!.getTime(), read.read_at!.getTime());
        assert.equal(await countUnread(db, bob.id), 1);
        for (const id of [hers, crypto.randomUUID(), "nope"]) {
          await rejectsWith(
            markRead(db, bob.id, id),
            NotFoundError,
            "Notification not found",
          );
        }
        assert.equal(await countUnread(db, eve.id), 1);
      },
    );

    await t.step("markAllRead() marks only the user's own", async () => {
      const bob = await student();
      const eve = await student();
      await resetMail(db, bob.id, 1);
      await resetMail(db, bob.id, 2);
      await resetMail(db, eve.id, 3);
      assert.equal(await markAllRead(db, bob.id), 2);
      assert.equal(await countUnread(db, bob.id), 0);
      assert.equal(await countUnread(db, eve.id), 1);
    });

    await t.step("isInboxPosition() accepts only positions", () => {
      assert.ok(isInboxPosition(`1767225600123456_${crypto.randomUUID()}`));
      for (const bad of ["", "1_2", "abc_" + crypto.randomUUID(), "1_x"]) {
        assert.equal(isInboxPosition(bad), false, bad);
      }
    });
  } finally {
    await close();
  }
});
