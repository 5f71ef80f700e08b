// Access control end to end, in-process: who may see a booking (page and
// API), which session tokens are refused, and cross-origin form posts.
import assert from "node:assert/strict";
import { SignJWT, UnsecuredJWT } from "jose";
import { createTestApp, ORIGIN, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { createSession, JWT_AUDIENCE, JWT_ISSUER } from "@/lib/auth/session.ts";
import { formatDateTime, formatRange, formatTime } from "@/lib/format.ts";

const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";
const EVIL = "https://evil.example";

/** Fails when a body carries a stack trace, a file path or SQL. */
function assertNoLeak(body: string): void {
  for (
    const pattern of [
      /\bat \S+ \((?:file|ext|https?|node):/,
      /\bat (?:async )?\S+:\d+:\d+/,
      /file:\/\/\//,
      /\/work\/main|node_modules/,
      /\b(?:SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET)\b/,
      /PostgresError|SQLSTATE|invalid byte sequence|violates .* constraint/i,
      /\b(?:TypeError|ReferenceError|AppError|BadRequestError|ConflictError):/,
    ]
  ) {
    assert.doesNotMatch(body, pattern);
  }
}

/** The login redirect every refused page visit gets. */
async function assertLoginRedirect(res: Response, path: string) {
  await res.body?.cancel();
  assert.equal(res.status, 303);
  assert.equal(
    res.headers.get("location"),
    `/login?next=${encodeURIComponent(path)}`,
  );
}

/** A JSON API error with its status and code; returns the raw body. */
async function assertApiError(
  res: Response,
  status: number,
  code: string,
): Promise<string> {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 300));
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  const body = JSON.parse(text);
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(body.error.code, code);
  assertNoLeak(text);
  return text;
}

interface Claims {
  sub: string;
  jti: string;
  iss?: string;
  aud?: string;
  iat?: number;
  exp?: number;
}

/** Signs a session token with chosen claims, key and algorithm. */
function signToken(
  key: Uint8Array,
  claims: Claims,
  alg: "HS256" | "HS512" = "HS256",
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg, typ: "JWT" })
    .setIssuer(claims.iss ?? JWT_ISSUER)
    .setAudience(claims.aud ?? JWT_AUDIENCE)
    .setSubject(claims.sub)
    .setJti(claims.jti)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 3600)
    .sign(key);
}

