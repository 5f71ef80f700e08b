// Calendar routes in-process: "Add to calendar" (the booking's .ics and the
// Google link), the private feed and its account page, parsed with ical.js.
import assert from "node:assert/strict";
import { createTestApp, ORIGIN, type TestApp } from "@/tests/_app.ts";
import {
  createTestBooking,
  createTestSlot,
  createTestUser,
} from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";
import type { BookingStatus } from "@/lib/bookings/model.ts";
import { param, parseIcs, prop } from "@/lib/calendar/_ical_testing.ts";

const ICS = "text/calendar; charset=utf-8";
const DAY = 24 * 60;

/** iCalendar times have whole seconds; the factories' times do not. */
function toSecond(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();
}

interface Cast {
  teacher: User;
  student: User;
  outsider: User;
}

async function cast(app: TestApp): Promise<Cast> {
  const tag = crypto.randomUUID().slice(0, 4);
  return {
    teacher: await createTestUser(app.db, {
      role: "teacher",
      username: `Tia ${tag}`,
    }),
    student: await createTestUser(app.db, { username: `Sol ${tag}` }),
    outsider: await createTestUser(app.db, { username: `Out ${tag}` }),
  };
}

/** A lesson between the two, starting `startInMinutes` from now. */
function book(
  app: TestApp,
  people: { teacher: User; student: User },
  startInMinutes: number,
  extra: { status?: BookingStatus; minutes?: number } = {},
) {
  return createTestBooking(app.db, { ...people, startInMinutes, ...extra });
}

async function get(app: TestApp, path: string, user?: User) {
  return await app.request(path, {
    token: user ? await app.tokenFor(user) : undefined,
  });
}

