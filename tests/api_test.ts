// The JSON API in-process: every route of ARCHITECTURE.md's "JSON API" with
// real Requests. Each check asserts the status, then the content type, then
// the body.
import assert from "node:assert/strict";
import { createTestApp, TEST_PASSWORD, type TestApp } from "@/tests/_app.ts";
import {
  createTestBooking,
  createTestSlot,
  createTestUser,
  randomEmail,
} from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";

const MINUTE = 60_000;
const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SNAKE = /^[a-z]+(_[a-z]+)*$/;
const BOOKING_FIELDS = [
  "id",
  "slot_id",
  "student_id",
  "teacher_id",
  "start_at",
  "end_at",
  "status",
  "notes",
  "cancel_reason",
  "cancelled_by",
  "created_at",
  "updated_at",
  "student",
  "teacher",
];

// deno-lint-ignore no-explicit-any
type Json = any;

/** Status, then content type, then the parsed JSON body. */
async function expectJson(res: Response, status: number): Promise<Json> {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 500));
  assert.match(
    res.headers.get("content-type") ?? "",
    /^application\/json\b/,
    `content-type of a ${res.status}`,
  );
  return JSON.parse(text);
}

/** An API error: status, JSON, `{error: {code, message}}` and nothing else. */
async function expectError(
  res: Response,
  status: number,
  code: string,
): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
  const body = await expectJson(res, status);
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, "string");
  assert.ok(body.error.message.length > 0);
  return body.error;
}

/** A 400 whose `error.fields` names the field. */
async function expectFieldError(
  res: Response,
  field: string,
): Promise<string> {
  const error = await expectError(res, 400, "invalid_request");
  assert.equal(
    typeof error.fields?.[field],
    "string",
    `error.fields.${field} in ${JSON.stringify(error)}`,
  );
  return error.fields![field];
}

function assertParticipant(value: Json, user: User): void {
  assert.deepEqual(value, { id: user.id, username: user.username });
}

function assertBookingShape(b: Json): void {
  for (const field of BOOKING_FIELDS) {
    assert.ok(field in b, `booking field ${field}`);
  }
  for (const key of Object.keys(b)) assert.match(key, SNAKE);
  for (const key of ["start_at", "end_at", "created_at", "updated_at"]) {
    assert.match(b[key], ISO, key);
  }
  assert.deepEqual(Object.keys(b.student).sort(), ["id", "username"]);
  assert.deepEqual(Object.keys(b.teacher).sort(), ["id", "username"]);
}

function assertSlotShape(s: Json): void {
  for (const field of ["id", "teacher_id", "start_at", "end_at"]) {
    assert.ok(field in s, `slot field ${field}`);
  }
  for (const key of Object.keys(s)) assert.match(key, SNAKE);
  assert.match(s.start_at, ISO);
  assert.match(s.end_at, ISO);
}

