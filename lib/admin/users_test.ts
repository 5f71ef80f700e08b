import assert from "node:assert/strict";
import { ENGINE, rejectsWith } from "@/lib/bookings/_testing.ts";
import {
  changeRole,
  disableUser,
  enableUser,
  searchUsers,
} from "@/lib/admin/users.ts";
import { listAdminAudit } from "@/lib/admin/audit.ts";
import {
  ACCOUNT_DISABLED,
  authenticate,
  getUserById,
} from "@/lib/auth/users.ts";
import {
  activeSessionIds,
  createSession,
  verifySession,
} from "@/lib/auth/session.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors.ts";
import {
  createTestUser,
  openTestDatabase,
  TEST_PASSWORD,
} from "@/tests/_db.ts";

Deno.test(`admin users (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const secret = crypto.getRandomValues(new Uint8Array(32));
  try {
    const admin = await createTestUser(db, { role: "admin" });
    const tag = crypto.randomUUID().slice(0, 6);

    await t.step(
      "searchUsers() finds by e-mail or name in any case, takes % and _ literally, filters by role, and pages",
      async () => {
        const ada = await createTestUser(db, {
          role: "teacher",
          username: `Ada ${tag} Lovelace`,
        });
        const bob = await createTestUser(db, {
          email: `bob.${tag}@example.test`,
        });
        const pct = await createTestUser(db, { username: `100% ${tag}` });
        const ids = async (q: string, role?: "teacher" | "student") =>
          (await searchUsers(db, { q, role })).items.map((u) => u.id).sort();

        assert.deepEqual(await ids(`ada ${tag.toUpperCase()}`), [ada.id]);
        assert.deepEqual(await ids(`BOB.${tag}`), [bob.id]);
        assert.deepEqual(await ids(tag), [ada.id, bob.id, pct.id].sort());
        assert.deepEqual(await ids(tag, "teacher"), [ada.id]);
        assert.deepEqual(await ids(`% ${tag}`), [pct.id]);
        assert.deepEqual(await ids(`_${tag}`), []);

        const first = await searchUsers(db, { q: tag, limit: 2 });
        assert.equal(first.items.length, 2);
        assert.ok(first.next);
        const second = await searchUsers(db, {
          q: tag,
          limit: 2,
          after: first.next,
        });
        assert.equal(second.items.length, 1);
        assert.equal(second.next, null);
        assert.deepEqual(
          [...first.items, ...second.items].map((u) => u.id).sort(),
          [ada.id, bob.id, pct.id].sort(),
        );
      },
    );

    await t.step(
      "changeRole() changes the role and records it; the same role records nothing",
      async () => {
        const user = await createTestUser(db);
        await changeRole(db, admin, user.id, "teacher");
        assert.equal((await getUserById(db, user.id))?.role, "teacher");
        const [entry] = (await listAdminAudit(db)).items;
        assert.equal(entry.action, "user.role_changed");
        assert.equal(entry.admin_id, admin.id);
        assert.equal(entry.target_user_id, user.id);
        assert.deepEqual(entry.details, { from: "student", to: "teacher" });

        await changeRole(db, admin, user.id, "teacher");
        assert.equal((await listAdminAudit(db)).items[0].id, entry.id);
      },
    );

    await t.step(
      "an admin can neither demote nor disable themselves, and nothing is recorded",
      async () => {
        const before = (await listAdminAudit(db)).items.length;
        await rejectsWith(
          changeRole(db, admin, admin.id, "student"),
          ConflictError,
          "Cannot change the role of your own account: another admin must do it",
        );
        await rejectsWith(
          disableUser(db, admin, admin.id),
          ConflictError,
          "Cannot disable your own account: another admin must do it",
        );
        assert.equal((await getUserById(db, admin.id))?.role, "admin");
        assert.equal((await listAdminAudit(db)).items.length, before);
        await rejectsWith(
          changeRole(db, admin, crypto.randomUUID(), "teacher"),
          NotFoundError,
          /does not exist/,
        );
      },
    );

    await t.step(
      "disableUser() ends every session, refuses sign-in with a clear message, and records it; enableUser() undoes it",
      async () => {
        const user = await createTestUser(db);
        const one = await createSession(db, secret, user.id);
        const two = await createSession(db, secret, user.id);
        const other = await createSession(db, secret, admin.id);

        const ended = await disableUser(db, admin, user.id);
        assert.deepEqual(ended.sort(), [one.sessionId, two.sessionId].sort());
        assert.equal(await verifySession(db, secret, one.token), null);
        assert.equal(await verifySession(db, secret, two.token), null);
        assert.ok(await verifySession(db, secret, other.token));
        assert.deepEqual(
          await activeSessionIds(db, [one.sessionId, other.sessionId]),
          new Set([other.sessionId]),
        );
        const [entry] = (await listAdminAudit(db)).items;
        assert.equal(entry.action, "user.disabled");
        assert.equal(entry.target_user_id, user.id);
        assert.deepEqual(entry.details, { sessions_ended: 2 });

        await rejectsWith(
          authenticate(db, {
            email: user.email,
            password: TEST_PASSWORD,
            address: "203.0.113.9",
          }),
          ForbiddenError,
          ACCOUNT_DISABLED,
        );
        // A session made after the disabling (a sign-in racing it) is no
        // session at all.
        const late = await createSession(db, secret, user.id);
        assert.equal(await verifySession(db, secret, late.token), null);
        await rejectsWith(
          disableUser(db, admin, user.id),
          ConflictError,
          "Cannot disable user: it is already disabled",
        );

        await enableUser(db, admin, user.id);
        assert.equal(
          (await listAdminAudit(db)).items[0].action,
          "user.enabled",
        );
        const back = await authenticate(db, {
          email: user.email,
          password: TEST_PASSWORD,
          address: "203.0.113.9",
        });
        assert.equal(back.id, user.id);
        // Old sessions stay ended.
        assert.equal(await verifySession(db, secret, one.token), null);
        await rejectsWith(
          enableUser(db, admin, user.id),
          ConflictError,
          "Cannot enable user: it is not disabled",
        );
      },
    );
  } finally {
    await close();
  }
});
