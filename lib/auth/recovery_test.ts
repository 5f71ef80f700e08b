import assert from "node:assert/strict";
import { createTestUser, openTestDatabase } from "@/tests/_db.ts";
import { BadRequestError, TooManyRequestsError } from "@/lib/errors.ts";
import { authenticate } from "@/lib/auth/users.ts";
import { createSession, verifySession } from "@/lib/auth/session.ts";
import { claimLoginAttempt, PAIR_FAILURE_LIMIT } from "@/lib/auth/throttle.ts";
import {
  RESET_ACCOUNT_LIMIT,
  RESET_ADDRESS_LIMIT,
} from "@/lib/auth/recovery_throttle.ts";
import { tokenHashHex } from "@/lib/auth/account_tokens.ts";
import {
  INVALID_RESET_LINK,
  isResetTokenLive,
  requestPasswordReset,
  RESET_TOKEN_TTL_SECONDS,
  resetPassword,
} from "@/lib/auth/recovery.ts";
import { lastLinkToken, sentFacts } from "@/lib/auth/_recovery_testing.ts";

const NEW_PASSWORD = "quiet harbour 7731";
const SECRET = crypto.getRandomValues(new Uint8Array(32));

let addresses = 0;
/** A client address no other test uses, so throttles do not mix. */
function freshAddress(): string {
  addresses += 1;
  return `10.9.${Math.floor(addresses / 250)}.${addresses % 250 + 1}`;
}

