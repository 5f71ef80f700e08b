import { createTestUser, openTestDatabase } from "@/tests/_db.ts";
import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { createUser, type User } from "@/lib/auth/users.ts";
import {
  activeSessionIds,
  createSession,
  JWT_AUDIENCE,
  JWT_ISSUER,
  pruneSessions,
  revokeAllSessions,
  revokeSession,
  SESSION_TTL_SECONDS,
  verifySession,
} from "@/lib/auth/session.ts";

const b64url = (value: unknown) =>
  new TextEncoder().encode(JSON.stringify(value)).toBase64({
    alphabet: "base64url",
    omitPadding: true,
  });

Deno.test("sessions", async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const user = await createUser(db, {
      email: "sam@example.test",
      password: "session-password",
      username: "Sam",
      role: "student",
    });
    // A second user, inserted directly: it never signs in with a password.
    const [other] = await db.query<User>(
      `INSERT INTO users (email, username, role, password_hash)
       VALUES ('other@example.test', 'Other', 'teacher', 'unused') RETURNING *`,
    );
    const now = () => Math.floor(Date.now() / 1000);
    // A token signed like ours, with claims overridden, for an existing session row.
    const sign = async (
      claims: {
        sub?: string;
        jti?: string;
        iss?: string;
        aud?: string;
        exp?: number;
        iat?: number;
      },
      key: Uint8Array = secret,
      alg = "HS256",
    ) => {
      const jwt = new SignJWT({}).setProtectedHeader({ alg, typ: "JWT" });
      if (claims.iss !== "") jwt.setIssuer(claims.iss ?? JWT_ISSUER);
      if (claims.aud !== "") jwt.setAudience(claims.aud ?? JWT_AUDIENCE);
      if (claims.sub !== "") jwt.setSubject(claims.sub ?? user.id);
      if (claims.jti !== "") jwt.setJti(claims.jti ?? crypto.randomUUID());
      jwt.setIssuedAt(claims.iat ?? now());
      jwt.setExpirationTime(claims.exp ?? now() + 3600);
      return await jwt.sign(key);
    };

    await t.step(
      "createSession() signs an HS256 token naming the user and a new session row",
      async () => {
        const before = now();
        const session = await createSession(db, secret, user.id);
        const header = decodeProtectedHeader(session.token);
        assert.equal(header.alg, "HS256");
        const claims = decodeJwt(session.token);
        assert.equal(claims.iss, "talkroom");
        assert.equal(claims.aud, "talkroom");
        assert.equal(claims.sub, user.id);
        assert.equal(claims.jti, session.sessionId);
        assert.match(session.sessionId, /^[0-9a-f-]{36}$/);
        assert.ok(claims.iat! >= before && claims.iat! <= now());
        assert.equal(claims.exp, claims.iat! + SESSION_TTL_SECONDS);
        assert.equal(SESSION_TTL_SECONDS, 7 * 24 * 3600);
        assert.equal(session.expiresAt.getTime(), claims.exp! * 1000);
        const [row] = await db.query<
          { user_id: string; expires_at: Date; revoked_at: Date | null }
        >(
          "SELECT user_id, expires_at, revoked_at FROM sessions WHERE id = $1",
          [session.sessionId],
        );
        assert.equal(row.user_id, user.id);
        assert.equal(
          new Date(row.expires_at).getTime(),
          session.expiresAt.getTime(),
        );
        assert.equal(row.revoked_at, null);
      },
    );

    const live = await createSession(db, secret, user.id);

    await t.step(
      "verifySession() returns the user and session of a valid token",
      async () => {
        const result = await verifySession(db, secret, live.token);
        assert.deepEqual(result, { user, sessionId: live.sessionId });
      },
    );

    await t.step(
      "verifySession() returns null for a token signed with another key",
      async () => {
        const forged = await sign(
          { jti: live.sessionId },
          crypto.getRandomValues(new Uint8Array(32)),
        );
        assert.equal(await verifySession(db, secret, forged), null);
        assert.equal(
          await verifySession(
            db,
            crypto.getRandomValues(new Uint8Array(32)),
            live.token,
          ),
          null,
        );
      },
    );

    await t.step(
      "verifySession() returns null when the payload was changed after signing",
      async () => {
        const [header, , signature] = live.token.split(".");
        const claims = { ...decodeJwt(live.token), sub: other.id };
        assert.equal(
          await verifySession(
            db,
            secret,
            `${header}.${b64url(claims)}.${signature}`,
          ),
          null,
        );
      },
    );

    await t.step(
      'verifySession() returns null for an unsigned "alg: none" token',
      async () => {
        const claims = decodeJwt(live.token);
        const header = b64url({ alg: "none", typ: "JWT" });
        assert.equal(
          await verifySession(db, secret, `${header}.${b64url(claims)}.`),
          null,
        );
        assert.equal(
          await verifySession(db, secret, `${header}.${b64url(claims)}`),
          null,
        );
        const original = live.token.split(".")[2];
        assert.equal(
          await verifySession(
            db,
            secret,
            `${header}.${b64url(claims)}.${original}`,
          ),
          null,
        );
      },
    );

    await t.step(
      "verifySession() returns null for another HMAC algorithm, even with the right key",
      async () => {
        assert.equal(
          await verifySession(
            db,
            secret,
            await sign({ jti: live.sessionId }, secret, "HS512"),
          ),
          null,
        );
      },
    );

    await t.step(
      "a token verified once is refused once it expires, and under another secret",
      async () => {
        const soon = await sign({ jti: live.sessionId, exp: now() + 1 });
        assert.ok(await verifySession(db, secret, soon));
        const otherSecret = crypto.getRandomValues(new Uint8Array(32));
        assert.equal(await verifySession(db, otherSecret, soon), null);
        assert.ok(await verifySession(db, secret, soon)); // remembered
        await new Promise((r) => setTimeout(r, 2_100));
        assert.equal(await verifySession(db, secret, soon), null);
      },
    );

    await t.step(
      "verifySession() returns null for an expired token, even if its row is live",
      async () => {
        const expired = await sign({
          jti: live.sessionId,
          iat: now() - 7200,
          exp: now() - 3600,
        });
        assert.equal(await verifySession(db, secret, expired), null);
      },
    );

    await t.step(
      "verifySession() returns null for a wrong audience or issuer",
      async () => {
        assert.equal(
          await verifySession(
            db,
            secret,
            await sign({ jti: live.sessionId, aud: "other-app" }),
          ),
          null,
        );
        assert.equal(
          await verifySession(
            db,
            secret,
            await sign({ jti: live.sessionId, iss: "other-app" }),
          ),
          null,
        );
      },
    );

    await t.step(
      "verifySession() returns null when a required claim is missing",
      async () => {
        for (const missing of ["sub", "jti", "iss", "aud"] as const) {
          assert.equal(
            await verifySession(
              db,
              secret,
              await sign({ jti: live.sessionId, [missing]: "" }),
            ),
            null,
            missing,
          );
        }
        const noExp = await new SignJWT({}).setProtectedHeader({ alg: "HS256" })
          .setIssuer(JWT_ISSUER)
          .setAudience(JWT_AUDIENCE).setSubject(user.id).setJti(live.sessionId)
          .setIssuedAt().sign(secret);
        assert.equal(await verifySession(db, secret, noExp), null);
      },
    );

    await t.step(
      "verifySession() returns null when the session row is missing or of another user",
      async () => {
        assert.equal(await verifySession(db, secret, await sign({})), null);
        assert.equal(
          await verifySession(
            db,
            secret,
            await sign({ jti: live.sessionId, sub: other.id }),
          ),
          null,
        );
        assert.equal(
          await verifySession(db, secret, await sign({ jti: "not-a-uuid" })),
          null,
        );
        assert.equal(
          await verifySession(
            db,
            secret,
            await sign({ jti: live.sessionId, sub: "admin" }),
          ),
          null,
        );
      },
    );

    await t.step(
      "verifySession() returns null for malformed tokens",
      async () => {
        for (
          const token of [
            "",
            "abc",
            "a.b.c",
            "...",
            live.token + "x",
            "x".repeat(10_000),
            null,
            7,
          ]
        ) {
          assert.equal(
            await verifySession(db, secret, token as string),
            null,
            String(token).slice(0, 20),
          );
        }
      },
    );

    await t.step(
      "verifySession() returns null when the session row has expired",
      async () => {
        const session = await createSession(db, secret, user.id);
        await db.query(
          "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1",
          [
            session.sessionId,
          ],
        );
        assert.equal(await verifySession(db, secret, session.token), null);
      },
    );

    await t.step(
      "revokeSession() ends the session: the same token is refused afterwards",
      async () => {
        const session = await createSession(db, secret, user.id);
        assert.ok(await verifySession(db, secret, session.token));
        await revokeSession(db, session.sessionId);
        assert.equal(await verifySession(db, secret, session.token), null);
        await revokeSession(db, session.sessionId);
        await revokeSession(db, "not-a-uuid");
        assert.ok(
          await verifySession(db, secret, live.token),
          "other sessions stay live",
        );
      },
    );

    await t.step(
      "revokeAllSessions() ends every session of the user only",
      async () => {
        const a = await createSession(db, secret, user.id);
        const b = await createSession(db, secret, user.id);
        const theirs = await createSession(db, secret, other.id);
        const [{ open }] = await db.query<{ open: number }>(
          "SELECT count(*)::integer AS open FROM sessions WHERE user_id = $1 AND revoked_at IS NULL",
          [user.id],
        );
        assert.equal(await revokeAllSessions(db, user.id), open);
        for (const s of [a, b, live]) {
          assert.equal(await verifySession(db, secret, s.token), null);
        }
        assert.equal(
          (await verifySession(db, secret, theirs.token))?.user.id,
          other.id,
        );
        assert.equal(await revokeAllSessions(db, user.id), 0);
      },
    );

    await t.step("a session ends when its user is deleted", async () => {
      const [temp] = await db.query<{ id: string }>(
        `INSERT INTO users (email, username, role, password_hash)
         VALUES ('temp@example.test', 'Temp', 'student', 'unused') RETURNING id`,
      );
      const session = await createSession(db, secret, temp.id);
      await db.query("DELETE FROM users WHERE id = $1", [temp.id]);
      assert.equal(await verifySession(db, secret, session.token), null);
    });

    await t.step(
      "pruneSessions() deletes sessions expired or revoked more than a day ago",
      async () => {
        await db.query("DELETE FROM sessions");
        const ids = await Promise.all(
          Array.from(
            { length: 5 },
            async () => (await createSession(db, secret, other.id)).sessionId,
          ),
        );
        const set = (sql: string, id: string) =>
          db.query(`UPDATE sessions SET ${sql} WHERE id = $1`, [id]);
        await set("expires_at = now() - interval '2 days'", ids[0]);
        await set("revoked_at = now() - interval '2 days'", ids[1]);
        await set("expires_at = now() - interval '1 hour'", ids[2]);
        await set("revoked_at = now() - interval '1 hour'", ids[3]);
        assert.equal(await pruneSessions(db), 2);
        const left = (await db.query<{ id: string }>("SELECT id FROM sessions"))
          .map((r) => r.id).sort();
        assert.deepEqual(left, ids.slice(2).sort());
      },
    );
  } finally {
    await close();
  }
});

Deno.test("activeSessionIds() keeps only the live sessions of the ids given", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const user = await createTestUser(db);
    const [live, revoked, expired] = await Promise.all(
      Array.from(
        { length: 3 },
        async () => (await createSession(db, secret, user.id)).sessionId,
      ),
    );
    await revokeSession(db, revoked);
    await db.query(
      "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1",
      [expired],
    );
    const unknown = crypto.randomUUID();
    assert.deepEqual(
      await activeSessionIds(db, [live, revoked, expired, unknown, "nope"]),
      new Set([live]),
    );
    assert.deepEqual(await activeSessionIds(db, []), new Set());
  } finally {
    await close();
  }
});
