import assert from "node:assert/strict";
import { ENGINE } from "@/lib/bookings/_testing.ts";
import { listAdminAudit, recordAdminAction } from "@/lib/admin/audit.ts";
import { createTestUser, openTestDatabase } from "@/tests/_db.ts";

Deno.test(`admin audit trail (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    const admin = await createTestUser(db, { role: "admin" });
    const user = await createTestUser(db);
    for (let i = 0; i < 5; i++) {
      await recordAdminAction(db, {
        admin_id: admin.id,
        action: "user.role_changed",
        target_user_id: user.id,
        details: { n: i },
      });
    }

    await t.step("lists newest first with names, in pages", async () => {
      const first = await listAdminAudit(db, { limit: 3 });
      assert.deepEqual(first.items.map((e) => e.details.n), [4, 3, 2]);
      assert.equal(first.items[0].admin_email, admin.email);
      assert.equal(first.items[0].target_user_email, user.email);
      assert.ok(first.next);
      const second = await listAdminAudit(db, { limit: 3, before: first.next });
      assert.deepEqual(second.items.map((e) => e.details.n), [1, 0]);
      assert.equal(second.next, null);
    });

    await t.step(
      "details are stored as a JSON object, not a string",
      async () => {
        const rows = await db.query<{ kind: string }>(
          "SELECT DISTINCT jsonb_typeof(details) AS kind FROM admin_audit",
        );
        assert.deepEqual(rows, [{ kind: "object" }]);
      },
    );

    await t.step("the trail cannot be changed or deleted", async () => {
      await assert.rejects(
        db.query("UPDATE admin_audit SET action = 'user.enabled'"),
        /append-only/,
      );
      await assert.rejects(db.query("DELETE FROM admin_audit"), /append-only/);
      assert.equal((await listAdminAudit(db)).items.length, 5);
    });
  } finally {
    await close();
  }
});