async function post(
  app: TestApp,
  path: string,
  user: User,
  fields: Record<string, string>,
) {
  return await app.request(path, {
    method: "POST",
    token: await app.tokenFor(user),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

/** Makes the user's feed from the account page; returns the feed's path. */
async function makeFeed(app: TestApp, user: User): Promise<string> {
  const res = await post(app, "/account/calendar", user, { action: "create" });
  assert.equal(res.status, 200);
  const page = await res.text();
  const url =
    /data-feed-url[^>]*value="([^"]+)"|value="([^"]+)"[^>]*data-feed-url/
      .exec(page);
  assert.ok(url, "the new feed address is on the page");
  const href = new URL(url[1] ?? url[2]);
  assert.equal(href.origin, ORIGIN);
  assert.match(href.pathname, /^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  return href.pathname;
}

Deno.test({
  name: `calendar routes (${
    Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite"
  })`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await createTestApp();
    try {
      await t.step(
        "GET /api/bookings/:id/calendar.ics gives a participant the lesson as text/calendar",
        async () => {
          const { teacher, student } = await cast(app);
          const b = await book(app, { teacher, student }, DAY);
          await app.db.query(
            "UPDATE bookings SET ics_sequence = 2 WHERE id = $1",
            [b.id],
          );
          for (const user of [student, teacher]) {
            const res = await get(
              app,
              `/api/bookings/${b.id}/calendar.ics`,
              user,
            );
            assert.equal(res.status, 200);
            assert.equal(res.headers.get("content-type"), ICS);
            assert.match(
              res.headers.get("content-disposition")!,
              /^attachment; filename="talkroom-lesson-[0-9a-f-]+\.ics"$/,
            );
            assert.match(res.headers.get("cache-control")!, /private/);
            const { method, events } = parseIcs(await res.text());
            assert.equal(method, "PUBLISH");
            assert.equal(events.length, 1);
            const [e] = events;
            assert.equal(prop(e, "uid"), `${b.id}@localhost:8000`);
            assert.equal(prop(e, "sequence"), "2");
            assert.equal(prop(e, "dtstart"), toSecond(b.start_at));
            assert.equal(prop(e, "dtend"), toSecond(b.end_at));
            assert.equal(prop(e, "organizer"), `mailto:${teacher.email}`);
            assert.equal(param(e, "organizer", "cn"), teacher.username);
            assert.equal(prop(e, "url"), `${ORIGIN}/bookings/${b.id}`);
            assert.equal(prop(e, "status"), "CONFIRMED");
          }
        },
      );

      await t.step(
        "the lesson's .ics keeps its UID while SEQUENCE rises with each change through the API: request, confirm, cancel",
        async () => {
          const { teacher, student } = await cast(app);
          const slot = await createTestSlot(app.db, teacher);
          const api = async (user: User, path: string, body: unknown) => {
            const res = await app.request(path, {
              method: "POST",
              token: await app.tokenFor(user),
              headers: { "content-type": "application/json" },
              body: JSON.stringify(body),
            });
            assert.ok(res.ok, `${path}: ${res.status}`);
            return await res.json();
          };
          const { id } = await api(student, "/api/bookings", {
            slot_id: slot.id,
          });
          const event = async () => {
            const res = await get(
              app,
              `/api/bookings/${id}/calendar.ics`,
              student,
            );
            return parseIcs(await res.text()).events[0];
          };
          const requested = await event();
          assert.equal(prop(requested, "status"), "TENTATIVE");
          await api(teacher, `/api/bookings/${id}/confirm`, {});
          const confirmed = await event();
          assert.equal(prop(confirmed, "status"), "CONFIRMED");
          await api(student, `/api/bookings/${id}/cancel`, { reason: "Ill" });
          const cancelled = await event();
          assert.equal(prop(cancelled, "status"), "CANCELLED");
          const uids = [requested, confirmed, cancelled].map((e) =>
            prop(e, "uid")
          );
          assert.deepEqual(uids, [`${id}@localhost:8000`, ...uids.slice(0, 2)]);
          const sequences = [requested, confirmed, cancelled].map((e) =>
            Number(prop(e, "sequence"))
          );
          assert.ok(
            sequences[0] < sequences[1] && sequences[1] < sequences[2],
            `SEQUENCE rises: ${sequences}`,
          );
        },
      );

      await t.step(
        "GET /api/bookings/:id/calendar.ics refuses as the booking's other routes do: 403 outsider, 404 unknown or malformed id, 401 anonymous",
        async () => {
          const { teacher, student, outsider } = await cast(app);
          const b = await book(app, { teacher, student }, DAY);
          const cases: [string, User | undefined, number][] = [
            [b.id, outsider, 403],
            [crypto.randomUUID(), student, 404],
            ["not-an-id", student, 404],
            [b.id, undefined, 401],
          ];
          for (const [id, user, status] of cases) {
            const ics = await get(
              app,
              `/api/bookings/${id}/calendar.ics`,
              user,
            );
            const api = await get(app, `/api/bookings/${id}`, user);
            assert.equal(ics.status, status, `${id} as ${user?.username}`);
            assert.equal(api.status, status);
            assert.equal(ics.headers.get("content-type"), "application/json");
            const body = await ics.json();
            assert.deepEqual(body, await api.json());
            assert.ok(!JSON.stringify(body).includes("BEGIN:VCALENDAR"));
          }
        },
      );

      await t.step(
        "the booking page offers Add to calendar: the .ics and a Google Calendar link with the lesson's dates, text and details",
        async () => {
          const { teacher, student } = await cast(app);
          const b = await book(app, { teacher, student }, DAY, { minutes: 45 });
          const res = await get(app, `/bookings/${b.id}`, student);
          assert.equal(res.status, 200);
          const page = await res.text();
          assert.ok(page.includes(`href="/api/bookings/${b.id}/calendar.ics"`));
          const href = /href="([^"]+)"[^>]*data-calendar-link="google"/.exec(
            page,
          )?.[1];
          assert.ok(href, "a Google Calendar link");
          const google = new URL(href.replaceAll("&amp;", "&"));
          assert.equal(google.hostname, "calendar.google.com");
          assert.equal(google.searchParams.get("action"), "TEMPLATE");
          const utc = (d: Date) =>
            d.toISOString().slice(0, 19).replace(/[-:]/g, "") + "Z";
          assert.equal(
            google.searchParams.get("dates"),
            `${utc(b.start_at)}/${utc(b.end_at)}`,
          );
          assert.equal(
            google.searchParams.get("text"),
            `Talkroom lesson: ${teacher.username} with ${student.username}`,
          );
          assert.ok(
            google.searchParams.get("details")!.includes(
              `${ORIGIN}/bookings/${b.id}`,
            ),
          );
        },
      );

      await t.step(
        "the booking page has no Add to calendar for a cancelled lesson",
        async () => {
          const { teacher, student } = await cast(app);
          const b = await book(app, { teacher, student }, DAY, {
            status: "cancelled",
          });
          const page = await (await get(app, `/bookings/${b.id}`, student))
            .text();
          assert.ok(!page.includes("data-add-to-calendar"));
          assert.ok(!page.includes("calendar.google.com"));
        },
      );

      await t.step(
        "the feed lists the user's upcoming and recent lessons with their SEQUENCE, cancelled ones as CANCELLED, to anyone with the address",
        async () => {
          const { teacher, student, outsider } = await cast(app);
          const upcoming = await book(app, { teacher, student }, DAY);
          const recent = await book(app, { teacher, student }, -3 * DAY, {
            status: "completed",
          });
          const cancelled = await book(app, { teacher, student }, 2 * DAY, {
            status: "cancelled",
          });
          const old = await book(app, { teacher, student }, -60 * DAY, {
            status: "completed",
          });
          const foreign = await book(
            app,
            { teacher, student: outsider },
            3 * DAY,
          );
          await app.db.query(
            "UPDATE bookings SET ics_sequence = 5 WHERE id = $1",
            [cancelled.id],
          );

          const path = await makeFeed(app, student);
          // A calendar app fetches it without any session.
          const res = await get(app, path);
          assert.equal(res.status, 200);
          assert.equal(res.headers.get("content-type"), ICS);
          assert.match(res.headers.get("cache-control")!, /^private/);
          const { method, events, calendar } = parseIcs(await res.text());
          assert.equal(method, "PUBLISH");
          assert.equal(
            calendar.getFirstPropertyValue("x-wr-calname"),
            "Talkroom lessons",
          );
          const byUid = new Map(events.map((e) => [prop(e, "uid"), e]));
          const uid = (id: string) => `${id}@localhost:8000`;
          assert.deepEqual(
            [...byUid.keys()].sort(),
            [upcoming.id, recent.id, cancelled.id].map(uid).sort(),
          );
          assert.ok(!byUid.has(uid(old.id)) && !byUid.has(uid(foreign.id)));
          assert.equal(
            prop(byUid.get(uid(cancelled.id))!, "status"),
            "CANCELLED",
          );
          assert.equal(prop(byUid.get(uid(cancelled.id))!, "sequence"), "5");
          const next = byUid.get(uid(upcoming.id))!;
          assert.equal(prop(next, "status"), "CONFIRMED");
          assert.equal(prop(next, "sequence"), "0");
          assert.equal(prop(next, "dtstart"), toSecond(upcoming.start_at));
          assert.equal(prop(next, "organizer"), `mailto:${teacher.email}`);
          assert.equal(prop(next, "url"), `${ORIGIN}/bookings/${upcoming.id}`);

          // The teacher's own feed has the other student's lesson too.
          const teacherFeed = parseIcs(
            await (await get(app, await makeFeed(app, teacher))).text(),
          );
          assert.equal(teacherFeed.events.length, 4);
          // HEAD answers like GET, without a body.
          const head = await app.request(path, { method: "HEAD" });
          assert.equal(head.status, 200);
          assert.equal(head.headers.get("content-type"), ICS);
        },
      );

      await t.step(
        "a new feed address ends the old one, turning the feed off ends it, and unknown addresses are a plain 404",
        async () => {
          const { student } = await cast(app);
          const first = await makeFeed(app, student);
          const second = await makeFeed(app, student);
          assert.notEqual(first, second);
          const notFound = async (path: string) => {
            const res = await get(app, path);
            assert.equal(res.status, 404, path);
            assert.equal(
              res.headers.get("content-type"),
              "text/plain; charset=utf-8",
            );
            assert.equal(await res.text(), "Not found\n");
          };
          await notFound(first);
          assert.equal((await get(app, second)).status, 200);

          const revoked = await post(app, "/account/calendar", student, {
            action: "revoke",
          });
          assert.equal(revoked.status, 303);
          assert.equal(
            revoked.headers.get("location"),
            "/account/calendar?done=revoked",
          );
          await notFound(second);
          await notFound(`/calendar/${"A".repeat(43)}.ics`);
          await notFound("/calendar/short.ics");
          const page =
            await (await get(app, "/account/calendar?done=revoked", student))
              .text();
          assert.ok(page.includes('data-feed-state="off"'));
          assert.ok(page.includes("no longer works"));
        },
      );

      await t.step(
        "the feed's account page needs a session, a same-origin post and a known action",
        async () => {
          const { student } = await cast(app);
          const anonymous = await app.request("/account/calendar", {
            redirect: "manual",
          });
          assert.equal(anonymous.status, 303);
          assert.match(anonymous.headers.get("location")!, /^\/login\?next=/);
          const crossSite = await app.request("/account/calendar", {
            method: "POST",
            token: await app.tokenFor(student),
            headers: {
              origin: "https://evil.example",
              "content-type": "application/x-www-form-urlencoded",
            },
            body: "action=create",
          });
          assert.equal(crossSite.status, 403);
          const bad = await post(app, "/account/calendar", student, {
            action: "steal",
          });
          assert.equal(bad.status, 400);
          const page = await (await get(app, "/account/calendar", student))
            .text();
          assert.ok(page.includes('data-feed-state="off"'));
          const account = await (await get(app, "/account", student)).text();
          assert.ok(account.includes('href="/account/calendar"'));
        },
      );
    } finally {
      await app.close();
    }
  },
});
