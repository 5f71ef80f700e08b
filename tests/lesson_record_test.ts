// The lesson record on the booking page and its JSON API, driven in-process
// with real requests: the stored chat transcript with names, the teacher's
// notes and homework (form post → 303, JSON PUT), the student reading them,
// and outsiders refused before anything is read.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { addBookingMessage } from "@/lib/bookings/lesson_record.ts";
import { LESSON_NOTES_MAX_LENGTH } from "@/lib/bookings/lesson_record_schema.ts";

const JSON_TYPE = /^application\/json/;

function form(values: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(values).toString(),
  };
}

function put(body: unknown): RequestInit {
  return {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

async function html(res: Response, status: number): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, status, body.slice(0, 300));
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  return body;
}

async function json(res: Response, status: number) {
  assert.equal(res.status, status);
  assert.match(res.headers.get("content-type") ?? "", JSON_TYPE);
  return await res.json();
}

/** The lesson record section of a booking page, or null. */
function recordOf(page: string): string | null {
  const match = /<section id="lesson-record"[\s\S]*?<\/section>/.exec(page);
  return match ? match[0] : null;
}

Deno.test("the lesson record (pages and API)", async (t) => {
  const app: TestApp = await createTestApp();
  try {
    const teacher = await createTestUser(app.db, {
      role: "teacher",
      username: "Ada Teacher",
    });
    const student = await createTestUser(app.db, { username: "Sam Student" });
    const outsider = await createTestUser(app.db);
    const [teacherToken, studentToken, outsiderToken] = await Promise.all(
      [teacher, student, outsider].map((u) => app.tokenFor(u)),
    );
    const booking = await createTestBooking(app.db, {
      teacher,
      student,
      startInMinutes: -90,
      minutes: 60,
    });
    const path = `/bookings/${booking.id}`;
    await addBookingMessage(app.db, {
      bookingId: booking.id,
      authorId: student.id,
      id: "m1",
      text: "Is <b>this</b> right?",
    });
    await addBookingMessage(app.db, {
      bookingId: booking.id,
      authorId: teacher.id,
      id: "m2",
      text: "Yes, well done",
    });

    await t.step(
      "after the lesson the page shows the transcript with names, escaped",
      async () => {
        const record = recordOf(
          await html(await app.request(path, { token: studentToken }), 200),
        );
        assert.ok(record, "the page has a lesson record");
        assert.match(record, /Is &lt;b(>|&gt;)this&lt;\/b(>|&gt;) right\?/);
        const authors = [...record.matchAll(/data-author="(\w+)"/g)].map((m) =>
          m[1]
        );
        assert.deepEqual(authors, ["me", "other"]);
        assert.match(record, />You<\/span>[\s\S]*>Ada Teacher<\/span>/);
        assert.match(record, /<time datetime="[^"]+"/);
        assert.match(record, /Nothing written yet/);
        assert.doesNotMatch(record, /<form/, "the student has no form");
      },
    );

    await t.step(
      "the teacher saves notes with the form (303) and the student reads them",
      async () => {
        const page = await html(
          await app.request(path, { token: teacherToken }),
          200,
        );
        const record = recordOf(page)!;
        assert.match(record, new RegExp(`action="${path}/notes"`));
        assert.match(
          record,
          new RegExp(`maxlength="${LESSON_NOTES_MAX_LENGTH}"`),
        );
        const res = await app.request(`${path}/notes`, {
          ...form({ notes: "Past tense <review>", homework: "Exercise 3" }),
          token: teacherToken,
        });
        assert.equal(res.status, 303);
        assert.equal(
          res.headers.get("location"),
          `${path}?done=notes#lesson-record`,
        );
        const after = await html(
          await app.request(`${path}?done=notes`, { token: teacherToken }),
          200,
        );
        assert.match(after, /Lesson notes saved/);
        assert.match(
          recordOf(after)!,
          /Past tense &lt;review(>|&gt;)<\/textarea>/,
        );
        const seen = recordOf(
          await html(await app.request(path, { token: studentToken }), 200),
        )!;
        assert.match(
          seen,
          /data-role="notes"[^>]*>Past tense &lt;review(>|&gt;)/,
        );
        assert.match(seen, /data-role="homework"[^>]*>Exercise 3/);
      },
    );

    await t.step(
      "the student cannot write the notes, by form or API",
      async () => {
        const res = await app.request(`${path}/notes`, {
          ...form({ notes: "Changed", homework: "" }),
          token: studentToken,
        });
        await html(res, 403);
        const api = await app.request(`/api${path}/notes`, {
          ...put({ notes: "Changed", homework: "" }),
          token: studentToken,
        });
        const body = await json(api, 403);
        assert.equal(body.error.code, "forbidden");
        assert.equal(
          (await json(
            await app.request(`/api${path}/notes`, { token: studentToken }),
            200,
          )).notes,
          "Past tense <review>",
        );
      },
    );

    await t.step(
      "the teacher writes the notes with PUT; limits hold",
      async () => {
        const saved = await json(
          await app.request(`/api${path}/notes`, {
            ...put({ notes: "  Irregular verbs ", homework: "Read ch. 2" }),
            token: teacherToken,
          }),
          200,
        );
        assert.equal(saved.notes, "Irregular verbs");
        assert.equal(saved.homework, "Read ch. 2");
        assert.equal(saved.updated_by, teacher.id);
        const tooLong = await json(
          await app.request(`/api${path}/notes`, {
            ...put({ notes: "x".repeat(LESSON_NOTES_MAX_LENGTH + 1) }),
            token: teacherToken,
          }),
          400,
        );
        assert.equal(tooLong.error.code, "invalid_request");
        const formTooLong = await app.request(`${path}/notes`, {
          ...form({ notes: "x".repeat(LESSON_NOTES_MAX_LENGTH + 1) }),
          token: teacherToken,
        });
        await html(formTooLong, 400);
        const read = await json(
          await app.request(`/api${path}/notes`, { token: studentToken }),
          200,
        );
        assert.equal(read.notes, "Irregular verbs", "nothing was overwritten");
      },
    );

    await t.step("GET messages gives the transcript in order", async () => {
      const body = await json(
        await app.request(`/api${path}/messages`, { token: studentToken }),
        200,
      );
      assert.deepEqual(body.messages.map((m: { id: string }) => m.id), [
        "m1",
        "m2",
      ]);
      assert.deepEqual(Object.keys(body.messages[0]).sort(), [
        "author_id",
        "created_at",
        "id",
        "text",
      ]);
    });

    await t.step("outsiders and unknown bookings are refused", async () => {
      await html(await app.request(path, { token: outsiderToken }), 403);
      await html(
        await app.request(`${path}/notes`, {
          ...form({ notes: "Mine now" }),
          token: outsiderToken,
        }),
        403,
      );
      for (const method of ["GET", "PUT"]) {
        const init = method === "PUT" ? put({ notes: "x" }) : {};
        const refused = await json(
          await app.request(`/api${path}/notes`, {
            ...init,
            token: outsiderToken,
          }),
          403,
        );
        assert.equal(refused.error.code, "forbidden");
        const missing = await json(
          await app.request(`/api/bookings/${crypto.randomUUID()}/notes`, {
            ...init,
            token: teacherToken,
          }),
          404,
        );
        assert.equal(missing.error.code, "not_found");
      }
      await json(
        await app.request(`/api${path}/messages`, { token: outsiderToken }),
        403,
      );
      await html(
        await app.request(`/bookings/${crypto.randomUUID()}/notes`, {
          ...form({ notes: "x" }),
          token: teacherToken,
        }),
        404,
      );
      const anonymous = await app.request(`/api${path}/notes`, put({}));
      assert.equal((await json(anonymous, 401)).error.code, "unauthorized");
    });

    await t.step(
      "an open room's CSS styles the lazily loaded chat panel",
      async () => {
        const open = await createTestBooking(app.db, {
          teacher,
          student,
          startInMinutes: 5,
        });
        const page = await html(
          await app.request(`/bookings/${open.id}`, { token: studentToken }),
          200,
        );
        assert.match(page, /id="call-room"/);
        // Only components/call/ChatPanel.tsx uses overflow-y-auto, and it is
        // loaded by import(): twind must see it among the island's sources.
        const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page)?.[1];
        assert.ok(href, "the page links the stylesheet");
        const sheet = await app.request(href);
        assert.equal(sheet.status, 200);
        assert.match(
          await sheet.text(),
          /\.overflow-y-auto\{overflow-y:auto\}/,
        );
      },
    );

    await t.step(
      "an upcoming lesson shows no record until its room opens",
      async () => {
        const later = await createTestBooking(app.db, {
          teacher,
          student,
          startInMinutes: 24 * 60,
        });
        const page = await html(
          await app.request(`/bookings/${later.id}`, { token: teacherToken }),
          200,
        );
        assert.equal(recordOf(page), null);
      },
    );
  } finally {
    await app.close();
  }
});
