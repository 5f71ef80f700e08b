// Private post-lesson ratings through the app with real requests: who may
// rate (the student of a completed lesson), once, changed for 7 days; who
// reads them (the teacher their own, admins all); the booking page's form
// and the /ratings page, with no script.
import assert from "node:assert/strict";
import { createTestApp, postForm, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";

const DAY_MINUTES = 24 * 60;

async function jsonOf(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 500));
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return JSON.parse(text);
}

async function html(res: Response, status: number): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, status, body.slice(0, 500));
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  return body;
}

Deno.test({
  name: "lesson ratings",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    const user = (role: "student" | "teacher" | "admin") =>
      createTestUser(app.db, { role });
    const put = async (who: User | null, id: string, body: unknown) =>
      await app.request(`/api/bookings/${id}/rating`, {
        method: "PUT",
        token: who ? await app.tokenFor(who) : undefined,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const get = async (who: User | null, path: string) =>
      await app.request(path, {
        token: who ? await app.tokenFor(who) : undefined,
      });
    try {
      const teacher = await user("teacher");
      const student = await user("student");
      const outsider = await user("student");
      const otherTeacher = await user("teacher");
      const admin = await user("admin");
      const lesson = (
        status: "completed" | "confirmed" | "cancelled" | "pending",
        startInMinutes: number,
        who = { teacher, student },
      ) =>
        createTestBooking(app.db, { ...who, status, startInMinutes }).then((
          b,
        ) => b.id);
      const done = await lesson("completed", -3 * DAY_MINUTES);

      await t.step(
        `only the student of a completed lesson rates it (${app.kind})`,
        async () => {
          const upcoming = await lesson("confirmed", 2 * DAY_MINUTES);
          const cancelled = await lesson("cancelled", 3 * DAY_MINUTES);
          // Ended without anyone joining: settled as a no-show, not completed.
          const missed = await lesson("confirmed", -2 * DAY_MINUTES);
          for (const id of [upcoming, cancelled, missed]) {
            const body = await jsonOf(
              await put(student, id, { stars: 5 }),
              409,
            );
            assert.equal(body.error.code, "conflict");
            assert.match(body.error.message, /only a completed lesson/);
          }
          for (const who of [teacher, outsider, admin]) {
            const body = await jsonOf(await put(who, done, { stars: 5 }), 403);
            assert.equal(body.error.code, "forbidden");
          }
          await jsonOf(await put(null, done, { stars: 5 }), 401);
          await jsonOf(
            await put(student, crypto.randomUUID(), { stars: 5 }),
            404,
          );
          await jsonOf(await put(student, "nope", { stars: 5 }), 404);
          const [{ count }] = await app.db.query<{ count: number }>(
            "SELECT count(*)::int AS count FROM booking_ratings",
          );
          assert.equal(count, 0);
        },
      );

      await t.step(
        "stars 1 to 5 and a comment of at most 1000 characters",
        async () => {
          for (
            const body of [
              {},
              { stars: 0 },
              { stars: 6 },
              { stars: 2.5 },
              { stars: "4" },
              { stars: 4, comment: "x".repeat(1001) },
            ]
          ) {
            const res = await jsonOf(await put(student, done, body), 400);
            assert.equal(
              res.error.code,
              "invalid_request",
              JSON.stringify(body),
            );
          }
        },
      );

      await t.step(
        "rated once, changed within 7 days, then fixed",
        async () => {
          const first = await jsonOf(
            await put(student, done, {
              stars: 4,
              comment: "  Clear and kind ",
            }),
            201,
          );
          assert.equal(first.stars, 4);
          assert.equal(first.comment, "Clear and kind");
          assert.equal(first.teacher.id, teacher.id);
          assert.equal(
            new Date(first.editable_until).getTime() -
              new Date(first.created_at).getTime(),
            7 * 24 * 3600_000,
          );
          const changed = await jsonOf(
            await put(student, done, { stars: 5, comment: "x".repeat(1000) }),
            200,
          );
          assert.equal(changed.stars, 5);
          assert.equal(changed.created_at, first.created_at);
          const [{ count }] = await app.db.query<{ count: number }>(
            "SELECT count(*)::int AS count FROM booking_ratings WHERE booking_id = $1",
            [done],
          );
          assert.equal(count, 1, "one rating per booking");
          const cleared = await jsonOf(
            await put(student, done, { stars: 5 }),
            200,
          );
          assert.equal(cleared.comment, null);

          // Eight days after the first rating it can no longer change.
          await app.db.query(
            "UPDATE booking_ratings SET created_at = now() - interval '8 days' WHERE booking_id = $1",
            [done],
          );
          const late = await jsonOf(
            await put(student, done, { stars: 1 }),
            409,
          );
          assert.match(late.error.message, /only be changed for 7 days/);
          const got = await jsonOf(
            await get(student, `/api/bookings/${done}/rating`),
            200,
          );
          assert.equal(got.stars, 5);
        },
      );

      await t.step(
        "teachers read their own ratings and average, admins all",
        async () => {
          const second = await lesson("completed", -5 * DAY_MINUTES);
          await jsonOf(await put(student, second, { stars: 2 }), 201);
          const elsewhere = await lesson("completed", -4 * DAY_MINUTES, {
            teacher: otherTeacher,
            student: outsider,
          });
          await jsonOf(await put(outsider, elsewhere, { stars: 3 }), 201);

          const own = await jsonOf(await get(teacher, "/api/ratings"), 200);
          assert.deepEqual(
            own.ratings.map((r: { booking_id: string }) => r.booking_id),
            [second, done],
          );
          assert.equal(own.count, 2);
          assert.equal(own.average, 3.5);
          const paged = await jsonOf(
            await get(teacher, "/api/ratings?limit=1"),
            200,
          );
          assert.equal(paged.ratings.length, 1);
          const rest = await jsonOf(
            await get(
              teacher,
              `/api/ratings?limit=1&after=${encodeURIComponent(paged.next)}`,
            ),
            200,
          );
          assert.deepEqual(
            [...paged.ratings, ...rest.ratings].map((
              r: { booking_id: string },
            ) => r.booking_id),
            [second, done],
          );
          assert.equal(rest.next, null);

          const all = await jsonOf(await get(admin, "/api/ratings"), 200);
          assert.equal(all.count, 3);
          assert.deepEqual(
            new Set(
              all.ratings.map((r: { booking_id: string }) => r.booking_id),
            ),
            new Set([done, second, elsewhere]),
          );
          const theirs = await jsonOf(
            await get(otherTeacher, "/api/ratings"),
            200,
          );
          assert.deepEqual(
            theirs.ratings.map((r: { booking_id: string }) => r.booking_id),
            [elsewhere],
          );
          await jsonOf(await get(student, "/api/ratings"), 403);
          await jsonOf(await get(null, "/api/ratings"), 401);
          await jsonOf(await get(teacher, "/api/ratings?after=nonsense"), 400);

          // One booking's rating: its participants and admins.
          for (const who of [student, teacher, admin]) {
            await jsonOf(await get(who, `/api/bookings/${done}/rating`), 200);
          }
          await jsonOf(
            await get(otherTeacher, `/api/bookings/${done}/rating`),
            403,
          );
          await jsonOf(await get(null, `/api/bookings/${done}/rating`), 401);
          const unrated = await lesson("completed", -6 * DAY_MINUTES);
          await jsonOf(
            await get(student, `/api/bookings/${unrated}/rating`),
            404,
          );
        },
      );

      await t.step(
        "/ratings: the teacher's own, everyone's for admins, no script",
        async () => {
          const mine = await html(await get(teacher, "/ratings"), 200);
          assert.match(mine, /Your ratings/);
          assert.match(
            mine,
            /data-average[^>]*>3\.5</,
          );
          assert(mine.includes(`data-rating-booking="${done}"`));
          assert(!mine.includes("<script"));
          const everyone = await html(await get(admin, "/ratings"), 200);
          assert.match(everyone, /All ratings/);
          assert.equal(
            [...everyone.matchAll(/data-rating-booking=/g)].length,
            3,
          );
          const theirs = await html(await get(otherTeacher, "/ratings"), 200);
          assert(!theirs.includes(`data-rating-booking="${done}"`));
          await html(await get(student, "/ratings"), 403);
          const anon = await get(null, "/ratings");
          assert.equal(anon.status, 303);
          assert.match(anon.headers.get("location") ?? "", /^\/login\?next=/);
        },
      );

      await t.step("the booking page's rating form", async () => {
        const id = await lesson("completed", -7 * DAY_MINUTES);
        const token = await app.tokenFor(student);
        const page = await html(await get(student, `/bookings/${id}`), 200);
        assert.match(page, /Rate this lesson/);
        assert.match(page, new RegExp(`action="/bookings/${id}/rating"`));
        assert(!page.includes("<script"));

        // Bad input shows the form again with the problem.
        const bad = await html(
          await postForm(app, `/bookings/${id}/rating`, { stars: "9" }, token),
          400,
        );
        assert.match(bad, /Choose 1 to 5 stars/);
        const saved = await postForm(app, `/bookings/${id}/rating`, {
          stars: "3",
          comment: "Good pace",
        }, token);
        assert.equal(saved.status, 303);
        assert.equal(saved.headers.get("location"), `/bookings/${id}#rating`);
        const after = await html(await get(student, `/bookings/${id}`), 200);
        assert.match(after, /data-rating="3"/);
        assert.match(after, /Change rating/);
        // The teacher reads it on the page, without a form.
        const tp = await html(await get(teacher, `/bookings/${id}`), 200);
        assert.match(tp, /The student(&#39;|')s rating/);
        assert(tp.includes("Good pace"));
        assert(!tp.includes(`action="/bookings/${id}/rating"`));
        await html(
          await postForm(
            app,
            `/bookings/${id}/rating`,
            { stars: "5" },
            await app.tokenFor(teacher),
          ),
          403,
        );
        await html(
          await postForm(
            app,
            `/bookings/${id}/rating`,
            { stars: "5" },
            await app.tokenFor(outsider),
          ),
          403,
        );
        // Not completed: refused with the reason, nothing stored.
        const upcoming = await lesson("confirmed", 6 * DAY_MINUTES);
        const refused = await html(
          await postForm(
            app,
            `/bookings/${upcoming}/rating`,
            { stars: "5" },
            token,
          ),
          409,
        );
        assert.match(refused, /only a completed lesson/);
        const up = await html(await get(student, `/bookings/${upcoming}`), 200);
        assert(!up.includes('id="rating"'));
      });
    } finally {
      await app.close();
    }
  },
});
