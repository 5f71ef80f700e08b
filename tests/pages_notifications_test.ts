// In-app notifications end to end in-process: booking changes through the
// API, then the bell, /notifications, its forms, the JSON API and the e-mail
// preferences, each for its own user only.
import assert from "node:assert/strict";
import { createTestApp, postForm, type TestApp } from "@/tests/_app.ts";
import { createTestSlot, createTestUser } from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";

const HTML = "text/html; charset=utf-8";
const JSON_TYPE = "application/json";

async function page(app: TestApp, path: string, token: string) {
  const res = await app.request(path, { token });
  assert.equal(res.status, 200, path);
  assert.equal(res.headers.get("content-type"), HTML);
  return await res.text();
}

/** The header's unread count, or null when the header has none. */
function unreadCount(html: string): number | null {
  const m = /data-unread-count="(\d+)"[^>]*>(\d+)</.exec(html);
  if (!m) return null;
  assert.equal(m[1], m[2], "the attribute and the text agree");
  return Number(m[1]);
}

/** The kinds of the entries on /notifications, in page order. */
function kinds(html: string): string[] {
  return [...html.matchAll(/data-notification-kind="([a-z_]+)"/g)].map((m) =>
    m[1]
  );
}

async function api(app: TestApp, path: string, token: string, method = "GET") {
  const res = await app.request(path, { method, token });
  assert.equal(res.headers.get("content-type"), JSON_TYPE);
  return { status: res.status, body: await res.json() };
}

