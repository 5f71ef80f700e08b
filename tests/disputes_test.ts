// Disputes of an outcome and the attendance evidence, in-process with real
// Requests: POST /api/bookings/:id/dispute, GET /api/bookings/:id, the
// booking page's evidence and its dispute form (on TEST_DATABASE_URL when
// set, PGlite otherwise).
import assert from "node:assert/strict";
import { createTestApp, postForm, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { insertVisit } from "@/lib/bookings/_attendance_testing.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { getDispute } from "@/lib/bookings/disputes.ts";
import { listOpenDisputes } from "@/lib/admin/disputes.ts";
import type { BookingStatus } from "@/lib/bookings/model.ts";

const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";
const MINUTE = 60_000;

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
  return body.error as { code: string; message: string };
}

Deno.test(`disputes and attendance evidence (${ENGINE})`, async (t) => {
  const app: TestApp = await createTestApp();

  async function lesson(
    options: { startInMinutes?: number; status?: BookingStatus } = {},
  ) {
    const teacher = await createTestUser(app.db, { role: "teacher" });
    const student = await createTestUser(app.db);
    const b = await createTestBooking(app.db, {
      teacher,
      student,
      startInMinutes: options.startInMinutes ?? -120,
      minutes: 60,
      status: options.status,
    });
    return {
      ...b,
      teacher,
      student,
      teacherToken: await app.tokenFor(teacher),
      studentToken: await app.tokenFor(student),
    };
  }

  const dispute = (id: string, token: string | undefined, body: unknown) =>
    app.request(`/api/bookings/${id}/dispute`, {
      method: "POST",
      token,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  try {
    await t.step(
      "a participant disputes a finished outcome: 201, the history says so, GET shows it, a second is 409",
      async () => {
        const l = await lesson();
        // The teacher waited; the student never came. Not swept yet.
        await insertVisit(app.db, l, l.teacher.id, 0, 30 * MINUTE);
        const created = await expectJson(
          await dispute(l.id, l.studentToken, {
            reason: "  I was there but the page would not load  ",
          }),
          201,
        );
        assert.match(created.id, /^[0-9a-f-]{36}$/);
        assert.equal(created.booking_id, l.id);
        assert.equal(created.reason, "I was there but the page would not load");
        assert.equal(created.status, "open");
        assert.equal(created.raised_by, l.student.id);
        assert.ok(!Number.isNaN(Date.parse(created.created_at)));

        // Raising it settled the booking first, in the same transaction.
        const kinds = (await listEvents(app.db, l.id)).map((e) => e.kind);
        assert.deepEqual(kinds.slice(-2), ["no_show", "disputed"]);
        const disputed = (await listEvents(app.db, l.id)).at(-1)!;
        assert.equal(disputed.actor_id, l.student.id);
        assert.deepEqual(disputed.details, { dispute_id: created.id });

        const shown = await expectJson(
          await app.request(`/api/bookings/${l.id}`, { token: l.teacherToken }),
          200,
        );
        assert.equal(shown.status, "no_show");
        assert.deepEqual(shown.absent_user_ids, [l.student.id]);
        assert.equal(shown.dispute.id, created.id);
        assert.equal(shown.dispute.status, "open");
        assert.equal(shown.dispute.resolution_status, null);
        assert.equal(shown.attendance.teacher.visit_seconds, 1800);
        assert.equal(shown.attendance.student.joined_at, null);
        assert.equal(shown.actual_duration_seconds, 0);

        const again = await expectError(
          await dispute(l.id, l.teacherToken, { reason: "Me too" }),
          409,
          "conflict",
        );
        assert.match(again.message, /already open/);
        assert.equal((await getDispute(app.db, created.id))?.status, "open");
        assert.ok(
          (await listOpenDisputes(app.db)).some((d) => d.id === created.id),
        );
      },
    );

    await t.step(
      "disputes are refused: outsiders 403, unknown 404, anonymous 401, bad reasons 400, no outcome or past 72 hours 409",
      async () => {
        const l = await lesson();
        const outsider = await app.tokenFor(await createTestUser(app.db));
        await expectError(
          await dispute(l.id, outsider, { reason: "Not mine" }),
          403,
          "forbidden",
        );
        await expectError(
          await dispute(crypto.randomUUID(), l.studentToken, { reason: "x" }),
          404,
          "not_found",
        );
        await expectError(
          await dispute(l.id, undefined, { reason: "x" }),
          401,
          "unauthorized",
        );
        for (
          const body of [{}, { reason: "   " }, { reason: "x".repeat(2001) }]
        ) {
          await expectError(
            await dispute(l.id, l.studentToken, body),
            400,
            "invalid_request",
          );
        }
        await expectJson(
          await dispute(l.id, l.studentToken, { reason: "x".repeat(2000) }),
          201,
        );

        const upcoming = await lesson({ startInMinutes: 60 });
        const cancelled = await lesson({ status: "cancelled" });
        const pending = await lesson({ status: "pending" });
        const old = await lesson({ startInMinutes: -(73 * 60) });
        const justInside = await lesson({ startInMinutes: -(71 * 60) - 30 });
        for (const x of [upcoming, cancelled, pending]) {
          const e = await expectError(
            await dispute(x.id, x.studentToken, { reason: "Why" }),
            409,
            "conflict",
          );
          assert.match(e.message, /no outcome/);
        }
        const late = await expectError(
          await dispute(old.id, old.teacherToken, { reason: "Late" }),
          409,
          "conflict",
        );
        assert.match(late.message, /within 72 hours/);
        await expectJson(
          await dispute(justInside.id, justInside.teacherToken, {
            reason: "In time",
          }),
          201,
        );
        assert.deepEqual(
          (await listEvents(app.db, old.id)).filter((e) =>
            e.kind === "disputed"
          ),
          [],
        );
      },
    );

    await t.step(
      "two participants disputing at once: exactly one dispute opens",
      async () => {
        const l = await lesson();
        const results = await Promise.all([
          dispute(l.id, l.studentToken, { reason: "Student" }),
          dispute(l.id, l.teacherToken, { reason: "Teacher" }),
        ]);
        assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
        await Promise.all(results.map((r) => r.body?.cancel()));
        const open = await app.db.query(
          "SELECT id FROM booking_disputes WHERE booking_id = $1",
          [l.id],
        );
        assert.equal(open.length, 1);
      },
    );

    await t.step(
      "the booking page shows both sides the evidence; a technical failure offers a reschedule and blames no one; the dispute form opens a dispute",
      async () => {
        const l = await lesson();
        await insertVisit(app.db, l, l.teacher.id, -2 * MINUTE, 15 * MINUTE);
        await insertVisit(app.db, l, l.student.id, 0, 14 * MINUTE);
        for (const token of [l.teacherToken, l.studentToken]) {
          const res = await app.request(`/bookings/${l.id}`, { token });
          assert.equal(res.status, 200);
          const html = await res.text();
          assert.match(html, /data-status="technical_failure"/);
          assert.match(html, /data-attendance/);
          assert.match(html, /No\s+one is blamed/);
          assert.ok(html.includes(`href="/bookings/${l.id}/reschedule"`));
          assert.match(html, /data-side="teacher"/);
          assert.match(html, /data-side="student"/);
          assert.equal((html.match(/Never connected/g) ?? []).length, 2);
          assert.ok(
            html.includes(
              `data-joined="${
                new Date(l.start_at.getTime() - 2 * MINUTE).toISOString()
              }"`,
            ),
          );
          assert.match(html, /Booked: 1 h/);
          assert.match(html, /data-dispute-form/);
        }

        const path = `/bookings/${l.id}/dispute`;
        const empty = await postForm(
          app,
          path,
          { reason: " " },
          l.studentToken,
        );
        assert.equal(empty.status, 400);
        assert.match(await empty.text(), /Say why you dispute the outcome/);
        const outsider = await app.tokenFor(await createTestUser(app.db));
        const refused = await postForm(app, path, { reason: "x" }, outsider);
        assert.equal(refused.status, 403);
        await refused.body?.cancel();

        const ok = await postForm(
          app,
          path,
          { reason: "The call never connected" },
          l.studentToken,
        );
        assert.equal(ok.status, 303);
        assert.equal(ok.headers.get("location"), `/bookings/${l.id}#dispute`);
        const page = await (await app.request(`/bookings/${l.id}`, {
          token: l.teacherToken,
        })).text();
        assert.match(page, /data-dispute-status="open"/);
        assert.match(page, /The call never connected/);
        assert.doesNotMatch(page, /data-dispute-form/);
        const twice = await postForm(
          app,
          path,
          { reason: "Again" },
          l.studentToken,
        );
        assert.equal(twice.status, 409);
        assert.match(await twice.text(), /already open/);
      },
    );

    await t.step(
      "a completed lesson shows each side's connected times and the actual against the booked duration",
      async () => {
        const l = await lesson();
        await insertVisit(app.db, l, l.teacher.id, 0, 50 * MINUTE, [
          [MINUTE, 46 * MINUTE],
        ]);
        await insertVisit(app.db, l, l.student.id, 0, 50 * MINUTE, [
          [MINUTE, 45 * MINUTE],
        ]);
        const html = await (await app.request(`/bookings/${l.id}`, {
          token: l.studentToken,
        })).text();
        assert.match(html, /data-status="completed"/);
        assert.match(html, /data-actual-seconds="2640"/);
        assert.match(html, /44 min/);
        assert.doesNotMatch(html, /Never connected/);
        assert.doesNotMatch(html, /No\s+one is blamed/);

        // Before anyone joins an upcoming lesson there is nothing to show.
        const upcoming = await lesson({ startInMinutes: 120 });
        const before = await (await app.request(`/bookings/${upcoming.id}`, {
          token: upcoming.studentToken,
        })).text();
        assert.doesNotMatch(before, /data-attendance/);
      },
    );
  } finally {
    await app.close();
  }
});