Deno.test({
  name: `security: access, tokens and origins (${ENGINE})`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    const tag = crypto.randomUUID().slice(0, 6);
    const teacher = await createTestUser(app.db, {
      role: "teacher",
      username: `Ingrid Vexley ${tag}`,
      timeZone: "Europe/Berlin",
    });
    const student = await createTestUser(app.db, {
      role: "student",
      username: `Zelda Quartermain ${tag}`,
      timeZone: "Asia/Tokyo",
    });
    const outsider = await createTestUser(app.db, {
      role: "student",
      username: `Olive Outsider ${tag}`,
      timeZone: "America/New_York",
    });
    const otherTeacher = await createTestUser(app.db, { role: "teacher" });
    const NOTES = `Secret lesson notes ${tag}`;
    const booking = await createTestBooking(app.db, {
      teacher,
      student,
      notes: NOTES,
      startInMinutes: 3 * 24 * 60 + 17,
    });
    const page = `/bookings/${booking.id}`;
    const api = `/api/bookings/${booking.id}`;

    /** Everything about the booking an outsider must not learn. */
    const secrets = (() => {
      const out = [
        student.username,
        teacher.username,
        NOTES,
        booking.start_at.toISOString(),
        booking.end_at.toISOString(),
        booking.start_at.toISOString().slice(0, 16),
      ];
      for (
        const zone of [
          "UTC",
          teacher.time_zone,
          student.time_zone,
          outsider.time_zone,
        ]
      ) {
        out.push(
          formatRange(booking.start_at, booking.end_at, zone),
          formatDateTime(booking.start_at, zone),
          formatTime(booking.start_at, zone),
          formatTime(booking.end_at, zone),
        );
      }
      return out;
    })();
    const assertNothingOfTheBooking = (body: string) => {
      for (const secret of secrets) {
        assert.ok(!body.includes(secret), `body reveals "${secret}"`);
      }
      assertNoLeak(body);
    };

    const statusOf = async (id: string) =>
      (await app.db.query<{ status: string }>(
        "SELECT status FROM bookings WHERE id = $1",
        [id],
      ))[0].status;
    const freshBooking = (startInMinutes: number) =>
      createTestBooking(app.db, {
        teacher,
        student,
        status: "confirmed",
        startInMinutes,
      });
    let nextStart = 10 * 24 * 60;
    const later = () => freshBooking(nextStart += 120);
    const cancelForm = (reason = "Cannot make it") =>
      new URLSearchParams({ action: "cancel", reason }).toString();

    /** Page and API with a token, as cookie and as Bearer: all refused like anonymous. */
    const assertRefused = async (token: string) => {
      await assertLoginRedirect(await app.request(page, { token }), page);
      await assertLoginRedirect(
        await app.request(page, {
          headers: { authorization: `Bearer ${token}` },
        }),
        page,
      );
      await assertApiError(
        await app.request(api, { token }),
        401,
        "unauthorized",
      );
      await assertApiError(
        await app.request(api, {
          headers: { authorization: `Bearer ${token}` },
        }),
        401,
        "unauthorized",
      );
      await assertApiError(
        await app.request("/api/me", {
          headers: { authorization: `Bearer ${token}` },
        }),
        401,
        "unauthorized",
      );
    };

    try {
      // ------------------------------------------------ who sees a booking

      await t.step(
        "participants see the booking page and the API answer",
        async () => {
          for (const user of [student, teacher]) {
            const token = await app.tokenFor(user);
            const res = await app.request(page, { token });
            const html = await res.text();
            assert.equal(res.status, 200);
            assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
            assert.ok(html.includes(NOTES));
            const json = await app.request(api, { token });
            assert.equal(json.status, 200);
            assert.equal((await json.json()).id, booking.id);
          }
        },
      );

      await t.step(
        "anonymous visitors are sent to login (page) or get 401 (API)",
        async () => {
          await assertLoginRedirect(await app.request(page), page);
          await assertApiError(await app.request(api), 401, "unauthorized");
        },
      );

      await t.step(
        "an outsider gets 403 without names, times or notes, on the page and from the API",
        async () => {
          for (const user of [outsider, otherTeacher]) {
            const token = await app.tokenFor(user);
            const res = await app.request(page, { token });
            const html = await res.text();
            assert.equal(res.status, 403);
            assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
            assertNothingOfTheBooking(html);

            const text = await assertApiError(
              await app.request(api, { token }),
              403,
              "forbidden",
            );
            assertNothingOfTheBooking(text);
            const viaBearer = await assertApiError(
              await app.request(api, {
                headers: { authorization: `Bearer ${token}` },
              }),
              403,
              "forbidden",
            );
            assertNothingOfTheBooking(viaBearer);
          }
        },
      );

      await t.step(
        "an outsider cannot act on the booking: 403 and nothing changes",
        async () => {
          const token = await app.tokenFor(outsider);
          const res = await app.request(page, {
            method: "POST",
            token,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: cancelForm(),
          });
          const html = await res.text();
          assert.equal(res.status, 403);
          assertNothingOfTheBooking(html);
          for (const action of ["cancel", "confirm", "decline"]) {
            const text = await assertApiError(
              await app.request(`${api}/${action}`, {
                method: "POST",
                token,
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ reason: "Mine now" }),
              }),
              403,
              "forbidden",
            );
            assertNothingOfTheBooking(text);
          }
          assert.equal(await statusOf(booking.id), "confirmed");
        },
      );

      await t.step(
        "an unknown booking is a 404 that reveals nothing",
        async () => {
          const token = await app.tokenFor(outsider);
          const res = await app.request(`/bookings/${crypto.randomUUID()}`, {
            token,
          });
          const html = await res.text();
          assert.equal(res.status, 404);
          assertNoLeak(html);
          await assertApiError(
            await app.request(`/api/bookings/${crypto.randomUUID()}`, {
              token,
            }),
            404,
            "not_found",
          );
        },
      );

      // ------------------------------------------------------ bad tokens

      await t.step(
        "a token crafted here with valid claims is accepted (so the refusals below mean something)",
        async () => {
          const { sessionId } = await createSession(
            app.db,
            app.jwtSecret,
            student.id,
          );
          const token = await signToken(app.jwtSecret, {
            sub: student.id,
            jti: sessionId,
          });
          const res = await app.request(api, {
            headers: { authorization: `Bearer ${token}` },
          });
          assert.equal(res.status, 200);
          assert.equal((await res.json()).id, booking.id);
        },
      );

      await t.step("a token signed with another key is refused", async () => {
        const otherKey = crypto.getRandomValues(new Uint8Array(32));
        // A real session row, but the signature is not the app's.
        const { token } = await createSession(app.db, otherKey, student.id);
        await assertRefused(token);
      });

      await t.step("an alg: none token is refused", async () => {
        const { sessionId } = await createSession(
          app.db,
          app.jwtSecret,
          student.id,
        );
        const now = Math.floor(Date.now() / 1000);
        const token = new UnsecuredJWT({})
          .setIssuer(JWT_ISSUER)
          .setAudience(JWT_AUDIENCE)
          .setSubject(student.id)
          .setJti(sessionId)
          .setIssuedAt(now)
          .setExpirationTime(now + 3600)
          .encode();
        assert.match(token, /\.$/);
        await assertRefused(token);
        // The same claims with the app's key under another algorithm.
        await assertRefused(
          await signToken(
            app.jwtSecret,
            { sub: student.id, jti: sessionId },
            "HS512",
          ),
        );
      });

      await t.step(
        "an expired token is refused even though its session row is live",
        async () => {
          const { sessionId } = await createSession(
            app.db,
            app.jwtSecret,
            student.id,
          );
          const now = Math.floor(Date.now() / 1000);
          await assertRefused(
            await signToken(app.jwtSecret, {
              sub: student.id,
              jti: sessionId,
              iat: now - 7200,
              exp: now - 60,
            }),
          );
        },
      );

      await t.step(
        "a token for another audience or issuer is refused",
        async () => {
          const { sessionId } = await createSession(
            app.db,
            app.jwtSecret,
            student.id,
          );
          await assertRefused(
            await signToken(app.jwtSecret, {
              sub: student.id,
              jti: sessionId,
              aud: "another-app",
            }),
          );
          await assertRefused(
            await signToken(app.jwtSecret, {
              sub: student.id,
              jti: sessionId,
              iss: "someone-else",
            }),
          );
        },
      );

      await t.step(
        "a token naming another user's session is refused",
        async () => {
          const { sessionId } = await createSession(
            app.db,
            app.jwtSecret,
            outsider.id,
          );
          await assertRefused(
            await signToken(app.jwtSecret, { sub: student.id, jti: sessionId }),
          );
        },
      );

      await t.step("garbage tokens are refused", async () => {
        for (
          const token of [
            "x",
            "a.b.c",
            "eyJhbGciOiJIUzI1NiJ9..",
            "a".repeat(5000),
          ]
        ) {
          await assertRefused(token);
        }
      });

      await t.step(
        "a logged-out token is refused (API logout and form logout)",
        async () => {
          const viaApi = await app.tokenFor(student);
          const res = await app.request("/api/auth/logout", {
            method: "POST",
            headers: { authorization: `Bearer ${viaApi}` },
          });
          await res.body?.cancel();
          assert.equal(res.status, 204);
          await assertRefused(viaApi);

          const viaForm = await app.tokenFor(student);
          const form = await app.request("/logout", {
            method: "POST",
            token: viaForm,
          });
          await form.body?.cancel();
          assert.equal(form.status, 303);
          await assertRefused(viaForm);
        },
      );

      // ------------------------------------------------------ origins

      await t.step(
        "a same-origin form post works (the control for the refusals below)",
        async () => {
          const b = await later();
          const res = await app.request(`/bookings/${b.id}`, {
            method: "POST",
            token: await app.tokenFor(student),
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: cancelForm(),
          });
          await res.body?.cancel();
          assert.equal(res.status, 303);
          assert.equal(
            res.headers.get("location"),
            `/bookings/${b.id}?done=cancel`,
          );
          assert.equal(await statusOf(b.id), "cancelled");
        },
      );

      await t.step(
        "cross-origin form posts are refused with 403 and change nothing",
        async () => {
          const token = await app.tokenFor(student);
          const b = await later();
          for (
            const origin of [
              EVIL,
              "null",
              "http://localhost:8001",
              "https://localhost:8000",
            ]
          ) {
            const res = await app.request(`/bookings/${b.id}`, {
              method: "POST",
              token,
              headers: {
                origin,
                "content-type": "application/x-www-form-urlencoded",
              },
              body: cancelForm(),
            });
            const body = await res.text();
            assert.equal(res.status, 403, origin);
            assertNothingOfTheBooking(body);
          }
          assert.equal(await statusOf(b.id), "confirmed");

          // No Origin, but the browser says it is cross-site (or a sibling site).
          for (const site of ["cross-site", "same-site"]) {
            const res = await app.handler(
              new Request(new URL(`/bookings/${b.id}`, ORIGIN), {
                method: "POST",
                headers: {
                  cookie: `talkroom_session=${token}`,
                  "sec-fetch-site": site,
                  "content-type": "application/x-www-form-urlencoded",
                },
                body: cancelForm(),
              }),
            );
            await res.body?.cancel();
            assert.equal(res.status, 403, site);
          }
          assert.equal(await statusOf(b.id), "confirmed");

          // Logging somebody out or in from another site is refused too.
          const logout = await app.request("/logout", {
            method: "POST",
            token,
            headers: { origin: EVIL },
          });
          await logout.body?.cancel();
          assert.equal(logout.status, 403);
          const me = await app.request("/api/me", { token });
          await me.body?.cancel();
          assert.equal(me.status, 200, "the session survived");
          const login = await app.request("/login", {
            method: "POST",
            headers: {
              origin: EVIL,
              "content-type": "application/x-www-form-urlencoded",
            },
            body: new URLSearchParams({
              email: student.email,
              password: "correct horse battery staple",
            }).toString(),
          });
          await login.body?.cancel();
          assert.equal(login.status, 403);
          assert.equal(login.headers.get("set-cookie"), null);
        },
      );

      await t.step(
        "cross-origin API calls with cookie auth are refused with a JSON 403",
        async () => {
          const token = await app.tokenFor(student);
          const b = await later();
          for (const origin of [EVIL, "null"]) {
            await assertApiError(
              await app.request(`/api/bookings/${b.id}/cancel`, {
                method: "POST",
                token,
                headers: { origin, "content-type": "application/json" },
                body: JSON.stringify({ reason: "Forged" }),
              }),
              403,
              "forbidden",
            );
          }
          assert.equal(await statusOf(b.id), "confirmed");

          const teacherToken = await app.tokenFor(teacher);
          const [slot] = await app.db.query<{ id: string }>(
            "SELECT slot_id AS id FROM bookings WHERE id = $1",
            [b.id],
          );
          await assertApiError(
            await app.request(`/api/slots/${slot.id}`, {
              method: "DELETE",
              token: teacherToken,
              headers: { origin: EVIL },
            }),
            403,
            "forbidden",
          );
          await assertApiError(
            await app.request("/api/bookings", {
              method: "POST",
              token,
              headers: { origin: EVIL, "content-type": "application/json" },
              body: JSON.stringify({ slot_id: slot.id }),
            }),
            403,
            "forbidden",
          );
        },
      );

      await t.step(
        "a cross-origin API call with Authorization: Bearer is allowed (it cannot be forged by a page)",
        async () => {
          const b = await later();
          const res = await app.request(`/api/bookings/${b.id}/cancel`, {
            method: "POST",
            headers: {
              origin: EVIL,
              authorization: `Bearer ${await app.tokenFor(student)}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({ reason: "From my script" }),
          });
          const body = await res.json();
          assert.equal(res.status, 200);
          assert.equal(body.status, "cancelled");
          assert.equal(await statusOf(b.id), "cancelled");
        },
      );

      await t.step(
        "a malformed Bearer header never lets the cookie through cross-origin",
        async () => {
          const b = await later();
          for (
            const authorization of [
              "Bearer",
              "Bearer not a token",
              "Bearer <x>",
            ]
          ) {
            await assertApiError(
              await app.request(`/api/bookings/${b.id}/cancel`, {
                method: "POST",
                token: await app.tokenFor(student),
                headers: {
                  origin: EVIL,
                  authorization,
                  "content-type": "application/json",
                },
                body: JSON.stringify({ reason: "Forged" }),
              }),
              401,
              "unauthorized",
            );
          }
          assert.equal(await statusOf(b.id), "confirmed");
        },
      );

      // ------------------------------------------------------ error bodies

      await t.step(
        "input the database rejects never brings a stack trace or SQL into the answer",
        async () => {
          // PostgreSQL text cannot hold NUL characters.
          const b = await later();
          const token = await app.tokenFor(student);
          const res = await app.request(`/api/bookings/${b.id}/cancel`, {
            method: "POST",
            token,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ reason: "before\u0000after" }),
          });
          const text = await res.text();
          assert.ok(res.status >= 400, `${res.status}`);
          assert.match(
            res.headers.get("content-type") ?? "",
            /^application\/json/,
          );
          assertNoLeak(text);
          assert.ok(!text.includes("0x00"));

          const form = await app.request(`/bookings/${b.id}`, {
            method: "POST",
            token,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: cancelForm("before\u0000after"),
          });
          const html = await form.text();
          assert.ok(form.status >= 400, `${form.status}`);
          assertNoLeak(html);
          assert.ok(!html.includes("0x00"));
          assert.equal(await statusOf(b.id), "confirmed");
        },
      );
    } finally {
      await app.close();
    }
  },
});