Deno.test("in-app notifications", async (t) => {
  const app = await createTestApp();
  const { db } = app;
  try {
    const ada = await createTestUser(db, {
      role: "teacher",
      username: "Ada <b>Lovelace</b>",
      timeZone: "America/New_York",
    });
    const bob = await createTestUser(db, {
      role: "student",
      username: "Bob",
      timeZone: "Europe/Berlin",
    });
    const adaToken = await app.tokenFor(ada);
    const bobToken = await app.tokenFor(bob);
    let bookingId = "";

    await t.step(
      "a request shows in the teacher's bell and on /notifications with its e-mail, with no script",
      async () => {
        assert.equal(unreadCount(await page(app, "/bookings", adaToken)), 0);
        const slot = await createTestSlot(db, ada);
        const res = await app.request("/api/bookings", {
          method: "POST",
          body: JSON.stringify({ slot_id: slot.id }),
          headers: { "content-type": "application/json" },
          token: bobToken,
        });
        assert.equal(res.status, 201);
        bookingId = (await res.json()).id;

        const html = await page(app, "/notifications", adaToken);
        assert.equal(unreadCount(html), 1);
        assert.deepEqual(kinds(html), ["booking_requested"]);
        assert.ok(html.includes(`href="/bookings/${bookingId}"`));
        assert.match(html, /Lesson request from Bob for /);
        // The e-mail as it would be sent, in the teacher's time zone.
        assert.ok(html.includes("Hi Ada &lt;b>Lovelace&lt;/b>,"));
        assert.ok(!html.includes("<b>Lovelace"), "names are escaped");
        assert.match(html, /\(America\/New_York\)/);
        assert.ok(
          html.includes(
            `Answer the request: http://localhost:8000/bookings/${bookingId}`,
          ),
        );
        assert.doesNotMatch(html, /<script/);
        assert.equal(
          (await app.request("/notifications", { token: adaToken })).headers
            .get("cache-control"),
          "private, no-store",
        );
      },
    );

    await t.step(
      "a student sees none of the teacher's notifications",
      async () => {
        const html = await page(app, "/notifications", bobToken);
        assert.deepEqual(kinds(html), []);
        assert.equal(unreadCount(html), 0);
        const { body } = await api(app, "/api/notifications", bobToken);
        assert.deepEqual(body.notifications, []);
        assert.equal(body.unread_count, 0);
      },
    );

    await t.step(
      "GET /api/notifications lists the caller's own with the subject they would get",
      async () => {
        const { status, body } = await api(app, "/api/notifications", adaToken);
        assert.equal(status, 200);
        assert.equal(body.unread_count, 1);
        assert.equal(body.next, null);
        assert.equal(body.notifications.length, 1);
        const [n] = body.notifications;
        assert.equal(n.kind, "booking_requested");
        assert.equal(n.booking_id, bookingId);
        assert.equal(n.read_at, null);
        assert.match(n.subject, /^Lesson request from Bob for /);
        assert.equal(n.url, `http://localhost:8000/bookings/${bookingId}`);
        assert.ok(!Number.isNaN(Date.parse(n.created_at)));
      },
    );

    await t.step(
      "marking another user's notification read is a 404, by the API and by the page",
      async () => {
        const { body } = await api(app, "/api/notifications", adaToken);
        const id = body.notifications[0].id;
        const viaApi = await api(
          app,
          `/api/notifications/${id}/read`,
          bobToken,
          "POST",
        );
        assert.equal(viaApi.status, 404);
        assert.equal(viaApi.body.error.code, "not_found");
        const viaPage = await postForm(
          app,
          "/notifications",
          { action: "read", id },
          bobToken,
        );
        assert.equal(viaPage.status, 404);
        await viaPage.body?.cancel();
        assert.equal(
          (await api(app, "/api/notifications", adaToken)).body.unread_count,
          1,
        );
        const malformed = await api(
          app,
          "/api/notifications/not-an-id/read",
          adaToken,
          "POST",
        );
        assert.equal(malformed.status, 404);
      },
    );

    await t.step(
      "confirming tells the student; marking read by the page and the API empties each bell",
      async () => {
        const confirm = await app.request(
          `/api/bookings/${bookingId}/confirm`,
          {
            method: "POST",
            token: adaToken,
          },
        );
        assert.equal(confirm.status, 200);
        await confirm.body?.cancel();
        let html = await page(app, "/notifications", bobToken);
        assert.deepEqual(kinds(html), ["booking_confirmed"]);
        assert.equal(unreadCount(html), 1);
        assert.match(html, /\(Europe\/Berlin\)/);
        const id = /data-notification-id="([0-9a-f-]+)"/.exec(html)![1];
        const res = await postForm(
          app,
          "/notifications",
          { action: "read", id },
          bobToken,
        );
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/notifications");
        html = await page(app, "/notifications", bobToken);
        assert.equal(unreadCount(html), 0);
        assert.match(html, /data-read="true"/);

        const { body } = await api(app, "/api/notifications", adaToken);
        const read = await api(
          app,
          `/api/notifications/${body.notifications[0].id}/read`,
          adaToken,
          "POST",
        );
        assert.equal(read.status, 200);
        assert.ok(read.body.read_at);
        assert.equal(unreadCount(await page(app, "/bookings", adaToken)), 0);
      },
    );

    await t.step(
      "cancelling tells the other participant; mark all read clears only the caller's",
      async () => {
        const cancel = await app.request(`/api/bookings/${bookingId}/cancel`, {
          method: "POST",
          body: JSON.stringify({ reason: "Ill" }),
          headers: { "content-type": "application/json" },
          token: bobToken,
        });
        assert.equal(cancel.status, 200);
        await cancel.body?.cancel();
        const html = await page(app, "/notifications", adaToken);
        assert.deepEqual(kinds(html), [
          "booking_cancelled",
          "booking_requested",
        ]);
        assert.equal(unreadCount(html), 1);
        assert.match(html, /Reason: Ill/);
        assert.equal(unreadCount(await page(app, "/bookings", bobToken)), 0);
        const res = await postForm(
          app,
          "/notifications",
          { action: "read-all" },
          adaToken,
        );
        assert.equal(res.status, 303);
        assert.equal(
          unreadCount(await page(app, "/notifications", adaToken)),
          0,
        );
      },
    );

    await t.step(
      "the list pages newest first through the API and the page, and refuses a forged position",
      async () => {
        const kim = await createTestUser(db, { role: "teacher" });
        const kimToken = await app.tokenFor(kim);
        for (let i = 0; i < 25; i++) {
          const slot = await createTestSlot(db, kim, {
            startInMinutes: 60 * (30 + i),
          });
          const student = await createTestUser(db, { role: "student" });
          const res = await app.request("/api/bookings", {
            method: "POST",
            body: JSON.stringify({ slot_id: slot.id }),
            headers: { "content-type": "application/json" },
            token: await app.tokenFor(student),
          });
          assert.equal(res.status, 201);
          await res.body?.cancel();
        }
        const ids: string[] = [];
        let path = "/api/notifications?limit=10";
        for (;;) {
          const { status, body } = await api(app, path, kimToken);
          assert.equal(status, 200);
          ids.push(...body.notifications.map((n: { id: string }) => n.id));
          if (!body.next) break;
          path = `/api/notifications?limit=10&after=${
            encodeURIComponent(body.next)
          }`;
        }
        assert.equal(ids.length, 25);
        assert.equal(new Set(ids).size, 25);

        const first = await page(app, "/notifications", kimToken);
        assert.equal(kinds(first).length, 20);
        const older = /href="(\/notifications\?after=[^"]+)"/.exec(first)![1];
        const second = await page(
          app,
          older.replaceAll("&amp;", "&"),
          kimToken,
        );
        assert.equal(kinds(second).length, 5);

        const forged = await api(app, "/api/notifications?after=1_2", kimToken);
        assert.equal(forged.status, 400);
        const tooMany = await api(
          app,
          "/api/notifications?limit=1000",
          kimToken,
        );
        assert.equal(tooMany.status, 400);
      },
    );

    await t.step(
      "a forgotten-password request lands in the user's own notifications with its link",
      async () => {
        const res = await app.request("/forgot-password", {
          method: "POST",
          body: new URLSearchParams({ email: bob.email }).toString(),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
        assert.equal(res.status, 303);
        await res.body?.cancel();
        const html = await page(app, "/notifications", bobToken);
        assert.equal(kinds(html)[0], "password_reset");
        assert.match(html, /href="\/reset-password\?token=[A-Za-z0-9_%-]+"/);
        assert.match(
          html,
          /Choose a new password: http:\/\/localhost:8000\/reset-password\?token=/,
        );
        assert.ok(
          !kinds(await page(app, "/notifications", adaToken))
            .includes("password_reset"),
        );
      },
    );

    await t.step(
      "signed out, /notifications asks to sign in and the API says 401",
      async () => {
        const res = await app.request("/notifications");
        assert.equal(res.status, 303);
        assert.match(res.headers.get("location") ?? "", /^\/login/);
        const anon = await app.request("/api/notifications");
        assert.equal(anon.status, 401);
        await anon.body?.cancel();
        const html = await (await app.request("/login")).text();
        assert.equal(unreadCount(html), null);
      },
    );

    await t.step(
      "the e-mail preferences page saves each choice for the signed-in user only",
      async () => {
        const eve: User = await createTestUser(db, { role: "student" });
        const eveToken = await app.tokenFor(eve);
        let html = await page(app, "/account/notifications", eveToken);
        assert.match(html, /<input[^>]*name="email_changes"[^>]*checked/);
        assert.match(html, /<input[^>]*name="email_reminders"[^>]*checked/);
        assert.doesNotMatch(html, /<script/);
        const res = await postForm(
          app,
          "/account/notifications",
          { email_reminders: "on" },
          eveToken,
        );
        assert.equal(res.status, 303);
        assert.equal(
          res.headers.get("location"),
          "/account/notifications?saved=1",
        );
        html = await page(app, "/account/notifications?saved=1", eveToken);
        assert.doesNotMatch(
          html,
          /<input[^>]*name="email_changes"[^>]*checked/,
        );
        assert.match(html, /<input[^>]*name="email_reminders"[^>]*checked/);
        const rows = await db.query<{ id: string; email_changes: boolean }>(
          "SELECT id, email_changes FROM users WHERE id = ANY($1::uuid[])",
          [[eve.id, bob.id]],
        );
        assert.deepEqual(
          Object.fromEntries(rows.map((r) => [r.id, r.email_changes])),
          { [eve.id]: false, [bob.id]: true },
        );
        const bad = await postForm(
          app,
          "/account/notifications",
          { email_changes: "yes" },
          eveToken,
        );
        assert.equal(bad.status, 400);
        await bad.body?.cancel();
      },
    );
  } finally {
    await app.close();
  }
});