Deno.test({
  name: `JSON API (${ENGINE})`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    const teacher = (options: { autoConfirm?: boolean } = {}) =>
      createTestUser(app.db, { role: "teacher", ...options });
    const student = () => createTestUser(app.db, { role: "student" });

    /** A JSON request with Bearer auth (or none). */
    const call = async (
      method: string,
      path: string,
      options: { user?: User; token?: string; body?: unknown } = {},
    ) => {
      const headers = new Headers();
      const token = options.token ??
        (options.user ? await app.tokenFor(options.user) : undefined);
      if (token) headers.set("authorization", `Bearer ${token}`);
      let body: string | undefined;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers.set("content-type", "application/json");
        headers.set(
          "content-length",
          String(new TextEncoder().encode(body).length),
        );
      }
      return await app.request(path, { method, headers, body });
    };

    try {
      // ------------------------------------------------------------ auth

      await t.step(
        "POST /api/auth/register creates an account: 201 {user} without the hash",
        async () => {
          const email = randomEmail("new");
          const res = await call("POST", "/api/auth/register", {
            body: {
              email,
              password: TEST_PASSWORD,
              username: "Newcomer",
              role: "student",
              time_zone: "Europe/Berlin",
            },
          });
          const body = await expectJson(res, 201);
          assert.deepEqual(Object.keys(body), ["user"]);
          const user = body.user;
          assert.equal(user.email, email);
          assert.equal(user.username, "Newcomer");
          assert.equal(user.role, "student");
          assert.equal(user.time_zone, "Europe/Berlin");
          assert.match(user.created_at, ISO);
          for (const key of Object.keys(user)) assert.match(key, SNAKE);
          assert.ok(!JSON.stringify(body).includes("pbkdf2"));
          assert.ok(!("password_hash" in user) && !("password" in user));

          const again = await call("POST", "/api/auth/register", {
            body: {
              email: email.toUpperCase(),
              password: TEST_PASSWORD,
              username: "Copycat",
              role: "teacher",
            },
          });
          await expectError(again, 409, "conflict");
        },
      );

      await t.step(
        "POST /api/auth/register answers bad bodies with 400 and field messages",
        async () => {
          const res = await call("POST", "/api/auth/register", {
            body: { email: "nope", password: "short", username: "x" },
          });
          const error = await expectError(res, 400, "invalid_request");
          for (const field of ["email", "password", "username", "role"]) {
            assert.equal(typeof error.fields?.[field], "string", field);
          }
          await expectFieldError(
            await call("POST", "/api/auth/register", {
              body: {
                email: randomEmail(),
                password: TEST_PASSWORD,
                username: "Admin wannabe",
                role: "admin",
              },
            }),
            "role",
          );
        },
      );

      await t.step(
        "POST /api/auth/login answers 200 {token, user} and sets the session cookie",
        async () => {
          const bob = await student();
          const res = await call("POST", "/api/auth/login", {
            body: {
              email: ` ${bob.email.toUpperCase()} `,
              password: TEST_PASSWORD,
            },
          });
          const cookie = res.headers.get("set-cookie") ?? "";
          const body = await expectJson(res, 200);
          assert.deepEqual(Object.keys(body).sort(), ["token", "user"]);
          assert.equal(body.user.id, bob.id);
          assert.equal(body.user.email, bob.email);
          assert.ok(!("password_hash" in body.user));
          assert.match(body.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
          assert.ok(
            cookie.startsWith(`talkroom_session=${body.token};`),
            cookie,
          );
          assert.match(cookie, /HttpOnly/i);
          assert.match(cookie, /SameSite=Lax/i);
          assert.equal(res.headers.get("cache-control"), "no-store");

          // The token works as a Bearer token and as the cookie.
          const viaBearer = await expectJson(
            await call("GET", "/api/me", { token: body.token }),
            200,
          );
          assert.equal(viaBearer.user.id, bob.id);
          const viaCookie = await expectJson(
            await app.request("/api/me", { token: body.token }),
            200,
          );
          assert.equal(viaCookie.user.id, bob.id);
        },
      );

      await t.step(
        "POST /api/auth/login refuses a wrong password with 401 and bad bodies with 400",
        async () => {
          const bob = await student();
          const res = await call("POST", "/api/auth/login", {
            body: { email: bob.email, password: "not the password" },
          });
          assert.equal(res.headers.get("set-cookie"), null);
          const error = await expectError(res, 401, "unauthorized");
          assert.equal(error.message, "Email or password is incorrect");
          const bad = await expectError(
            await call("POST", "/api/auth/login", { body: {} }),
            400,
            "invalid_request",
          );
          assert.equal(typeof bad.fields?.email, "string");
          assert.equal(typeof bad.fields?.password, "string");
        },
      );

      await t.step(
        "GET /api/me answers the signed-in user, 401 without a session",
        async () => {
          const bob = await student();
          const body = await expectJson(
            await call("GET", "/api/me", { user: bob }),
            200,
          );
          assert.equal(body.user.id, bob.id);
          assert.equal(body.user.username, bob.username);
          assert.equal(body.user.role, "student");
          for (const key of Object.keys(body.user)) assert.match(key, SNAKE);
          await expectError(await call("GET", "/api/me"), 401, "unauthorized");
        },
      );

      await t.step(
        "POST /api/auth/logout ends the session: the token is refused afterwards",
        async () => {
          const bob = await student();
          const token = await app.tokenFor(bob);
          const other = await app.tokenFor(bob);
          const res = await call("POST", "/api/auth/logout", { token });
          assert.equal(res.status, 204);
          assert.equal(await res.text(), "");
          const cookie = res.headers.get("set-cookie") ?? "";
          assert.match(cookie, /^talkroom_session=;/);
          assert.match(cookie, /Max-Age=0/);
          await expectError(
            await call("GET", "/api/me", { token }),
            401,
            "unauthorized",
          );
          await expectError(
            await app.request("/api/me", { token }),
            401,
            "unauthorized",
          );
          // Only that session ended.
          await expectJson(await call("GET", "/api/me", { token: other }), 200);
        },
      );

      // ------------------------------------------------------------ slots

      await t.step(
        "POST /api/slots publishes a slot for a teacher: 201",
        async () => {
          const ada = await teacher();
          const start = new Date(Date.now() + 2 * 24 * 60 * MINUTE);
          start.setUTCSeconds(0, 0);
          const end = new Date(start.getTime() + 50 * MINUTE);
          const body = await expectJson(
            await call("POST", "/api/slots", {
              user: ada,
              body: {
                start_at: start.toISOString(),
                end_at: end.toISOString(),
              },
            }),
            201,
          );
          assertSlotShape(body);
          assert.equal(body.teacher_id, ada.id);
          assert.equal(body.start_at, start.toISOString());
          assert.equal(body.end_at, end.toISOString());

          const weekly = await expectJson(
            await call("POST", "/api/slots", {
              user: ada,
              body: {
                start_at: new Date(start.getTime() + 2 * 60 * MINUTE)
                  .toISOString(),
                end_at: new Date(end.getTime() + 2 * 60 * MINUTE)
                  .toISOString(),
                repeat_weeks: 3,
              },
            }),
            201,
          );
          assert.equal(weekly.series.length, 3);
          weekly.series.forEach(assertSlotShape);
        },
      );

      await t.step(
        "POST /api/slots refuses students (403), bad dates (400), overlaps (409) and anonymous callers (401)",
        async () => {
          const ada = await teacher();
          const start = new Date(Date.now() + 3 * 24 * 60 * MINUTE);
          const slot = {
            start_at: start.toISOString(),
            end_at: new Date(start.getTime() + 60 * MINUTE).toISOString(),
          };
          await expectError(
            await call("POST", "/api/slots", {
              user: await student(),
              body: slot,
            }),
            403,
            "forbidden",
          );
          await expectError(
            await call("POST", "/api/slots", { body: slot }),
            401,
            "unauthorized",
          );
          await expectFieldError(
            await call("POST", "/api/slots", {
              user: ada,
              body: { ...slot, start_at: "tomorrow at noon" },
            }),
            "start_at",
          );
          await expectFieldError(
            await call("POST", "/api/slots", {
              user: ada,
              body: { start_at: slot.start_at },
            }),
            "end_at",
          );
          await expectFieldError(
            await call("POST", "/api/slots", {
              user: ada,
              body: { ...slot, end_at: "2027-13-45T25:00:00Z" },
            }),
            "end_at",
          );
          await expectFieldError(
            await call("POST", "/api/slots", {
              user: ada,
              body: { start_at: slot.end_at, end_at: slot.start_at },
            }),
            "end_at",
          );
          await expectFieldError(
            await call("POST", "/api/slots", {
              user: ada,
              body: {
                start_at: "2020-01-01T10:00:00Z",
                end_at: "2020-01-01T11:00:00Z",
              },
            }),
            "start_at",
          );
          await expectJson(
            await call("POST", "/api/slots", { user: ada, body: slot }),
            201,
          );
          await expectError(
            await call("POST", "/api/slots", { user: ada, body: slot }),
            409,
            "conflict",
          );
        },
      );

      await t.step(
        "GET /api/slots lists open future slots, filtered by teacher_id, from and to",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const early = await createTestSlot(app.db, ada, {
            startInMinutes: 10_000,
          });
          const late = await createTestSlot(app.db, ada, {
            startInMinutes: 12_000,
          });
          const booked = await createTestSlot(app.db, ada, {
            startInMinutes: 11_000,
          });
          await createTestSlot(app.db, ada, { startInMinutes: -30 });
          await createTestBooking(app.db, {
            teacher: await teacher(),
            student: bob,
            startInMinutes: 20_000,
          });
          await app.db.query(
            `INSERT INTO bookings (slot_id, student_id, teacher_id, start_at, end_at, status)
             VALUES ($1, $2, $3, $4, $5, 'pending')`,
            [booked.id, bob.id, ada.id, booked.start_at, booked.end_at],
          );

          const all = await expectJson(
            await call("GET", `/api/slots?teacher_id=${ada.id}`, { user: bob }),
            200,
          );
          assert.deepEqual(Object.keys(all), ["slots", "next"]);
          assert.equal(all.next, null);
          assert.deepEqual(all.slots.map((s: Json) => s.id), [
            early.id,
            late.id,
          ]);
          all.slots.forEach(assertSlotShape);
          assertParticipant(all.slots[0].teacher, ada);

          const from = new Date(early.start_at.getTime() + MINUTE)
            .toISOString();
          const to = new Date(late.start_at.getTime()).toISOString();
          const after = await expectJson(
            await call(
              "GET",
              `/api/slots?teacher_id=${ada.id}&from=${
                encodeURIComponent(from)
              }`,
              { user: bob },
            ),
            200,
          );
          assert.deepEqual(after.slots.map((s: Json) => s.id), [late.id]);
          const before = await expectJson(
            await call(
              "GET",
              `/api/slots?teacher_id=${ada.id}&to=${encodeURIComponent(to)}`,
              { user: bob },
            ),
            200,
          );
          assert.deepEqual(before.slots.map((s: Json) => s.id), [early.id]);

          await expectFieldError(
            await call("GET", "/api/slots?teacher_id=42", { user: bob }),
            "teacher_id",
          );
          await expectFieldError(
            await call("GET", "/api/slots?from=yesterday", { user: bob }),
            "from",
          );
          await expectError(
            await call("GET", "/api/slots"),
            401,
            "unauthorized",
          );
        },
      );

      await t.step(
        "DELETE /api/slots/:id removes an open slot: 204, then 404",
        async () => {
          const ada = await teacher();
          const slot = await createTestSlot(app.db, ada);
          const res = await call("DELETE", `/api/slots/${slot.id}`, {
            user: ada,
          });
          assert.equal(res.status, 204);
          assert.equal(await res.text(), "");
          const listed = await expectJson(
            await call("GET", `/api/slots?teacher_id=${ada.id}`, { user: ada }),
            200,
          );
          assert.deepEqual(listed.slots, []);
          await expectError(
            await call("DELETE", `/api/slots/${slot.id}`, { user: ada }),
            404,
            "not_found",
          );
          await expectError(
            await call("DELETE", "/api/slots/not-a-uuid", { user: ada }),
            404,
            "not_found",
          );
        },
      );

      await t.step(
        "DELETE /api/slots/:id refuses another teacher (403), a booked slot (409) and anonymous callers (401)",
        async () => {
          const ada = await teacher();
          const slot = await createTestSlot(app.db, ada);
          await expectError(
            await call("DELETE", `/api/slots/${slot.id}`, {
              user: await teacher(),
            }),
            403,
            "forbidden",
          );
          await expectError(
            await call("DELETE", `/api/slots/${slot.id}`),
            401,
            "unauthorized",
          );
          await expectJson(
            await call("POST", "/api/bookings", {
              user: await student(),
              body: { slot_id: slot.id },
            }),
            201,
          );
          await expectError(
            await call("DELETE", `/api/slots/${slot.id}`, { user: ada }),
            409,
            "conflict",
          );
        },
      );

      // ------------------------------------------------------------ bookings

      await t.step(
        "POST /api/bookings books a slot: 201 with the booking and both participants",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const slot = await createTestSlot(app.db, ada);
          const body = await expectJson(
            await call("POST", "/api/bookings", {
              user: bob,
              body: { slot_id: slot.id, notes: "Conversation practice" },
            }),
            201,
          );
          assertBookingShape(body);
          assert.equal(body.slot_id, slot.id);
          assert.equal(body.student_id, bob.id);
          assert.equal(body.teacher_id, ada.id);
          assert.equal(body.status, "pending");
          assert.equal(body.notes, "Conversation practice");
          assert.equal(body.cancel_reason, null);
          assert.equal(body.cancelled_by, null);
          assert.equal(body.start_at, slot.start_at.toISOString());
          assert.equal(body.end_at, slot.end_at.toISOString());
          assertParticipant(body.student, bob);
          assertParticipant(body.teacher, ada);

          const auto = await teacher({ autoConfirm: true });
          const autoSlot = await createTestSlot(app.db, auto);
          const confirmed = await expectJson(
            await call("POST", "/api/bookings", {
              user: await student(),
              body: { slot_id: autoSlot.id, notes: null },
            }),
            201,
          );
          assert.equal(confirmed.status, "confirmed");
          assert.equal(confirmed.notes, null);
        },
      );

      await t.step(
        "POST /api/bookings refuses teachers (403), unknown slots (404), taken slots and overlaps (409)",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const slot = await createTestSlot(app.db, ada, {
            startInMinutes: 30_000,
          });
          await expectError(
            await call("POST", "/api/bookings", {
              user: ada,
              body: { slot_id: slot.id },
            }),
            403,
            "forbidden",
          );
          await expectError(
            await call("POST", "/api/bookings", {
              user: bob,
              body: { slot_id: crypto.randomUUID() },
            }),
            404,
            "not_found",
          );
          await expectError(
            await call("POST", "/api/bookings", {
              body: { slot_id: slot.id },
            }),
            401,
            "unauthorized",
          );
          await expectJson(
            await call("POST", "/api/bookings", {
              user: bob,
              body: { slot_id: slot.id },
            }),
            201,
          );
          await expectError(
            await call("POST", "/api/bookings", {
              user: await student(),
              body: { slot_id: slot.id },
            }),
            409,
            "conflict",
          );
          const overlapping = await createTestSlot(app.db, await teacher(), {
            startInMinutes: 30_030,
          });
          const overlap = await expectError(
            await call("POST", "/api/bookings", {
              user: bob,
              body: { slot_id: overlapping.id },
            }),
            409,
            "conflict",
          );
          assert.match(overlap.message, /you already have a booking/);
        },
      );

      await t.step(
        "POST /api/bookings answers a missing or malformed slot_id and long notes with 400 and the field",
        async () => {
          const bob = await student();
          await expectFieldError(
            await call("POST", "/api/bookings", { user: bob, body: {} }),
            "slot_id",
          );
          for (const slot_id of ["42", "not-a-uuid", 7, null]) {
            await expectFieldError(
              await call("POST", "/api/bookings", {
                user: bob,
                body: { slot_id },
              }),
              "slot_id",
            );
          }
          await expectFieldError(
            await call("POST", "/api/bookings", {
              user: bob,
              body: { slot_id: crypto.randomUUID(), notes: "x".repeat(2001) },
            }),
            "notes",
          );
        },
      );

      await t.step(
        "text with a NUL character (which PostgreSQL cannot store) is a 400 on the field, not a 500",
        async () => {
          const bob = await student();
          const slot = await createTestSlot(app.db, await teacher());
          await expectFieldError(
            await call("POST", "/api/bookings", {
              user: bob,
              body: { slot_id: slot.id, notes: "before\u0000after" },
            }),
            "notes",
          );
          const owner = await student();
          const b = await createTestBooking(app.db, {
            teacher: await teacher(),
            student: owner,
            startInMinutes: 70_000,
          });
          await expectFieldError(
            await call("POST", `/api/bookings/${b.id}/cancel`, {
              user: owner,
              body: { reason: "before\u0000after" },
            }),
            "reason",
          );
        },
      );

      // Bad bodies the schema never sees still say what is wrong, field by field.
      const badBodies: [string, RequestInit][] = [
        ["a body that is not JSON", {
          headers: { "content-type": "application/json" },
          body: "{slot_id: nope",
        }],
        ["a JSON body sent as text/plain", {
          headers: { "content-type": "text/plain" },
          body: JSON.stringify({ slot_id: crypto.randomUUID() }),
        }],
        ["a body without a content type", {
          body: new Blob([JSON.stringify({ slot_id: crypto.randomUUID() })]),
        }],
      ];
      for (const [what, init] of badBodies) {
        await t.step(
          `POST /api/bookings answers ${what} with 400 and a field-level message`,
          async () => {
            const bob = await student();
            const headers = new Headers(init.headers);
            headers.set("authorization", `Bearer ${await app.tokenFor(bob)}`);
            const res = await app.request("/api/bookings", {
              ...init,
              method: "POST",
              headers,
            });
            const error = await expectError(res, 400, "invalid_request");
            assert.ok(
              error.fields && Object.keys(error.fields).length > 0 &&
                Object.values(error.fields).every((v) =>
                  typeof v === "string" && v.length > 0
                ),
              `expected error.fields in ${JSON.stringify(error)}`,
            );
          },
        );
      }

      await t.step(
        "POST /api/bookings answers a body over 64 KiB with 413 payload_too_large",
        async () => {
          const bob = await student();
          const res = await app.request("/api/bookings", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              authorization: `Bearer ${await app.tokenFor(bob)}`,
            },
            body: JSON.stringify({
              slot_id: crypto.randomUUID(),
              notes: "x".repeat(70 * 1024),
            }),
          });
          await expectError(res, 413, "payload_too_large");
        },
      );

      await t.step(
        "GET /api/bookings returns only the caller's bookings",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const eve = await student();
          const mine = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            startInMinutes: 40_000,
          });
          const theirs = await createTestBooking(app.db, {
            teacher: ada,
            student: eve,
            startInMinutes: 40_100,
          });
          const body = await expectJson(
            await call("GET", "/api/bookings", { user: bob }),
            200,
          );
          assert.deepEqual(Object.keys(body), ["bookings", "next"]);
          assert.equal(body.next, null);
          assert.deepEqual(body.bookings.map((b: Json) => b.id), [mine.id]);
          body.bookings.forEach(assertBookingShape);
          assertParticipant(body.bookings[0].student, bob);
          assertParticipant(body.bookings[0].teacher, ada);
          const teachers = await expectJson(
            await call("GET", "/api/bookings", { user: ada }),
            200,
          );
          assert.deepEqual(
            teachers.bookings.map((b: Json) => b.id),
            [mine.id, theirs.id],
          );
          const outsider = await expectJson(
            await call("GET", "/api/bookings", { user: await student() }),
            200,
          );
          assert.deepEqual(outsider.bookings, []);
          await expectError(
            await call("GET", "/api/bookings"),
            401,
            "unauthorized",
          );
        },
      );

      await t.step(
        "GET /api/bookings filters by status and scope=upcoming|past",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const upcoming = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            status: "pending",
            startInMinutes: 50_000,
          });
          const confirmed = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            status: "confirmed",
            startInMinutes: 49_000,
          });
          const past = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            status: "completed",
            startInMinutes: -5_000,
          });
          const ids = async (query: string) =>
            (await expectJson(
              await call("GET", `/api/bookings${query}`, { user: bob }),
              200,
            )).bookings.map((b: Json) => b.id);
          assert.deepEqual(await ids("?scope=upcoming"), [
            confirmed.id,
            upcoming.id,
          ]);
          assert.deepEqual(await ids("?scope=past"), [past.id]);
          assert.deepEqual(await ids("?status=pending"), [upcoming.id]);
          assert.deepEqual(await ids("?status=completed&scope=past"), [
            past.id,
          ]);
          assert.deepEqual(await ids("?status=cancelled"), []);
          await expectFieldError(
            await call("GET", "/api/bookings?status=archived", { user: bob }),
            "status",
          );
          await expectFieldError(
            await call("GET", "/api/bookings?scope=forever", { user: bob }),
            "scope",
          );
        },
      );

      await t.step(
        "GET /api/bookings/:id answers a participant, 403 an outsider, 404 an unknown id",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const b = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            notes: "Bring the worksheet",
          });
          for (const user of [bob, ada]) {
            const body = await expectJson(
              await call("GET", `/api/bookings/${b.id}`, { user }),
              200,
            );
            assertBookingShape(body);
            assert.equal(body.id, b.id);
            assert.equal(body.notes, "Bring the worksheet");
            assertParticipant(body.student, bob);
            assertParticipant(body.teacher, ada);
          }
          const forbidden = await expectError(
            await call("GET", `/api/bookings/${b.id}`, {
              user: await student(),
            }),
            403,
            "forbidden",
          );
          assert.ok(!forbidden.message.includes(bob.username));
          await expectError(
            await call("GET", `/api/bookings/${crypto.randomUUID()}`, {
              user: bob,
            }),
            404,
            "not_found",
          );
          await expectError(
            await call("GET", "/api/bookings/not-a-uuid", { user: bob }),
            404,
            "not_found",
          );
          await expectError(
            await call("GET", `/api/bookings/${b.id}`),
            401,
            "unauthorized",
          );
        },
      );

      await t.step(
        "POST /api/bookings/:id/cancel cancels with a reason and opens the slot again",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const b = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
          });
          await expectFieldError(
            await call("POST", `/api/bookings/${b.id}/cancel`, {
              user: bob,
              body: {},
            }),
            "reason",
          );
          await expectFieldError(
            await call("POST", `/api/bookings/${b.id}/cancel`, {
              user: bob,
              body: { reason: "   " },
            }),
            "reason",
          );
          await expectError(
            await call("POST", `/api/bookings/${b.id}/cancel`, {
              user: await student(),
              body: { reason: "Not mine" },
            }),
            403,
            "forbidden",
          );
          const body = await expectJson(
            await call("POST", `/api/bookings/${b.id}/cancel`, {
              user: bob,
              body: { reason: "Moving house" },
            }),
            200,
          );
          assertBookingShape(body);
          assert.equal(body.status, "cancelled");
          assert.equal(body.cancel_reason, "Moving house");
          assert.equal(body.cancelled_by, bob.id);
          await expectError(
            await call("POST", `/api/bookings/${b.id}/cancel`, {
              user: ada,
              body: { reason: "Again" },
            }),
            409,
            "conflict",
          );
          const open = await expectJson(
            await call("GET", `/api/slots?teacher_id=${ada.id}`, { user: bob }),
            200,
          );
          assert.deepEqual(open.slots.map((s: Json) => s.id), [b.slot_id]);
          await expectError(
            await call("POST", `/api/bookings/${crypto.randomUUID()}/cancel`, {
              user: bob,
              body: { reason: "Gone" },
            }),
            404,
            "not_found",
          );
        },
      );

      await t.step(
        "POST /api/bookings/:id/cancel refuses a booking that has started (409)",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const b = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            startInMinutes: -5,
          });
          const error = await expectError(
            await call("POST", `/api/bookings/${b.id}/cancel`, {
              user: bob,
              body: { reason: "Too late" },
            }),
            409,
            "conflict",
          );
          assert.equal(
            error.message,
            "Cannot cancel booking: it has already started",
          );
        },
      );

      await t.step(
        "POST /api/bookings/:id/confirm confirms for the teacher; students get 403, repeats 409",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const b = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            status: "pending",
          });
          await expectError(
            await call("POST", `/api/bookings/${b.id}/confirm`, { user: bob }),
            403,
            "forbidden",
          );
          await expectError(
            await call("POST", `/api/bookings/${b.id}/confirm`),
            401,
            "unauthorized",
          );
          const body = await expectJson(
            await call("POST", `/api/bookings/${b.id}/confirm`, { user: ada }),
            200,
          );
          assertBookingShape(body);
          assert.equal(body.status, "confirmed");
          const again = await expectError(
            await call("POST", `/api/bookings/${b.id}/confirm`, { user: ada }),
            409,
            "conflict",
          );
          assert.equal(
            again.message,
            "Cannot confirm booking: it is already confirmed",
          );
          await expectError(
            await call("POST", `/api/bookings/${crypto.randomUUID()}/confirm`, {
              user: ada,
            }),
            404,
            "not_found",
          );
        },
      );

      await t.step(
        "POST /api/bookings/:id/decline declines a pending booking, with or without a reason",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const first = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            status: "pending",
            startInMinutes: 60_000,
          });
          const second = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            status: "pending",
            startInMinutes: 61_000,
          });
          await expectError(
            await call("POST", `/api/bookings/${first.id}/decline`, {
              user: bob,
            }),
            403,
            "forbidden",
          );
          const plain = await expectJson(
            await call("POST", `/api/bookings/${first.id}/decline`, {
              user: ada,
            }),
            200,
          );
          assertBookingShape(plain);
          assert.equal(plain.status, "cancelled");
          assert.equal(plain.cancel_reason, "Declined by the teacher");
          assert.equal(plain.cancelled_by, ada.id);
          const reasoned = await expectJson(
            await call("POST", `/api/bookings/${second.id}/decline`, {
              user: ada,
              body: { reason: "On holiday that week" },
            }),
            200,
          );
          assert.equal(reasoned.cancel_reason, "On holiday that week");
          await expectError(
            await call("POST", `/api/bookings/${first.id}/decline`, {
              user: ada,
            }),
            409,
            "conflict",
          );
          await expectFieldError(
            await call("POST", `/api/bookings/${second.id}/decline`, {
              user: ada,
              body: { reason: "x".repeat(501) },
            }),
            "reason",
          );
        },
      );

      await t.step(
        "POST /api/bookings/:id/decline answers 409 with the reason once the lesson has started, and the booking stays pending",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const started = await createTestBooking(app.db, {
            teacher: ada,
            student: bob,
            status: "pending",
            startInMinutes: -5,
          });
          const error = await expectError(
            await call("POST", `/api/bookings/${started.id}/decline`, {
              user: ada,
              body: { reason: "Student did not come" },
            }),
            409,
            "conflict",
          );
          assert.equal(
            error.message,
            "Cannot decline booking: it has already started",
          );
          const [{ status }] = await app.db.query<{ status: string }>(
            "SELECT status FROM bookings WHERE id = $1",
            [started.id],
          );
          assert.equal(status, "pending");
        },
      );

      await t.step(
        "GET /api/bookings pages with ?limit and ?after=<next>: more bookings than a page, each once, in order",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const ids: string[] = [];
          for (let i = 0; i < 7; i++) {
            ids.push(
              (await createTestBooking(app.db, {
                teacher: ada,
                student: bob,
                startInMinutes: 70_000 + i * 100,
              })).id,
            );
          }
          const pages: string[][] = [];
          let query = "?scope=upcoming&limit=3";
          for (;;) {
            const body = await expectJson(
              await call("GET", `/api/bookings${query}`, { user: bob }),
              200,
            );
            assert.deepEqual(Object.keys(body), ["bookings", "next"]);
            body.bookings.forEach(assertBookingShape);
            pages.push(body.bookings.map((b: Json) => b.id));
            if (body.next === null) break;
            assert.equal(typeof body.next, "string");
            query = `?scope=upcoming&limit=3&after=${
              encodeURIComponent(body.next)
            }`;
          }
          assert.deepEqual(pages, [
            ids.slice(0, 3),
            ids.slice(3, 6),
            ids.slice(6),
          ]);
          // Without a limit, a page holds 50: the seven fit.
          const all = await expectJson(
            await call("GET", "/api/bookings", { user: bob }),
            200,
          );
          assert.equal(all.bookings.length, 7);
          assert.equal(all.next, null);
          for (const bad of ["limit=0", "limit=101", "limit=ten"]) {
            await expectFieldError(
              await call("GET", `/api/bookings?${bad}`, { user: bob }),
              "limit",
            );
          }
          for (const bad of ["nonsense", "123_not-a-uuid", `x_${ids[0]}`]) {
            await expectFieldError(
              await call("GET", `/api/bookings?after=${bad}`, { user: bob }),
              "after",
            );
          }
        },
      );

      await t.step(
        "GET /api/slots pages with ?limit and ?after=<next>",
        async () => {
          const ada = await teacher();
          const bob = await student();
          const ids: string[] = [];
          for (let i = 0; i < 3; i++) {
            ids.push(
              (await createTestSlot(app.db, ada, {
                startInMinutes: 80_000 + i * 100,
              })).id,
            );
          }
          const first = await expectJson(
            await call("GET", `/api/slots?teacher_id=${ada.id}&limit=2`, {
              user: bob,
            }),
            200,
          );
          assert.deepEqual(first.slots.map((s: Json) => s.id), ids.slice(0, 2));
          const second = await expectJson(
            await call(
              "GET",
              `/api/slots?teacher_id=${ada.id}&limit=2&after=${
                encodeURIComponent(first.next)
              }`,
              { user: bob },
            ),
            200,
          );
          assert.deepEqual(second.slots.map((s: Json) => s.id), ids.slice(2));
          assert.equal(second.next, null);
        },
      );

      // ------------------------------------------------------------ the rest

      await t.step(
        "an unknown /api path answers a JSON 404 for any method",
        async () => {
          const bob = await student();
          for (const method of ["GET", "POST", "DELETE"]) {
            const error = await expectError(
              await call(method, "/api/nothing/here", { user: bob }),
              404,
              "not_found",
            );
            assert.match(error.message, /\/api\/nothing\/here/);
          }
          await expectError(
            await call("GET", "/api/bookingz"),
            404,
            "not_found",
          );
        },
      );

      await t.step(
        "API answers are never cached",
        async () => {
          const bob = await student();
          for (
            const res of [
              await call("GET", "/api/me", { user: bob }),
              await call("GET", "/api/me"),
              await call("GET", "/api/bookings", { user: bob }),
              await call("GET", "/api/nope"),
            ]
          ) {
            await res.body?.cancel();
            assert.equal(res.headers.get("cache-control"), "no-store");
          }
        },
      );

      await t.step("GET /healthz answers 200 JSON", async () => {
        const body = await expectJson(await app.request("/healthz"), 200);
        assert.equal(body.status, "ok");
      });
    } finally {
      await app.close();
    }
  },
});
