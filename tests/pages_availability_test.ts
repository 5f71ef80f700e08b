// The availability pages in-process: the teacher's editor (/availability)
// and the student's booking picker (/teachers/:id) — rendering, access,
// form posts with 303s, field errors that keep what was typed, and booking
// a computed time.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestSlot, createTestUser } from "@/tests/_db.ts";
import { getAvailabilityRules } from "@/lib/availability/store.ts";
import { saveAvailability } from "@/lib/availability/store.ts";
import { addDays, localDateOf } from "@/lib/availability/zone.ts";
import { mondayOf } from "@/lib/availability/picker.ts";
import { formatTime } from "@/lib/format.ts";

const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";

function form(values: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(values).toString(),
  };
}

async function html(res: Response, status: number): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, status, body.slice(0, 800));
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  return body;
}

function assertRedirect(res: Response, location: string | RegExp) {
  assert.equal(res.status, 303);
  const got = res.headers.get("location") ?? "";
  if (typeof location === "string") assert.equal(got, location);
  else assert.match(got, location);
}

/** The value of the input (or the text of the textarea) named `name`. */
function fieldValue(body: string, name: string): string | null {
  const input = new RegExp(`<input\\b[^>]*name="${name}"[^>]*>`).exec(body);
  if (input) {
    return /value="([^"]*)"/.exec(input[0])?.[1].replaceAll("&amp;", "&") ??
      "";
  }
  const area = new RegExp(`<textarea\\b[^>]*name="${name}"[^>]*>([^<]*)<`)
    .exec(body);
  return area ? area[1] : null;
}

/** The error text shown under the field `name`. */
function fieldError(body: string, name: string): string | null {
  return new RegExp(`id="field-${name}-error"[^>]*>([^<]*)<`).exec(body)?.[1] ??
    null;
}

/** The bookable starts the picker offers, in order. */
function starts(body: string): string[] {
  return [...body.matchAll(/data-start-at="([^"]+)"/g)].map((m) => m[1]);
}

const VALID_FORM = {
  time_zone: "Europe/Berlin",
  weekly_1: "09:00-12:00, 14:00-18:00",
  weekly_2: "",
  weekly_3: "9:30-11:00",
  weekly_4: "",
  weekly_5: "",
  weekly_6: "",
  weekly_7: "",
  override_date_0: "2031-03-03",
  override_hours_0: "",
  override_date_1: "2031-03-04",
  override_hours_1: "10:00-11:00",
  override_date_2: "",
  override_hours_2: "",
  lesson_lengths: "60, 30",
  grid_minutes: "15",
  buffer_before_minutes: "5",
  buffer_after_minutes: "10",
  min_notice_minutes: "120",
  horizon_days: "30",
  request_expiry_hours: "8",
  cancellation_window_hours: "24",
};

