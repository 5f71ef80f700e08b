// The lesson-lifecycle API in-process: the history, rescheduling and late
// cancellation routes with real Requests (status, then content type, then
// body), and who may call each.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";
import { saveAvailability } from "@/lib/availability/store.ts";

const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// deno-lint-ignore no-explicit-any
type Json = any;

async function expectJson(res: Response, status: number): Promise<Json> {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 500));
  assert.match(res.headers.get("content-type") ?? "", /^application\/json\b/);
  return JSON.parse(text);
}

async function expectError(res: Response, status: number, code: string) {
  const body = await expectJson(res, status);
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  return body.error as {
    message: string;
    fields?: Record<string, string>;
  };
}

// A whole hour, `days` days from now, at `hour` UTC.
function hourIn(days: number, hour: number): Date {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
}

Deno.test({
  name: `lifecycle API (${ENGINE})`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    const teacher = async () => {
      const ada = await createTestUser(app.db, { role: "teacher" });
      await saveAvailability(app.db, ada.id, {
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: 0,
          end: 1440,
        })),
        lesson_lengths: [60],
        min_notice_minutes: 60,
      });
      return ada;
    };
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
    const booking = async (startInMinutes = 3 * 24 * 60) => {
      const ada = await teacher();
      const bob = await student();
      const b = await createTestBooking(app.db, {
        teacher: ada,
        student: bob,
        startInMinutes,
      });
      return { ada, bob, b };
    };

    try {
      await t.step(
        "every new route refuses no session (401), outsiders (403) and unknown or malformed ids (404)",
        async () => {
          const { ada, b } = await booking();
          const outsider = await student();
          const routes: [string, string, unknown?][] = [
            ["GET", "events"],
            ["GET", "reschedule"],
            ["POST", "reschedule", { start_at: hourIn(5, 10).toISOString() }],
            ["POST", "reschedule/accept"],
            ["POST", "reschedule/decline"],
          ];
          for (const [method, path, body] of routes) {
            const at = `/api/bookings/${b.id}/${path}`;
            await expectError(
              await call(method, at, { body }),
              401,
              "unauthorized",
            );
            await expectError(
              await call(method, at, { user: outsider, body }),
              403,
              "forbidden",
            );
            for (const id of [crypto.randomUUID(), "nope"]) {
              await expectError(
                await call(method, `/api/bookings/${id}/${path}`, {
                  user: ada,
                  body,
                }),
                404,
                "not_found",
              );
            }
          }
        },
      );

      await t.step(
        "GET /api/bookings/:id/events lists the history, oldest first, in the contract's shape",
        async () => {
          const { bob, b } = await booking(6 * 60);
          const cancelled = await expectJson(
            await call("POST", `/api/bookings/${b.id}/cancel`, {
              user: bob,
              body: { reason: "Ill" },
            }),
            200,
          );
          // Six hours before the start, inside the default 12-hour window.
          assert.equal(cancelled.late_cancellation, true);
          assert.equal(cancelled.cancelled_by, bob.id);
          const { events } = await expectJson(
            await call("GET", `/api/bookings/${b.id}/events`, { user: bob }),
            200,
          );
          assert.equal(events.length, 1);
          const [e] = events;
          assert.deepEqual(Object.keys(e).sort(), [
            "actor_id",
            "at",
            "details",
            "from_status",
            "kind",
            "to_status",
          ]);
          assert.match(e.at, ISO);
          assert.equal(e.actor_id, bob.id);
          assert.equal(e.kind, "cancelled");
          assert.equal(e.from_status, "confirmed");
          assert.equal(e.to_status, "cancelled");
          assert.equal(e.details.late_cancellation, true);
          assert.equal(e.details.reason, "Ill");
        },
      );

      await t.step(
        "POST /api/bookings/:id/reschedule → 201 proposal; accept moves the booking (same id) and the history shows it",
        async () => {
          const { ada, bob, b } = await booking();
          const target = hourIn(5, 10);
          const proposal = await expectJson(
            await call("POST", `/api/bookings/${b.id}/reschedule`, {
              user: bob,
              body: { start_at: target.toISOString() },
            }),
            201,
          );
          assert.deepEqual(Object.keys(proposal).sort(), [
            "booking_id",
            "created_at",
            "decided_at",
            "decided_by",
            "end_at",
            "expires_at",
            "id",
            "previous_start_at",
            "proposed_by",
            "start_at",
            "status",
          ]);
          assert.equal(proposal.status, "open");
          assert.equal(proposal.start_at, target.toISOString());
          assert.equal(proposal.proposed_by, bob.id);
          const open = await expectJson(
            await call("GET", `/api/bookings/${b.id}/reschedule`, {
              user: ada,
            }),
            200,
          );
          assert.equal(open.proposal.id, proposal.id);
          await expectError(
            await call("POST", `/api/bookings/${b.id}/reschedule/accept`, {
              user: bob,
            }),
            403,
            "forbidden",
          );
          const moved = await expectJson(
            await call("POST", `/api/bookings/${b.id}/reschedule/accept`, {
              user: ada,
            }),
            200,
          );
          assert.equal(moved.id, b.id);
          assert.equal(moved.status, "confirmed");
          assert.equal(moved.start_at, target.toISOString());
          assert.equal(moved.rescheduled_from, b.start_at.toISOString());
          assert.equal(moved.proposal.status, "accepted");
          const { events } = await expectJson(
            await call("GET", `/api/bookings/${b.id}/events`, { user: bob }),
            200,
          );
          assert.deepEqual(events.map((e: Json) => e.kind), [
            "reschedule_proposed",
            "reschedule_accepted",
          ]);
          const none = await expectJson(
            await call("GET", `/api/bookings/${b.id}/reschedule`, {
              user: bob,
            }),
            200,
          );
          assert.equal(none.proposal, null);
        },
      );

      await t.step(
        "bad input: a malformed time (400), the past (400), a taken time (409), a cancelled booking (409), decline without a proposal (409)",
        async () => {
          const { ada, bob, b } = await booking();
          const path = `/api/bookings/${b.id}/reschedule`;
          const bad = await expectError(
            await call("POST", path, { user: bob, body: { start_at: "soon" } }),
            400,
            "invalid_request",
          );
          assert.equal(typeof bad.fields?.start_at, "string");
          const past = await expectError(
            await call("POST", path, {
              user: ada,
              body: { start_at: new Date(Date.now() - HOUR).toISOString() },
            }),
            400,
            "invalid_request",
          );
          assert.equal(typeof past.fields?.start_at, "string");
          const eve = await student();
          const taken = { start_at: hourIn(4, 10) };
          await app.db.query(
            `INSERT INTO bookings (student_id, teacher_id, start_at, end_at, status)
             VALUES ($1, $2, $3, $4, 'confirmed')`,
            [
              eve.id,
              ada.id,
              taken.start_at,
              new Date(taken.start_at.getTime() + HOUR),
            ],
          );
          const conflict = await expectError(
            await call("POST", path, {
              user: bob,
              body: { start_at: taken.start_at.toISOString() },
            }),
            409,
            "conflict",
          );
          assert.match(conflict.message, /already has a booking at that time/);
          await expectError(
            await call("POST", `${path}/decline`, { user: ada }),
            409,
            "conflict",
          );
          await expectJson(
            await call("POST", path, {
              user: ada,
              body: { start_at: hourIn(6, 22).toISOString() },
            }),
            201,
          );
          const declined = await expectJson(
            await call("POST", `${path}/decline`, { user: bob }),
            200,
          );
          assert.equal(declined.proposal.status, "declined");
          assert.equal(declined.start_at, b.start_at.toISOString());
          await expectJson(
            await call("POST", `/api/bookings/${b.id}/cancel`, {
              user: ada,
              body: { reason: "Away", start_at: b.start_at.toISOString() },
            }),
            200,
          );
          const gone = await expectError(
            await call("POST", path, {
              user: bob,
              body: { start_at: hourIn(6, 10).toISOString() },
            }),
            409,
            "conflict",
          );
          assert.equal(
            gone.message,
            "Cannot reschedule booking: it is cancelled",
          );
          const { events } = await expectJson(
            await call("GET", `/api/bookings/${b.id}/events`, { user: bob }),
            200,
          );
          assert.deepEqual(events.map((e: Json) => e.kind), [
            "reschedule_proposed",
            "reschedule_declined",
            "cancelled",
          ]);
          assert.equal(events[2].details.by, "teacher");
          assert.equal(events[2].details.late_cancellation, false);
        },
      );
    } finally {
      await app.close();
    }
  },
});