Deno.test("password recovery", async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    await t.step(
      "requestPasswordReset() stores only the SHA-256 of a 32-byte token, valid 30 minutes, and enqueues its link as password_reset mail",
      async () => {
        const user = await createTestUser(db);
        await requestPasswordReset(
          db,
          ` ${user.email.toUpperCase()} `,
          freshAddress(),
        );
        const token = await lastLinkToken(db, user.id, "password_reset");
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        const rows = await db.query<
          { hash: string; row: string; ttl: number; user_id: string }
        >(
          `SELECT encode(token_hash, 'hex') AS hash, t::text AS row, user_id,
                  extract(epoch FROM expires_at - created_at)::integer AS ttl
             FROM account_tokens t WHERE user_id = $1`,
          [user.id],
        );
        assert.equal(rows.length, 1);
        assert.equal(rows[0].hash, await tokenHashHex(token));
        assert.ok(!rows[0].row.includes(token), "the raw token is stored");
        assert.ok(
          !rows[0].row.includes(
            Array.from(new TextEncoder().encode(token)).map((b) =>
              b.toString(16).padStart(2, "0")
            ).join(""),
          ),
          "the raw token is stored as bytes",
        );
        assert.equal(rows[0].ttl, RESET_TOKEN_TTL_SECONDS);
        const [mail] = await db.query<{ email_status: string }>(
          "SELECT email_status FROM notifications WHERE user_id = $1",
          [user.id],
        );
        assert.equal(mail.email_status, "pending");
        const [facts] = await sentFacts(db, user.id, "password_reset");
        assert.equal(
          facts.link_path,
          `/reset-password?token=${token}`,
        );
        assert.ok(Date.parse(String(facts.expires_at)) > Date.now());
      },
    );

    await t.step(
      "requestPasswordReset() for an unknown address succeeds alike and writes nothing",
      async () => {
        const [before] = await db.query<{ tokens: number; mails: number }>(
          `SELECT (SELECT count(*) FROM account_tokens)::integer AS tokens,
                  (SELECT count(*) FROM notifications)::integer AS mails`,
        );
        await requestPasswordReset(
          db,
          "nobody-here@example.test",
          freshAddress(),
        );
        const [after] = await db.query<{ tokens: number; mails: number }>(
          `SELECT (SELECT count(*) FROM account_tokens)::integer AS tokens,
                  (SELECT count(*) FROM notifications)::integer AS mails`,
        );
        assert.deepEqual(after, before);
      },
    );

    await t.step(
      "resetPassword() sets the new password, ends every session and works once",
      async () => {
        const user = await createTestUser(db);
        const sessions = [
          await createSession(db, SECRET, user.id),
          await createSession(db, SECRET, user.id),
        ];
        await requestPasswordReset(db, user.email, freshAddress());
        const token = await lastLinkToken(db, user.id, "password_reset");
        const { userId, endedSessionIds } = await resetPassword(
          db,
          token,
          NEW_PASSWORD,
        );
        assert.equal(userId, user.id);
        assert.deepEqual(
          endedSessionIds.toSorted(),
          sessions.map((s) => s.sessionId).toSorted(),
        );
        for (const s of sessions) {
          assert.equal(await verifySession(db, SECRET, s.token), null);
        }
        const address = freshAddress();
        const signedIn = await authenticate(db, {
          email: user.email,
          password: NEW_PASSWORD,
          address,
        });
        assert.equal(signedIn.id, user.id);
        assert.equal(await isResetTokenLive(db, token), false);
        await assert.rejects(
          resetPassword(db, token, "another fine phrase 55"),
          (err) =>
            err instanceof BadRequestError &&
            err.message === INVALID_RESET_LINK,
        );
      },
    );

    await t.step(
      "two uses of one reset link at once: exactly one sets the password",
      async () => {
        const user = await createTestUser(db);
        await requestPasswordReset(db, user.email, freshAddress());
        const token = await lastLinkToken(db, user.id, "password_reset");
        const results = await Promise.allSettled([
          resetPassword(db, token, "first of two 8812"),
          resetPassword(db, token, "second of two 8812"),
        ]);
        assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
        const refused = results.find((r) => r.status === "rejected");
        assert.ok(refused?.reason instanceof BadRequestError);
      },
    );

    await t.step(
      "an expired reset link is refused and changes nothing",
      async () => {
        const user = await createTestUser(db);
        await requestPasswordReset(db, user.email, freshAddress());
        const token = await lastLinkToken(db, user.id, "password_reset");
        await db.query(
          `UPDATE account_tokens SET expires_at = now() - interval '1 second'
            WHERE user_id = $1`,
          [user.id],
        );
        assert.equal(await isResetTokenLive(db, token), false);
        await assert.rejects(
          resetPassword(db, token, NEW_PASSWORD),
          (err) =>
            err instanceof BadRequestError &&
            err.message === INVALID_RESET_LINK,
        );
        await assert.rejects(
          authenticate(db, {
            email: user.email,
            password: NEW_PASSWORD,
            address: freshAddress(),
          }),
        );
      },
    );

    await t.step(
      "a reset refuses a password the registration rules refuse and keeps the link usable",
      async () => {
        const user = await createTestUser(db, { username: "Marguerite" });
        await requestPasswordReset(db, user.email, freshAddress());
        const token = await lastLinkToken(db, user.id, "password_reset");
        for (const weak of ["password123", "my name is marguerite!"]) {
          await assert.rejects(
            resetPassword(db, token, weak),
            (err) => err instanceof BadRequestError && "password" in err.fields,
          );
        }
        assert.equal(await isResetTokenLive(db, token), true);
      },
    );

    await t.step(
      "a used reset link ends the user's other reset links and clears the failed sign-ins that locked the account",
      async () => {
        const user = await createTestUser(db);
        const address = freshAddress();
        for (let i = 0; i < PAIR_FAILURE_LIMIT; i++) {
          await claimLoginAttempt(db, user.email, address);
        }
        await assert.rejects(
          claimLoginAttempt(db, user.email, address),
          TooManyRequestsError,
        );
        await requestPasswordReset(db, user.email, freshAddress());
        const first = await lastLinkToken(db, user.id, "password_reset");
        await requestPasswordReset(db, user.email, freshAddress());
        const second = await lastLinkToken(db, user.id, "password_reset");
        assert.notEqual(first, second);
        await resetPassword(db, second, NEW_PASSWORD);
        assert.equal(await isResetTokenLive(db, first), false);
        const signedIn = await authenticate(db, {
          email: user.email,
          password: NEW_PASSWORD,
          address,
        });
        assert.equal(signedIn.id, user.id);
      },
    );

    await t.step(
      "reset requests are throttled per e-mail address, known or not, and per client address",
      async () => {
        const user = await createTestUser(db);
        for (const email of [user.email, "ghost-reset@example.test"]) {
          for (let i = 0; i < RESET_ACCOUNT_LIMIT; i++) {
            await requestPasswordReset(db, email, freshAddress());
          }
          await assert.rejects(
            requestPasswordReset(db, email, freshAddress()),
            (err) =>
              err instanceof TooManyRequestsError && err.retryAfter > 0 &&
              /^Too many password reset requests: try again in \d+ minutes$/
                .test(err.message),
          );
        }
        assert.equal(
          (await sentFacts(db, user.id, "password_reset")).length,
          RESET_ACCOUNT_LIMIT,
        );
        const address = freshAddress();
        for (let i = 0; i < RESET_ADDRESS_LIMIT; i++) {
          await requestPasswordReset(db, `spray-${i}@example.test`, address);
        }
        await assert.rejects(
          requestPasswordReset(db, user.email.replace("@", "-x@"), address),
          TooManyRequestsError,
        );
      },
    );

    await t.step(
      "strings that are not live tokens never match",
      async () => {
        for (
          const bad of ["", "x", "a".repeat(43), "a".repeat(500), "' OR 1=1 --"]
        ) {
          assert.equal(await isResetTokenLive(db, bad), false);
        }
      },
    );
  } finally {
    await close();
  }
});