Deno.test({
  name: `availability pages (${ENGINE})`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app: TestApp = await createTestApp();
    try {
      await t.step(
        "/availability shows the teacher's rules; others are refused",
        async () => {
          const ada = await createTestUser(app.db, { role: "teacher" });
          const body = await html(
            await app.request("/availability", {
              token: await app.tokenFor(ada),
            }),
            200,
          );
          assert(body.includes('href="/availability"'), "in the navigation");
          assert.equal(fieldValue(body, "time_zone"), "UTC");
          assert.equal(fieldValue(body, "lesson_lengths"), "30, 45, 60");
          assert.equal(fieldValue(body, "min_notice_minutes"), "720");
          assert.equal(fieldValue(body, "horizon_days"), "56");
          assert.equal(fieldValue(body, "weekly_1"), "");
          assert.match(body, /name="requires_confirmation"[^>]*checked/);
          assert(!body.includes("<script"), "works without JavaScript");
          const bob = await createTestUser(app.db, { role: "student" });
          await html(
            await app.request("/availability", {
              token: await app.tokenFor(bob),
            }),
            403,
          );
          await html(
            await app.request("/availability", {
              ...form(VALID_FORM),
              token: await app.tokenFor(bob),
            }),
            403,
          );
          assertRedirect(
            await app.request("/availability"),
            /^\/login\?next=%2Favailability$/,
          );
          assert.equal(
            (await app.db.query(
              "SELECT 1 FROM availability_weekly WHERE teacher_id = $1",
              [bob.id],
            )).length,
            0,
          );
        },
      );

      await t.step(
        "the weekly hours are named by Intl and start on the locale's first day",
        async () => {
          const ada = await createTestUser(app.db, { role: "teacher" });
          const token = await app.tokenFor(ada);
          // The weekly fields in page order, each with its label.
          const week = async (lang: string) => {
            const body = await html(
              await app.request("/availability", {
                token,
                headers: { "accept-language": lang },
              }),
              200,
            );
            return [
              ...body.matchAll(
                /<label for="field-weekly_(\d)"[^>]*>([^<]*)<\/label>/g,
              ),
            ].map((m) => `${m[1]} ${m[2].trim()}`);
          };
          assert.deepEqual(await week("en-US"), [
            "7 Sunday",
            "1 Monday",
            "2 Tuesday",
            "3 Wednesday",
            "4 Thursday",
            "5 Friday",
            "6 Saturday",
          ]);
          assert.deepEqual(await week("en-GB"), [
            "1 Monday",
            "2 Tuesday",
            "3 Wednesday",
            "4 Thursday",
            "5 Friday",
            "6 Saturday",
            "7 Sunday",
          ]);
          // Names in the locale's language, not hand-written English.
          assert.equal((await week("de-DE"))[0], "1 Montag");
          // The account's setting wins over the browser's.
          assertRedirect(
            await app.request("/account", {
              ...form({ action: "locale", locale: "en-US" }),
              token,
            }),
            /^\/account/,
          );
          assert.equal((await week("en-GB"))[0], "7 Sunday");
        },
      );

      await t.step(
        "saving the form redirects with 303 and stores every part",
        async () => {
          const ada = await createTestUser(app.db, { role: "teacher" });
          const token = await app.tokenFor(ada);
          assertRedirect(
            await app.request("/availability", { ...form(VALID_FORM), token }),
            "/availability?saved=1",
          );
          const rules = await getAvailabilityRules(app.db, ada.id);
          assert.ok(rules);
          assert.equal(rules.time_zone, "Europe/Berlin");
          assert.deepEqual(rules.weekly, [
            { weekday: 1, start: 540, end: 720 },
            { weekday: 1, start: 840, end: 1080 },
            { weekday: 3, start: 570, end: 660 },
          ]);
          assert.deepEqual(rules.overrides, [
            { date: "2031-03-03", intervals: [] },
            { date: "2031-03-04", intervals: [{ start: 600, end: 660 }] },
          ]);
          assert.deepEqual(rules.lesson_lengths, [30, 60]);
          assert.equal(rules.grid_minutes, 15);
          assert.equal(rules.buffer_before_minutes, 5);
          assert.equal(rules.buffer_after_minutes, 10);
          assert.equal(rules.min_notice_minutes, 120);
          assert.equal(rules.horizon_days, 30);
          assert.equal(rules.requires_confirmation, false);
          assert.equal(rules.request_expiry_hours, 8);
          assert.equal(rules.cancellation_window_hours, 24);
          const page = await html(
            await app.request("/availability?saved=1", { token }),
            200,
          );
          assert(page.includes("Availability saved"));
          assert.equal(
            fieldValue(page, "weekly_1"),
            "09:00-12:00, 14:00-18:00",
          );
          assert.equal(fieldValue(page, "override_date_0"), "2031-03-03");
          assert.equal(fieldValue(page, "override_hours_1"), "10:00-11:00");
          assert.doesNotMatch(page, /name="requires_confirmation"[^>]*checked/);
        },
      );

      await t.step(
        "bad fields re-render with 400, the errors beside them, the values kept, nothing saved",
        async () => {
          const ada = await createTestUser(app.db, { role: "teacher" });
          const token = await app.tokenFor(ada);
          const bad = {
            ...VALID_FORM,
            weekly_2: "09:00-12:00, 11:00-13:00",
            weekly_4: "nine to five",
            weekly_5: "10:00-10:00",
            override_hours_1: "12:00-11:00",
            buffer_after_minutes: "2000",
            horizon_days: "3650",
            time_zone: "Mars/Base",
            lesson_lengths: "30, thirty",
          };
          const body = await html(
            await app.request("/availability", { ...form(bad), token }),
            400,
          );
          assert.match(body, /role="alert"[^>]*>Nothing was saved/);
          // Text that cannot be read is reported before the rules are checked.
          assert.match(fieldError(body, "weekly_4") ?? "", /09:00-12:00/);
          assert.equal(fieldValue(body, "weekly_4"), "nine to five");
          const fixed = await html(
            await app.request("/availability", {
              ...form({ ...bad, weekly_4: "" }),
              token,
            }),
            400,
          );
          assert.match(fieldError(fixed, "weekly_5") ?? "", /end after/);
          assert.match(
            fieldError(fixed, "override_hours_1") ?? "",
            /end after/,
          );
          assert.match(fieldError(fixed, "buffer_after_minutes") ?? "", /day/);
          assert.match(fieldError(fixed, "horizon_days") ?? "", /366/);
          assert.match(fieldError(fixed, "time_zone") ?? "", /Unknown/);
          assert.match(fieldError(fixed, "lesson_lengths") ?? "", /whole/);
          assert.equal(
            fieldValue(fixed, "weekly_2"),
            "09:00-12:00, 11:00-13:00",
          );
          assert.equal(fieldValue(fixed, "horizon_days"), "3650");
          assert.equal(fieldValue(fixed, "time_zone"), "Mars/Base");
          // Overlaps are checked once every interval reads well.
          const overlap = await html(
            await app.request("/availability", {
              ...form({ ...VALID_FORM, weekly_2: bad.weekly_2 }),
              token,
            }),
            400,
          );
          assert.match(
            fieldError(overlap, "weekly_2") ?? "",
            /Overlaps 09:00–12:00 on Tuesday/,
          );
          const rules = await getAvailabilityRules(app.db, ada.id);
          assert.deepEqual(rules?.weekly, []);
          assert.equal(rules?.horizon_days, 56);
          assert.equal(rules?.time_zone, "UTC");
        },
      );

      // ------------------------------------------------------ the picker

      // A Berlin teacher, open 09:00–12:00 every day; a New York student.
      const cast = async () => {
        const ada = await createTestUser(app.db, {
          role: "teacher",
          timeZone: "Europe/Berlin",
        });
        await saveAvailability(app.db, ada.id, {
          weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
            weekday,
            start: 540,
            end: 720,
          })),
          lesson_lengths: [30, 60],
          grid_minutes: 30,
        });
        const bob = await createTestUser(app.db, {
          role: "student",
          timeZone: "America/New_York",
        });
        return { ada, bob, token: await app.tokenFor(bob) };
      };
      // The Monday two weeks ahead (New York), clear of the minimum notice.
      const later = mondayOf(
        addDays(localDateOf(new Date(), "America/New_York"), 14),
      );

      await t.step(
        "the picker shows a week of times in the viewer's zone with the teacher's beside, and the policies",
        async () => {
          const { ada, token } = await cast();
          const body = await html(
            await app.request(`/teachers/${ada.id}?week=${later}`, { token }),
            200,
          );
          assert(!body.includes("<script"), "works without JavaScript");
          assert(body.includes("Times are in America/New_York"));
          assert.match(body, new RegExp(`data-week="${later}"`));
          const all = starts(body);
          // Seven days of six 30-minute starts, 09:00–11:30 Berlin.
          assert.equal(all.length, 42);
          const first = new Date(all[0]);
          assert.equal(formatTime(first, "Europe/Berlin"), "09:00");
          assert(body.includes(formatTime(first, "America/New_York")));
          assert(
            body.includes("09:00 teacher&#39;s time") ||
              body.includes("09:00 teacher's time"),
          );
          assert.equal(
            localDateOf(first, "America/New_York"),
            later,
            "the week starts on the asked Monday",
          );
          assert.match(body, /name="notes"/);
          assert.equal(fieldValue(body, "length_minutes"), "30");
          // Policies: the defaults.
          assert(body.includes("The teacher confirms each booking"));
          assert(body.includes("declined after 24 hours"));
          assert(body.includes("Free until 12 hours before the lesson"));
          assert(body.includes("Book at least 12 hours ahead"));
          assert(body.includes("Up to 56 days ahead"));
          // Week links, length links, zone links.
          assert.match(
            body,
            new RegExp(
              `href="[^"]*week=${addDays(later, 7)}[^"]*"[^>]*>Next week`,
            ),
          );
          assert.match(
            body,
            new RegExp(
              `href="[^"]*week=${
                addDays(later, -7)
              }[^"]*"[^>]*>← Previous week`,
            ),
          );
          assert.match(body, /href="[^"]*length=60[^"]*"[^>]*>60 min/);
          assert.match(body, /href="[^"]*tz=Europe%2FBerlin[^"]*"/);
        },
      );

      await t.step(
        "the picker's week starts on the locale's first day, its days named by Intl",
        async () => {
          const { ada, token } = await cast();
          const days = async (lang: string) => {
            const body = await html(
              await app.request(`/teachers/${ada.id}?week=${later}`, {
                token,
                headers: { "accept-language": lang },
              }),
              200,
            );
            return [
              ...body.matchAll(
                /<li[^>]*data-date="([\d-]+)"[^>]*>\s*<h4[^>]*>([^<]*)</g,
              ),
            ].map((m) => ({ date: m[1], label: m[2] }));
          };
          const label = (date: string, locale: string) =>
            new Intl.DateTimeFormat(locale, {
              weekday: "short",
              day: "numeric",
              month: "short",
              timeZone: "UTC",
            }).format(new Date(`${date}T12:00:00Z`));
          for (const [lang, first] of [["en-US", 7], ["en-GB", 1]] as const) {
            const week = await days(lang);
            assert.equal(week.length, 7, lang);
            assert.equal(
              Temporal.PlainDate.from(week[0].date).dayOfWeek,
              first,
            );
            for (const d of week) assert.equal(d.label, label(d.date, lang));
          }
          assert.match((await days("en-US"))[0].label, /^Sun, /);
          assert.match((await days("en-GB"))[0].label, /^Mon /);
        },
      );

      await t.step(
        "length, week and zone are chosen by links; an unknown zone is said and ignored",
        async () => {
          const { ada, token } = await cast();
          const sixty = await html(
            await app.request(
              `/teachers/${ada.id}?week=${later}&length=60&tz=Europe/Berlin`,
              { token },
            ),
            200,
          );
          assert(sixty.includes("Times are in Europe/Berlin"));
          assert(!sixty.includes("teacher&#39;s time"));
          assert.equal(fieldValue(sixty, "length_minutes"), "60");
          const times = starts(sixty).map((s) =>
            formatTime(new Date(s), "Europe/Berlin")
          );
          assert.deepEqual(times.slice(0, 5), [
            "09:00",
            "09:30",
            "10:00",
            "10:30",
            "11:00",
          ]);
          assert.equal(times.length, 35, "a 60-minute lesson ends by 12:00");
          const next = await html(
            await app.request(
              `/teachers/${ada.id}?week=${addDays(later, 7)}`,
              { token },
            ),
            200,
          );
          assert.match(next, new RegExp(`data-week="${addDays(later, 7)}"`));
          assert.equal(
            localDateOf(new Date(starts(next)[0]), "America/New_York"),
            addDays(later, 7),
          );
          const bad = await html(
            await app.request(`/teachers/${ada.id}?tz=Not/AZone`, { token }),
            200,
          );
          assert.match(
            bad,
            /Unknown time zone &quot;Not\/AZone&quot;|Unknown time zone "Not\/AZone"/,
          );
          assert(bad.includes("Times are in America/New_York"));
        },
      );

      await t.step(
        "booking a time from the picker redirects to the booking; a taken time is a 409 that keeps the note",
        async () => {
          const { ada, token } = await cast();
          const body = await html(
            await app.request(`/teachers/${ada.id}?week=${later}&length=60`, {
              token,
            }),
            200,
          );
          const start = starts(body)[3];
          const res = await app.request(`/teachers/${ada.id}?week=${later}`, {
            ...form({
              length_minutes: "60",
              start_at: start,
              notes: "Past tenses",
            }),
            token,
          });
          assertRedirect(res, /^\/bookings\/[0-9a-f-]{36}$/);
          const id = res.headers.get("location")!.split("/").pop()!;
          const [row] = await app.db.query<
            { start_at: Date; end_at: Date; notes: string; slot_id: null }
          >(
            "SELECT start_at, end_at, notes, slot_id FROM bookings WHERE id = $1",
            [id],
          );
          assert.equal(row.start_at.toISOString(), start);
          assert.equal(row.end_at.getTime() - row.start_at.getTime(), 3600_000);
          assert.equal(row.notes, "Past tenses");
          assert.equal(row.slot_id, null);
          // Gone from the picker, with the half hour before it (a 60-minute
          // lesson there would overlap).
          const after = starts(
            await html(
              await app.request(
                `/teachers/${ada.id}?week=${later}&length=60`,
                { token },
              ),
              200,
            ),
          );
          assert(!after.includes(start));
          assert(!after.includes(starts(body)[2]));

          const other = await createTestUser(app.db, { role: "student" });
          const taken = await html(
            await app.request(`/teachers/${ada.id}?week=${later}`, {
              ...form({
                length_minutes: "30",
                start_at: start,
                notes: "Me too",
              }),
              token: await app.tokenFor(other),
            }),
            409,
          );
          assert.match(
            taken,
            /role="alert"[^>]*>Cannot book time: the teacher already has a booking at that time</,
          );
          assert(taken.includes(">Me too</textarea>"));

          const offGrid = new Date(new Date(start).getTime() + 13 * 60_000);
          const outside = await html(
            await app.request(`/teachers/${ada.id}`, {
              ...form({
                length_minutes: "30",
                start_at: offGrid.toISOString(),
              }),
              token: await app.tokenFor(other),
            }),
            409,
          );
          assert(outside.includes("the teacher is not available then"));
          const none = await html(
            await app.request(`/teachers/${ada.id}`, {
              ...form({ length_minutes: "30", notes: "x" }),
              token: await app.tokenFor(other),
            }),
            400,
          );
          assert.match(none, /role="alert"[^>]*>Choose a time to book</);
          // A teacher cannot book.
          await html(
            await app.request(`/teachers/${ada.id}`, {
              ...form({ length_minutes: "30", start_at: start }),
              token: await app.tokenFor(ada),
            }),
            403,
          );
        },
      );

      await t.step(
        "one-off slots show as their own length and book as the slot; teachers see times without buttons",
        async () => {
          const { ada, token } = await cast();
          const slot = await createTestSlot(app.db, ada, {
            startInMinutes: 20 * 1440 + 17,
            minutes: 50,
          });
          const week = mondayOf(localDateOf(slot.start_at, "America/New_York"));
          const body = await html(
            await app.request(`/teachers/${ada.id}?week=${week}&length=50`, {
              token,
            }),
            200,
          );
          assert.match(body, /href="[^"]*length=50[^"]*"[^>]*>50 min/);
          assert.deepEqual(starts(body), [slot.start_at.toISOString()]);
          assert(body.includes(`name="slot_id" value="${slot.id}"`));
          const res = await app.request(`/teachers/${ada.id}`, {
            ...form({ length_minutes: "50", slot_id: slot.id }),
            token,
          });
          assertRedirect(res, /^\/bookings\//);
          const teacherView = await html(
            await app.request(`/teachers/${ada.id}?week=${later}`, {
              token: await app.tokenFor(ada),
            }),
            200,
          );
          assert.equal(starts(teacherView).length, 42);
          assert(!teacherView.includes('name="start_at"'));
          assert(teacherView.includes("Only students can book lessons"));
        },
      );
    } finally {
      await app.close();
    }
  },
});
