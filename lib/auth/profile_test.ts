import assert from "node:assert/strict";
import {
  createTestUser,
  openTestDatabase,
  TEST_PASSWORD,
} from "@/tests/_db.ts";
import {
  BadRequestError,
  ConflictError,
  TooManyRequestsError,
} from "@/lib/errors.ts";
import { authenticate, getUserById } from "@/lib/auth/users.ts";
import { createSession, verifySession } from "@/lib/auth/session.ts";
import { EMAIL_CHANGE_LIMIT } from "@/lib/auth/recovery_throttle.ts";
import { tokenHashHex } from "@/lib/auth/account_tokens.ts";
import { isResetTokenLive, requestPasswordReset } from "@/lib/auth/recovery.ts";
import {
  changePassword,
  confirmEmailChange,
  INVALID_EMAIL_LINK,
  pendingEmailChange,
  requestEmailChange,
  updateName,
} from "@/lib/auth/profile.ts";
import { lastLinkToken, sentFacts } from "@/lib/auth/_recovery_testing.ts";

const SECRET = crypto.getRandomValues(new Uint8Array(32));
const NEW_PASSWORD = "amber lantern 5520";
const ADDRESS = "10.8.0.1";

Deno.test("profile changes", async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    await t.step("updateName() renames the user", async () => {
      const user = await createTestUser(db);
      const renamed = await updateName(db, user.id, "Katherine Johnson");
      assert.equal(renamed.username, "Katherine Johnson");
      assert.equal(
        (await getUserById(db, user.id))?.username,
        "Katherine Johnson",
      );
    });

    await t.step(
      "changePassword() refuses a wrong current password and changes nothing",
      async () => {
        const user = await createTestUser(db);
        const other = await createSession(db, SECRET, user.id);
        await assert.rejects(
          changePassword(db, user, {
            current_password: "not the password",
            password: NEW_PASSWORD,
            address: ADDRESS,
          }, null),
          (err) =>
            err instanceof BadRequestError &&
            err.fields.current_password === "This is not your current password",
        );
        assert.ok(await verifySession(db, SECRET, other.token));
        const same = await authenticate(db, {
          email: user.email,
          password: TEST_PASSWORD,
          address: ADDRESS,
        });
        assert.equal(same.id, user.id);
      },
    );

    await t.step(
      "changePassword() ends every other session and keeps the current one",
      async () => {
        const user = await createTestUser(db);
        const current = await createSession(db, SECRET, user.id);
        const others = [
          await createSession(db, SECRET, user.id),
          await createSession(db, SECRET, user.id),
        ];
        const ended = await changePassword(db, user, {
          current_password: TEST_PASSWORD,
          password: NEW_PASSWORD,
          address: ADDRESS,
        }, current.sessionId);
        assert.deepEqual(
          ended.toSorted(),
          others.map((s) => s.sessionId).toSorted(),
        );
        assert.ok(await verifySession(db, SECRET, current.token));
        for (const s of others) {
          assert.equal(await verifySession(db, SECRET, s.token), null);
        }
        const signedIn = await authenticate(db, {
          email: user.email,
          password: NEW_PASSWORD,
          address: ADDRESS,
        });
        assert.equal(signedIn.id, user.id);
      },
    );

    await t.step(
      "changePassword() applies the registration rules to the new password",
      async () => {
        const user = await createTestUser(db);
        await assert.rejects(
          changePassword(db, user, {
            current_password: TEST_PASSWORD,
            password: "password123",
            address: ADDRESS,
          }, null),
          (err) => err instanceof BadRequestError && "password" in err.fields,
        );
      },
    );

    await t.step(
      "requestEmailChange() sends a link to the new address and a notice to the old one, and changes nothing yet",
      async () => {
        const user = await createTestUser(db);
        await requestEmailChange(db, user, {
          email: "  New.Address-1@Example.TEST ",
          current_password: TEST_PASSWORD,
          address: ADDRESS,
        });
        assert.equal((await getUserById(db, user.id))?.email, user.email);
        const facts = await sentFacts(db, user.id, "email_change");
        assert.equal(facts.length, 2);
        // One transaction: the same created_at, so no order between them.
        const link = facts.find((f) => f.notice === false)!;
        const notice = facts.find((f) => f.notice === true)!;
        assert.equal(link.send_to, "new.address-1@example.test");
        assert.equal(link.notice, false);
        assert.match(String(link.link_path), /^\/confirm-email\?token=/);
        assert.equal(notice.send_to, user.email);
        assert.equal(notice.notice, true);
        assert.equal(notice.new_email, "new.address-1@example.test");
        assert.ok(!String(notice.link_path).includes("token"));
        const token = await lastLinkToken(db, user.id, "email_change");
        const [row] = await db.query<{ hash: string; row: string }>(
          `SELECT encode(token_hash, 'hex') AS hash, t::text AS row
             FROM account_tokens t WHERE user_id = $1`,
          [user.id],
        );
        assert.equal(row.hash, await tokenHashHex(token));
        assert.ok(!row.row.includes(token));
        assert.equal(
          await pendingEmailChange(db, token),
          "new.address-1@example.test",
        );
      },
    );

    await t.step(
      "confirmEmailChange() moves the account to the new address once; the old reset links stop working",
      async () => {
        const user = await createTestUser(db);
        await requestPasswordReset(db, user.email, "10.8.1.1");
        const reset = await lastLinkToken(db, user.id, "password_reset");
        await requestEmailChange(db, user, {
          email: "moved-2@example.test",
          current_password: TEST_PASSWORD,
          address: ADDRESS,
        });
        const token = await lastLinkToken(db, user.id, "email_change");
        const moved = await confirmEmailChange(db, token);
        assert.equal(moved.email, "moved-2@example.test");
        assert.equal(
          (await getUserById(db, user.id))?.email,
          "moved-2@example.test",
        );
        assert.equal(await isResetTokenLive(db, reset), false);
        await assert.rejects(
          confirmEmailChange(db, token),
          (err) =>
            err instanceof BadRequestError &&
            err.message === INVALID_EMAIL_LINK,
        );
      },
    );

    await t.step(
      "an e-mail change to a registered address is refused, also when it was taken after the link was sent",
      async () => {
        const user = await createTestUser(db);
        const owner = await createTestUser(db);
        await assert.rejects(
          requestEmailChange(db, user, {
            email: owner.email.toUpperCase(),
            current_password: TEST_PASSWORD,
            address: ADDRESS,
          }),
          ConflictError,
        );
        assert.equal((await sentFacts(db, user.id, "email_change")).length, 0);

        await requestEmailChange(db, user, {
          email: "contested-3@example.test",
          current_password: TEST_PASSWORD,
          address: ADDRESS,
        });
        const token = await lastLinkToken(db, user.id, "email_change");
        await createTestUser(db, { email: "contested-3@example.test" });
        await assert.rejects(confirmEmailChange(db, token), ConflictError);
        assert.equal((await getUserById(db, user.id))?.email, user.email);
      },
    );

    await t.step(
      "an expired confirmation link changes nothing",
      async () => {
        const user = await createTestUser(db);
        await requestEmailChange(db, user, {
          email: "late-4@example.test",
          current_password: TEST_PASSWORD,
          address: ADDRESS,
        });
        const token = await lastLinkToken(db, user.id, "email_change");
        await db.query(
          `UPDATE account_tokens SET expires_at = now() - interval '1 second'
            WHERE user_id = $1`,
          [user.id],
        );
        assert.equal(await pendingEmailChange(db, token), null);
        await assert.rejects(confirmEmailChange(db, token), BadRequestError);
        assert.equal((await getUserById(db, user.id))?.email, user.email);
      },
    );

    await t.step(
      "requestEmailChange() needs the current password and is throttled per account",
      async () => {
        const user = await createTestUser(db);
        await assert.rejects(
          requestEmailChange(db, user, {
            email: "wrong-pw@example.test",
            current_password: "not it at all",
            address: ADDRESS,
          }),
          (err) =>
            err instanceof BadRequestError && "email_password" in err.fields,
        );
        for (let i = 0; i < EMAIL_CHANGE_LIMIT; i++) {
          await requestEmailChange(db, user, {
            email: `try-${i}-5@example.test`,
            current_password: TEST_PASSWORD,
            address: ADDRESS,
          });
        }
        await assert.rejects(
          requestEmailChange(db, user, {
            email: "one-more-5@example.test",
            current_password: TEST_PASSWORD,
            address: ADDRESS,
          }),
          TooManyRequestsError,
        );
      },
    );
  } finally {
    await close();
  }
});
