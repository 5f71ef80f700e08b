// Notifications and account recovery as people see them: a real app process
// on the real PostgreSQL server mailing through the SMTP sink, driven from
// real Chromium. The teacher's bell shows the student's request, the student
// gets the confirmation with a calendar invite, and a forgotten password is
// reset through the e-mailed link.
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import {
  openTestSchema,
  type ServerProcess,
  startServer,
} from "@/tests/_server.ts";
import { createTestSlot, createTestUser } from "@/tests/_db.ts";
import {
  parseMessage,
  smtpEnv,
  type SmtpSink,
  startSmtpSink,
} from "@/tests/_smtp.ts";
import { collectPageErrors, launchBrowser } from "@/tests/_browser.ts";
import { submitLogin } from "@/tests/_call.ts";
import { freePort } from "@/tests/_daemon.ts";
import { parseIcs } from "@/lib/calendar/_ical_testing.ts";
import { bookingUid } from "@/lib/calendar/ics.ts";
import type { Database } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";

/** A signed-in person's page and the errors it raised. */
interface Person {
  page: Page;
  errors: string[];
}

async function signIn(
  browser: Browser,
  origin: string,
  user: User,
): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = collectPageErrors(page);
  await submitLogin(page, origin, user);
  return { page, errors };
}

/** The header's unread count after loading `path`. */
async function unreadCount(person: Person, url: string): Promise<string> {
  await person.page.goto(url);
  return await person.page.locator("header [data-unread-count]").first()
    .getAttribute("data-unread-count") ?? "";
}

/** The e-mail the sink received for the notification of `kind` to `user`. */
async function mailOf(
  db: Database,
  sink: SmtpSink,
  user: User,
  kind: string,
) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [row] = await db.query<{ id: string }>(
      "SELECT id FROM notifications WHERE user_id = $1 AND kind = $2",
      [user.id, kind],
    );
    const message = row &&
      sink.received.find((m) => m.raw.includes(`<${row.id}@`));
    if (message) {
      assert.deepEqual(message.to, [user.email]);
      return await parseMessage(message);
    }
    assert.ok(Date.now() < deadline, `the ${kind} e-mail to ${user.email}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

Deno.test("a request reaches the teacher's bell, the confirmation mails the student a valid invite, and a forgotten password is reset through the e-mailed link", async () => {
  const schema = await openTestSchema({ prefix: "mailbrowser" });
  const sink = await startSmtpSink();
  const port = freePort();
  const origin = `http://localhost:${port}`;
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  try {
    const teacher = await createTestUser(schema.db, { role: "teacher" });
    const student = await createTestUser(schema.db, { role: "student" });
    // Two days ahead: no reminder is due during the test.
    await createTestSlot(schema.db, teacher, { startInMinutes: 48 * 60 });
    server = await startServer({
      ...smtpEnv(schema, sink.url, origin),
      PORT: String(port),
    });
    assert.equal(server.origin, origin);
    browser = await launchBrowser();
    const teacherSide = await signIn(browser, origin, teacher);
    const studentSide = await signIn(browser, origin, student);

    // (1) The student books the open slot; the teacher's bell shows it.
    assert.equal(await unreadCount(teacherSide, `${origin}/bookings`), "0");
    const s = studentSide.page;
    await s.goto(`${origin}/teachers/${teacher.id}`);
    await Promise.all([
      s.waitForURL(/\/bookings\/[0-9a-f-]{36}$/),
      s.getByRole("button", { name: "Book" }).click(),
    ]);
    const bookingPath = new URL(s.url()).pathname;
    const bookingId = bookingPath.split("/").pop()!;
    assert.equal(await unreadCount(teacherSide, `${origin}/bookings`), "1");
    const t = teacherSide.page;
    await t.goto(`${origin}/notifications`);
    const requested = t.locator(
      '[data-notification-kind="booking_requested"]',
    );
    assert.equal(await requested.count(), 1);
    assert.equal(
      await requested.locator(`a[href$="${bookingPath}"]`).count(),
      1,
    );

    // (2) The teacher confirms; the student's e-mail carries the invite.
    await requested.locator(`a[href$="${bookingPath}"]`).click();
    await t.waitForURL(`${origin}${bookingPath}`);
    await Promise.all([
      t.waitForURL(`${origin}${bookingPath}?done=confirm`),
      t.locator('form:has(input[name="action"][value="confirm"]) button')
        .click(),
    ]);
    const confirmed = await mailOf(
      schema.db,
      sink,
      student,
      "booking_confirmed",
    );
    const part = confirmed.attachments.find((a) =>
      a.contentType === "text/calendar"
    );
    assert.ok(part, "a text/calendar part");
    const ics = parseIcs(part.content.toString());
    assert.equal(ics.method, "REQUEST");
    assert.equal(ics.events.length, 1);
    const [event] = ics.events;
    assert.equal(
      String(event.getFirstPropertyValue("uid")),
      bookingUid(bookingId, origin),
    );
    assert.ok(Number(event.getFirstPropertyValue("sequence")) >= 1);
    assert.equal(await unreadCount(studentSide, `${origin}/bookings`), "1");
    await s.goto(`${origin}/notifications`);
    const confirmedEntry = s.locator(
      '[data-notification-kind="booking_confirmed"]',
    );
    assert.equal(await confirmedEntry.count(), 1);
    assert.equal(
      await confirmedEntry.locator(`a[href$="${bookingPath}"]`).count(),
      1,
    );

    // (3) Password reset, signed out, from the login page.
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const resetErrors = collectPageErrors(page);
    await page.goto(`${origin}/login`);
    await Promise.all([
      page.waitForURL(`${origin}/forgot-password`),
      page.getByRole("link", { name: "Forgot password?" }).click(),
    ]);
    await page.fill('input[name="email"]', student.email);
    await Promise.all([
      page.waitForURL(/\/forgot-password(\?|$)/),
      page.locator('form[action="/forgot-password"] button[type="submit"]')
        .click(),
    ]);
    const reset = await mailOf(schema.db, sink, student, "password_reset");
    const [link] = /http:\/\/localhost:\d+\/reset-password\?token=[\w%-]+/
      .exec(reset.text ?? "") ?? [];
    assert.ok(link && link.startsWith(origin), String(reset.text));
    await page.goto(link);
    const password = "copper meadow 4418";
    await page.fill('input[name="password"]', password);
    await Promise.all([
      page.waitForURL(`${origin}/reset-password?done=1`).catch(async (e) => {
        throw new Error(`${e}\n${await page.locator("main").innerText()}`);
      }),
      page.locator('form[action="/reset-password"] button[type="submit"]')
        .click(),
    ]);
    await page.goto(`${origin}/login`);
    await page.fill("input[name=email]", student.email);
    await page.fill("input[name=password]", password);
    await Promise.all([
      page.waitForURL(`${origin}/bookings`),
      page.locator('form[action="/login"] button[type="submit"]').click(),
    ]);

    assert.deepEqual(teacherSide.errors, []);
    assert.deepEqual(studentSide.errors, []);
    assert.deepEqual(resetErrors, []);
  } finally {
    await browser?.close();
    await server?.stop();
    await sink.stop();
    await schema.drop();
  }
});
