// Locales in-process: the browser's Accept-Language or the account's own
// setting decides the clock and date format of the pages; the booking page
// shows the other participant's local time; a bad header falls back to
// English on a 24-hour clock.
import assert from "node:assert/strict";
import { createTestApp, postForm } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { getUserById } from "@/lib/auth/users.ts";
import { formatRange, formatTime } from "@/lib/format.ts";

async function page(res: Response): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, 200, body.slice(0, 300));
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  return body.replaceAll("&#39;", "'").replaceAll("&amp;", "&");
}

Deno.test("locales and zones on the pages", async (t) => {
  const app = await createTestApp();
  try {
    const student = await createTestUser(app.db, {
      role: "student",
      username: "Sam",
      timeZone: "America/New_York",
    });
    const teacher = await createTestUser(app.db, {
      role: "teacher",
      username: "Tia",
      timeZone: "Europe/Berlin",
    });
    const b = await createTestBooking(app.db, {
      student,
      teacher,
      startInMinutes: 3 * 24 * 60,
    });
    const token = await app.tokenFor(student);
    const get = (path: string, lang?: string) =>
      app.request(path, {
        token,
        headers: lang ? { "accept-language": lang } : {},
      });
    const when = (locale: string) =>
      formatRange(b.start_at, b.end_at, "America/New_York", locale);

    await t.step("Accept-Language: en-US gives a 12-hour clock", async () => {
      const body = await page(await get("/bookings", "en-US,en;q=0.9"));
      assert.ok(body.includes(when("en-US")), when("en-US"));
      assert.match(when("en-US"), /[AP]M/);
    });

    await t.step(
      "Accept-Language: de-DE gives German dates on a 24-hour clock",
      async () => {
        const body = await page(
          await get(`/bookings/${b.id}`, "de-DE,de;q=0.9"),
        );
        assert.ok(body.includes(when("de-DE")), when("de-DE"));
        assert.doesNotMatch(when("de-DE"), /[AP]M/);
        assert.ok(!body.includes(when("en-US")));
      },
    );

    await t.step(
      "a malformed header falls back to English on a 24-hour clock",
      async () => {
        for (
          const header of [
            "*;q=x,,;",
            "zz-ZZZZZZZZZ-",
            "x-klingon",
            "a".repeat(3000),
          ]
        ) {
          const body = await page(await get("/bookings", header));
          assert.ok(body.includes(when("en-GB")), header.slice(0, 20));
        }
      },
    );

    await t.step("the account's setting overrides the browser", async () => {
      const res = await postForm(app, "/account", {
        action: "locale",
        locale: "en-US",
      }, token);
      assert.equal(res.status, 303);
      assert.equal((await getUserById(app.db, student.id))?.locale, "en-US");
      const body = await page(await get("/bookings", "de-DE"));
      assert.ok(body.includes(when("en-US")));
      const account = await page(await get("/account", "de-DE"));
      assert.match(account, /<option\s+value="en-US"\s+selected>/);
      // Back to the browser's choice.
      await postForm(app, "/account", { action: "locale", locale: "" }, token);
      assert.equal((await getUserById(app.db, student.id))?.locale, null);
      assert.ok(
        (await page(await get("/bookings", "de-DE"))).includes(when("de-DE")),
      );
    });

    await t.step(
      "a locale outside the list is a field error and nothing is stored",
      async () => {
        const res = await postForm(app, "/account", {
          action: "locale",
          locale: "tlh",
        }, token);
        assert.equal(res.status, 400);
        const body = await res.text();
        assert.match(
          body,
          /<p id="field-locale-error"[^>]*>Choose a format from the list<\/p>/,
        );
        assert.equal((await getUserById(app.db, student.id))?.locale, null);
      },
    );

    await t.step(
      "the booking page shows the other participant's local time",
      async () => {
        const body = await page(await get(`/bookings/${b.id}`, "en-GB"));
        assert.match(body, /Tia's local time/);
        assert.match(body, /data-participant-zone="Europe\/Berlin"/);
        assert.ok(
          body.includes(
            `The lesson is at ${
              formatRange(b.start_at, b.end_at, "Europe/Berlin", "en-GB")
            } their time.`,
          ),
        );
        const now = /It is (\d\d:\d\d) for Tia \(Europe\/Berlin\)\./.exec(body);
        assert.ok(now, "their time now");
        const expected = [-60_000, 0, 60_000].map((d) =>
          formatTime(new Date(Date.now() + d), "Europe/Berlin", "en-GB")
        );
        assert.ok(expected.includes(now[1]), `${now[1]} in ${expected}`);
        // And the teacher sees the student's clock, in the teacher's format.
        const teacherPage = await page(
          await app.request(`/bookings/${b.id}`, {
            token: await app.tokenFor(teacher),
            headers: { "accept-language": "en-US" },
          }),
        );
        assert.match(teacherPage, /Sam's local time/);
        assert.ok(
          teacherPage.includes(
            formatRange(b.start_at, b.end_at, "America/New_York", "en-US"),
          ),
        );
      },
    );

    await t.step(
      "a one-click zone switch sets the zone and returns to the page",
      async () => {
        const res = await postForm(app, "/account", {
          action: "time_zone",
          time_zone: "Asia/Tokyo",
          next: `/bookings/${b.id}`,
        }, token);
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), `/bookings/${b.id}`);
        assert.equal(
          (await getUserById(app.db, student.id))?.time_zone,
          "Asia/Tokyo",
        );
        const away = await postForm(app, "/account", {
          action: "time_zone",
          time_zone: "UTC",
          next: "//evil.example/",
        }, token);
        assert.equal(away.status, 400);
        assert.equal(
          (await getUserById(app.db, student.id))?.time_zone,
          "Asia/Tokyo",
        );
      },
    );

    await t.step(
      "the week on a teacher's page starts on the locale's first day",
      async () => {
        const us = await page(await get(`/teachers/${teacher.id}`, "en-US"));
        const gb = await page(await get(`/teachers/${teacher.id}`, "en-GB"));
        const firstDate = (body: string) =>
          /aria-label="Coming weeks"[\s\S]*?href="[^"]*week=(\d{4}-\d{2}-\d{2})/
            .exec(body)?.[1];
        const us1 = firstDate(us), gb1 = firstDate(gb);
        assert.ok(us1 && gb1);
        assert.equal(Temporal.PlainDate.from(us1).dayOfWeek, 7);
        assert.equal(Temporal.PlainDate.from(gb1).dayOfWeek, 1);
      },
    );
  } finally {
    await app.close();
  }
});
