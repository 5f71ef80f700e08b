// Teacher profiles through the app with real requests: the teacher edits
// their own on /account/profile (form post → 303, field errors → 400 with
// the values kept), students and anonymous visitors cannot, and the
// teacher's page shows it with lesson lengths, zone and local time.
import assert from "node:assert/strict";
import { createTestApp, postForm, type TestApp } from "@/tests/_app.ts";
import { createTestUser } from "@/tests/_db.ts";

async function html(res: Response, status: number): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, status, body.slice(0, 500));
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  return body;
}

Deno.test({
  name: "teacher profiles",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    try {
      const teacher = await createTestUser(app.db, {
        role: "teacher",
        timeZone: "Asia/Tokyo",
      });
      const student = await createTestUser(app.db, { role: "student" });
      const teacherToken = await app.tokenFor(teacher);
      const studentToken = await app.tokenFor(student);

      await t.step(
        `the teacher saves their profile (${app.kind})`,
        async () => {
          const form = await html(
            await app.request("/account/profile", { token: teacherToken }),
            200,
          );
          assert.match(form, /name="headline"/);
          const res = await postForm(app, "/account/profile", {
            headline: "  Patient English teacher  ",
            bio: "Ten years of teaching.\nExam preparation <b>too</b>.",
            subjects: "English, IELTS, english, , Business English",
            languages: "English,Japanese",
          }, teacherToken);
          assert.equal(res.status, 303);
          assert.equal(res.headers.get("location"), "/account/profile?saved=1");
          const [row] = await app.db.query<
            { headline: string; subjects: string[]; languages: string[] }
          >(
            "SELECT headline, subjects, languages FROM teacher_profiles WHERE teacher_id = $1",
            [teacher.id],
          );
          assert.equal(row.headline, "Patient English teacher");
          assert.deepEqual(row.subjects, [
            "English",
            "IELTS",
            "Business English",
          ]);
          assert.deepEqual(row.languages, ["English", "Japanese"]);
          const again = await html(
            await app.request("/account/profile?saved=1", {
              token: teacherToken,
            }),
            200,
          );
          assert.match(again, /value="English, IELTS, Business English"/);
          assert.match(again, /role="status"[^>]*>Saved/);
          const account = await html(
            await app.request("/account", { token: teacherToken }),
            200,
          );
          assert.match(account, /href="\/account\/profile"/);
        },
      );

      await t.step(`field errors keep the values (${app.kind})`, async () => {
        const res = await postForm(app, "/account/profile", {
          headline: "x".repeat(121),
          bio: "kept bio",
          subjects: Array.from({ length: 11 }, (_, i) => `S${i}`).join(","),
          languages: "y".repeat(41),
        }, teacherToken);
        const body = await html(res, 400);
        assert.match(body, /At most 120 characters/);
        assert.match(body, /List at most 10 subjects/);
        assert.match(body, /Each language must be at most 40 characters/);
        assert.match(body, /kept bio<\/textarea>/);
        assert.match(body, new RegExp(`value="${"x".repeat(121)}"`));
        // Nothing changed.
        const [row] = await app.db.query<{ headline: string }>(
          "SELECT headline FROM teacher_profiles WHERE teacher_id = $1",
          [teacher.id],
        );
        assert.equal(row.headline, "Patient English teacher");
      });

      await t.step(`only teachers edit a profile (${app.kind})`, async () => {
        assert.equal(
          (await app.request("/account/profile", { token: studentToken }))
            .status,
          403,
        );
        const res = await postForm(app, "/account/profile", {
          headline: "Hijack",
        }, studentToken);
        assert.equal(res.status, 403);
        await res.body?.cancel();
        const anon = await postForm(app, "/account/profile", { headline: "x" });
        assert.equal(anon.status, 303);
        assert.match(anon.headers.get("location") ?? "", /^\/login/);
        const rows = await app.db.query(
          "SELECT 1 FROM teacher_profiles WHERE teacher_id = $1",
          [student.id],
        );
        assert.equal(rows.length, 0);
        const account = await html(
          await app.request("/account", { token: studentToken }),
          200,
        );
        assert.doesNotMatch(account, /href="\/account\/profile"/);
      });

      await t.step(`the teacher's page shows it (${app.kind})`, async () => {
        const page = await html(
          await app.request(`/teachers/${teacher.id}`, { token: studentToken }),
          200,
        );
        assert.match(page, /Patient English teacher/);
        // Escaped, line breaks kept by CSS.
        assert.match(page, /Exam preparation &lt;b>too&lt;\/b>\./);
        assert.match(page, /Teaches:.*English, IELTS, Business English/s);
        assert.match(page, /Speaks:.*English, Japanese/s);
        assert.match(page, /Lessons:.*30 min, 45 min, 60 min/s);
        const hm = new Intl.DateTimeFormat("en-GB", {
          hour: "2-digit",
          minute: "2-digit",
          timeZone: "Asia/Tokyo",
        });
        const now = Date.now();
        const times = [now - 60_000, now, now + 60_000].map((t) =>
          hm.format(t)
        );
        assert.ok(
          times.some((t) => page.includes(t)) &&
            page.includes("Asia/Tokyo (now"),
          "the teacher's local time",
        );
        // A teacher without a profile still has a page.
        const other = await createTestUser(app.db, { role: "teacher" });
        const bare = await html(
          await app.request(`/teachers/${other.id}`, { token: studentToken }),
          200,
        );
        assert.match(bare, /Time zone:.*UTC \(now/s);
        assert.doesNotMatch(bare, /data-headline/);
      });
    } finally {
      await app.close();
    }
  },
});
