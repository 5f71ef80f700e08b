import assert from "node:assert/strict";
import { ENGINE, rejectsWith } from "@/lib/bookings/_testing.ts";
import { makeAdmin } from "@/lib/admin/make_admin.ts";
import { listAdminAudit } from "@/lib/admin/audit.ts";
import { getUserById } from "@/lib/auth/users.ts";
import { NotFoundError } from "@/lib/errors.ts";
import { createTestUser, openTestDatabase } from "@/tests/_db.ts";

Deno.test(`makeAdmin() makes the first admin and records it (${ENGINE})`, async () => {
  const { db, close } = await openTestDatabase();
  try {
    const owner = await createTestUser(db, { role: "teacher" });
    await db.query("UPDATE users SET disabled_at = now() WHERE id = $1", [
      owner.id,
    ]);
    assert.equal(await makeAdmin(db, owner.email.toUpperCase()), owner.id);
    assert.equal((await getUserById(db, owner.id))?.role, "admin");
    const [{ disabled_at }] = await db.query<{ disabled_at: Date | null }>(
      "SELECT disabled_at FROM users WHERE id = $1",
      [owner.id],
    );
    assert.equal(disabled_at, null);
    const { items } = await listAdminAudit(db);
    assert.equal(items.length, 1);
    assert.equal(items[0].action, "user.role_changed");
    assert.deepEqual(items[0].details, {
      from: "teacher",
      to: "admin",
      via: "command line",
    });
    // Again: nothing to change, nothing recorded.
    await makeAdmin(db, owner.email);
    assert.equal((await listAdminAudit(db)).items.length, 1);
    await rejectsWith(
      makeAdmin(db, "nobody@example.test"),
      NotFoundError,
      "Cannot make an admin: no account has the e-mail nobody@example.test",
    );
  } finally {
    await close();
  }
});
