// The availability JSON API in-process: a teacher's rules (GET/PUT
// /api/availability), computed times (GET /api/teachers/:id/times) and
// booking by time (POST /api/bookings with teacher_id, start_at,
// length_minutes): authorization of each route, the bad inputs of issue 14,
// and conflicts with their reasons.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestSlot, createTestUser } from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";

// deno-lint-ignore no-explicit-any
type Json = any;

async function expectJson(res: Response, status: number): Promise<Json> {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 500));
  assert.match(res.headers.get("content-type") ?? "", /^application\/json\b/);
  return JSON.parse(text);
}

async function expectError(
  res: Response,
  status: number,
  code: string,
): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
  const body = await expectJson(res, status);
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  return body.error;
}

async function expectFieldError(res: Response, field: string) {
  const error = await expectError(res, 400, "invalid_request");
  assert.equal(
    typeof error.fields?.[field],
    "string",
    `error.fields.${field} in ${JSON.stringify(error)}`,
  );
  return error.fields![field];
}

/** 10:00 UTC on the day `days` from today (UTC). */
function tenOClock(days: number): Date {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(10, 0, 0, 0);
  return d;
}

/** Open all week, every hour of the day (UTC teachers). */
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  start: "00:00",
  end: "24:00",
}));

Deno.test({
  name: `availability API (${ENGINE})`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    const teacher = () => createTestUser(app.db, { role: "teacher" });
    const student = () => createTestUser(app.db, { role: "student" });
    const call = async (
      method: string,
      path: string,
      options: { user?: User; body?: unknown } = {},
    ) => {
      const headers = new Headers();
      if (options.user) {
        headers.set(
          "authorization",
          `Bearer ${await app.tokenFor(options.user)}`,
        );
      }
      let body: string | undefined;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers.set("content-type", "application/json");
      }
      return await app.request(path, { method, headers, body });
    };
    /** A teacher open all week with 30- and 60-minute lessons. */
    const openTeacher = async (extra: Record<string, unknown> = {}) => {
      const ada = await teacher();
      await expectJson(
        await call("PUT", "/api/availability", {
          user: ada,
          body: { weekly: ALL_WEEK, lesson_lengths: [30, 60], ...extra },
        }),
        200,
      );
      return ada;
    };
    const timesOf = async (ada: User, from: Date, to: Date, length = 30) =>
      (await expectJson(
        await call(
          "GET",
          `/api/teachers/${ada.id}/times?from=${from.toISOString()}&to=${to.toISOString()}&length_minutes=${length}`,
          { user: await student() },
        ),
        200,
      )).times as { start_at: string; end_at: string }[];

    try {
      await t.step("every new route refuses who may not use it", async () => {
        const ada = await teacher();
        const bob = await student();
        const admin = await createTestUser(app.db, { role: "admin" });
        const body = { grid_minutes: 15 };
        for (const method of ["GET", "PUT"]) {
          const withBody = method === "PUT" ? { body } : {};
          await expectError(
            await call(method, "/api/availability", withBody),
            401,
            "unauthorized",
          );
          for (const who of [bob, admin]) {
            await expectError(
              await call(method, "/api/availability", {
                user: who,
                ...withBody,
              }),
              403,
              "forbidden",
            );
          }
          await expectJson(
            await call(method, "/api/availability", {
              user: ada,
              ...withBody,
            }),
            200,
          );
        }
        // A student's bad body is still a 403: the role is checked first.
        await expectError(
          await call("PUT", "/api/availability", {
            user: bob,
            body: { horizon_days: 3650 },
          }),
          403,
          "forbidden",
        );
        const times = `/api/teachers/${ada.id}/times`;
        await expectError(await call("GET", times), 401, "unauthorized");
        for (const who of [bob, ada, admin]) {
          await expectJson(await call("GET", times, { user: who }), 200);
        }
        for (
          const id of [crypto.randomUUID(), bob.id, "not-an-id"]
        ) {
          await expectError(
            await call("GET", `/api/teachers/${id}/times`, { user: bob }),
            404,
            "not_found",
          );
        }
        const byTime = {
          teacher_id: ada.id,
          start_at: tenOClock(3).toISOString(),
          length_minutes: 30,
        };
        await expectError(
          await call("POST", "/api/bookings", { body: byTime }),
          401,
          "unauthorized",
        );
        for (const who of [ada, admin]) {
          await expectError(
            await call("POST", "/api/bookings", { user: who, body: byTime }),
            403,
            "forbidden",
          );
        }
      });

      await t.step(
        "PUT /api/availability saves every field and GET reads them back",
        async () => {
          const ada = await teacher();
          const date = new Date(Date.now() + 5 * DAY).toISOString().slice(
            0,
            10,
          );
          const rules = {
            time_zone: "Europe/Berlin",
            weekly: [
              { weekday: 1, start: "09:00", end: "12:00" },
              { weekday: 1, start: "14:00", end: "18:30" },
              { weekday: 5, start: "08:00", end: "24:00" },
            ],
            overrides: [
              { date, intervals: [] },
              {
                date: new Date(Date.now() + 9 * DAY).toISOString().slice(0, 10),
                intervals: [{ start: "10:00", end: "11:00" }],
              },
            ],
            lesson_lengths: [60, 30, 45],
            grid_minutes: 15,
            buffer_before_minutes: 5,
            buffer_after_minutes: 10,
            min_notice_minutes: 120,
            horizon_days: 30,
            requires_confirmation: false,
            request_expiry_hours: 6,
            cancellation_window_hours: 24,
          };
          const saved = await expectJson(
            await call("PUT", "/api/availability", { user: ada, body: rules }),
            200,
          );
          const expected = { ...rules, lesson_lengths: [30, 45, 60] };
          assert.deepEqual(saved, expected);
          assert.deepEqual(
            await expectJson(
              await call("GET", "/api/availability", { user: ada }),
              200,
            ),
            expected,
          );
          // A partial PUT changes only what it names.
          const partial = await expectJson(
            await call("PUT", "/api/availability", {
              user: ada,
              body: { grid_minutes: 30, overrides: [] },
            }),
            200,
          );
          assert.deepEqual(partial, {
            ...expected,
            grid_minutes: 30,
            overrides: [],
          });
        },
      );

      await t.step(
        "a teacher without rules gets the defaults",
        async () => {
          const body = await expectJson(
            await call("GET", "/api/availability", { user: await teacher() }),
            200,
          );
          assert.deepEqual(body, {
            time_zone: "UTC",
            weekly: [],
            overrides: [],
            lesson_lengths: [30, 45, 60],
            grid_minutes: 30,
            buffer_before_minutes: 0,
            buffer_after_minutes: 0,
            min_notice_minutes: 720,
            horizon_days: 56,
            requires_confirmation: true,
            request_expiry_hours: 24,
            cancellation_window_hours: 12,
          });
        },
      );

      await t.step(
        "bad rules are 400s on the field, and nothing is written",
        async () => {
          const ada = await openTeacher();
          const before = await expectJson(
            await call("GET", "/api/availability", { user: ada }),
            200,
          );
          const bad: [Record<string, unknown>, string, RegExp][] = [
            [
              {
                weekly: [
                  { weekday: 2, start: "09:00", end: "12:00" },
                  { weekday: 2, start: "11:00", end: "13:00" },
                ],
              },
              "weekly.1.start",
              /Overlaps 09:00–12:00 on Tuesday/,
            ],
            [
              { weekly: [{ weekday: 2, start: "09:00", end: "09:00" }] },
              "weekly.0.end",
              /end after it starts/,
            ],
            [
              { weekly: [{ weekday: 8, start: "09:00", end: "10:00" }] },
              "weekly.0.weekday",
              /Monday/,
            ],
            [
              { weekly: [{ weekday: 1, start: "9am", end: "10:00" }] },
              "weekly.0.start",
              /HH:MM/,
            ],
            [
              {
                overrides: [{
                  date: "2031-02-03",
                  intervals: [{ start: "10:00", end: "10:00" }],
                }],
              },
              "overrides.0.intervals.0.end",
              /end after/,
            ],
            [
              { overrides: [{ date: "2031-02-30", intervals: [] }] },
              "overrides.0.date",
              /YYYY-MM-DD/,
            ],
            [{ buffer_before_minutes: 1441 }, "buffer_before_minutes", /day/],
            [{ buffer_after_minutes: 2000 }, "buffer_after_minutes", /day/],
            [{ time_zone: "Mars/Olympus_Mons" }, "time_zone", /Unknown/],
            [{ horizon_days: 3650 }, "horizon_days", /366/],
            [{ lesson_lengths: [] }, "lesson_lengths", /at least one/],
            [{ lesson_lengths: [30, 30] }, "lesson_lengths", /once/],
            [{ lesson_lengths: [5] }, "lesson_lengths.0", /Between/],
            [{ grid_minutes: 20 }, "grid_minutes", /15 or 30/],
            [{ min_notice_minutes: -1 }, "min_notice_minutes", /30 days/],
            [{ requires_confirmation: "yes" }, "requires_confirmation", /true/],
            [{ request_expiry_hours: 0 }, "request_expiry_hours", /Between/],
          ];
          for (const [body, field, message] of bad) {
            // A valid change beside the bad one must not be saved either.
            const res = await call("PUT", "/api/availability", {
              user: ada,
              body: { grid_minutes: 15, ...body },
            });
            assert.match(await expectFieldError(res, field), message, field);
          }
          assert.deepEqual(
            await expectJson(
              await call("GET", "/api/availability", { user: ada }),
              200,
            ),
            before,
          );
        },
      );

      await t.step(
        "GET /api/teachers/:id/times computes the free times; bad windows are 400s",
        async () => {
          const ada = await openTeacher({ grid_minutes: 30 });
          const from = tenOClock(2);
          const to = new Date(from.getTime() + 2 * 60 * MINUTE);
          const times = await timesOf(ada, from, to, 60);
          assert.deepEqual(
            times.map((x) => x.start_at),
            [0, 30, 60, 90].map((m) =>
              new Date(from.getTime() + m * MINUTE).toISOString()
            ),
          );
          assert.equal(
            times[0].end_at,
            new Date(from.getTime() + 60 * MINUTE).toISOString(),
          );
          // A length the teacher does not offer has no rule-made times.
          assert.deepEqual(await timesOf(ada, from, to, 45), []);
          const path = `/api/teachers/${ada.id}/times`;
          const bob = await student();
          for (
            const [query, field] of [
              ["from=tomorrow", "from"],
              [`from=${to.toISOString()}&to=${from.toISOString()}`, "to"],
              [
                `from=${from.toISOString()}&to=${
                  new Date(from.getTime() + 63 * DAY).toISOString()
                }`,
                "to",
              ],
              ["length_minutes=abc", "length_minutes"],
              ["length_minutes=1000", "length_minutes"],
            ]
          ) {
            await expectFieldError(
              await call("GET", `${path}?${query}`, { user: bob }),
              field,
            );
          }
        },
      );

      await t.step(
        "POST /api/bookings by time books a computed time and takes it away",
        async () => {
          const ada = await openTeacher({ buffer_after_minutes: 15 });
          const bob = await student();
          const start = tenOClock(3);
          const booking = await expectJson(
            await call("POST", "/api/bookings", {
              user: bob,
              body: {
                teacher_id: ada.id,
                start_at: start.toISOString(),
                length_minutes: 60,
                notes: "Grammar",
              },
            }),
            201,
          );
          assert.equal(booking.slot_id, null);
          assert.equal(booking.teacher_id, ada.id);
          assert.equal(booking.student_id, bob.id);
          assert.equal(booking.start_at, start.toISOString());
          assert.equal(
            booking.end_at,
            new Date(start.getTime() + 60 * MINUTE).toISOString(),
          );
          assert.equal(booking.status, "pending");
          assert.equal(booking.notes, "Grammar");
          // The lesson and the 15-minute buffers (its own, and a new
          // lesson's before it) are no longer offered.
          const left = (await timesOf(
            ada,
            new Date(start.getTime() - 60 * MINUTE),
            new Date(start.getTime() + 120 * MINUTE),
          )).map((x) => x.start_at);
          assert.deepEqual(left, [
            new Date(start.getTime() - 60 * MINUTE).toISOString(),
            new Date(start.getTime() + 90 * MINUTE).toISOString(),
          ]);
          // Another student, an overlapping time of another length: 409.
          const err = await expectError(
            await call("POST", "/api/bookings", {
              user: await student(),
              body: {
                teacher_id: ada.id,
                start_at: new Date(start.getTime() + 60 * MINUTE)
                  .toISOString(),
                length_minutes: 30,
              },
            }),
            409,
            "conflict",
          );
          assert.match(err.message, /teacher already has a booking/);
          assert.equal(
            (await app.db.query(
              "SELECT 1 FROM bookings WHERE teacher_id = $1",
              [ada.id],
            )).length,
            1,
          );
        },
      );

      await t.step(
        "a booking outside the rules, inside the notice or beyond the horizon is a 409 with the reason; bad fields are 400s",
        async () => {
          const ada = await openTeacher({
            weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
              weekday,
              start: "08:00",
              end: "20:00",
            })),
            min_notice_minutes: 24 * 60,
            horizon_days: 14,
          });
          const bob = await student();
          const book = (body: Record<string, unknown>) =>
            call("POST", "/api/bookings", {
              user: bob,
              body: { teacher_id: ada.id, length_minutes: 30, ...body },
            });
          const cases: [Date, RegExp][] = [
            [new Date(tenOClock(3).getTime() + 13 * MINUTE), /not available/],
            [
              new Date(tenOClock(3).getTime() + 12 * 60 * MINUTE),
              /not available/,
            ],
            [new Date(Date.now() + 3 * 60 * MINUTE), /at least 1 day|24 hours/],
            [tenOClock(20), /at most 14 days ahead/],
            [tenOClock(-1), /in the past/],
          ];
          for (const [start, reason] of cases) {
            const err = await expectError(
              await book({ start_at: start.toISOString() }),
              409,
              "conflict",
            );
            assert.match(err.message, reason, start.toISOString());
          }
          assert.match(
            await expectFieldError(
              await book({
                start_at: tenOClock(3).toISOString(),
                length_minutes: 45,
              }),
              "length_minutes",
            ),
            /lesson lengths/,
          );
          await expectFieldError(await book({}), "start_at");
          await expectFieldError(
            await book({ start_at: "next tuesday" }),
            "start_at",
          );
          await expectFieldError(
            await call("POST", "/api/bookings", {
              user: bob,
              body: { start_at: tenOClock(3).toISOString() },
            }),
            "teacher_id",
          );
          await expectFieldError(
            await call("POST", "/api/bookings", {
              user: bob,
              body: {
                slot_id: crypto.randomUUID(),
                teacher_id: ada.id,
                start_at: tenOClock(3).toISOString(),
              },
            }),
            "slot_id",
          );
          await expectError(
            await call("POST", "/api/bookings", {
              user: bob,
              body: {
                teacher_id: crypto.randomUUID(),
                start_at: tenOClock(3).toISOString(),
                length_minutes: 30,
              },
            }),
            404,
            "not_found",
          );
          assert.equal(
            (await app.db.query(
              "SELECT 1 FROM bookings WHERE student_id = $1",
              [bob.id],
            )).length,
            0,
          );
        },
      );

      await t.step(
        "one-off slots show among the times and book as the slot",
        async () => {
          const ada = await teacher(); // no weekly hours
          const slot = await createTestSlot(app.db, ada, {
            startInMinutes: 4 * 1440 + 7,
            minutes: 50,
          });
          const times = await timesOf(
            ada,
            new Date(slot.start_at.getTime() - DAY),
            new Date(slot.start_at.getTime() + DAY),
            50,
          );
          assert.deepEqual(times, [{
            start_at: slot.start_at.toISOString(),
            end_at: slot.end_at.toISOString(),
          }]);
          const booking = await expectJson(
            await call("POST", "/api/bookings", {
              user: await student(),
              body: {
                teacher_id: ada.id,
                start_at: slot.start_at.toISOString(),
                length_minutes: 50,
              },
            }),
            201,
          );
          assert.equal(booking.slot_id, slot.id);
        },
      );
    } finally {
      await app.close();
    }
  },
});
