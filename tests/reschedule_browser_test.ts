// Rescheduling in Chromium: the student proposes one of the teacher's free
// times from the booking page, the teacher accepts it on theirs, and both
// booking pages show the new time and the history. axe-core checks the new
// page and panels on the way.
import assert from "node:assert/strict";
import mainManifest from "@/fresh.gen.ts";
import mainConfig from "@/fresh.config.ts";
import { collectPageErrors, launchBrowser, serveApp } from "./_browser.ts";
import { createTestApp } from "./_app.ts";
import { assertAccessible } from "./_axe.ts";
import { createTestBooking, createTestUser } from "./_db.ts";
import { saveAvailability } from "@/lib/availability/store.ts";
import { getBooking } from "@/lib/bookings/queries.ts";
import { formatRange } from "@/lib/format.ts";

const TIMEOUT = 10_000;

Deno.test({
  name: "a student proposes a new time and the teacher accepts it (Chromium)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const browser = await launchBrowser();
    const services = await createTestApp();
    const app = await serveApp(mainManifest, mainConfig);
    try {
      const { db } = services;
      const ada = await createTestUser(db, {
        role: "teacher",
        username: "Ada Teacher",
      });
      await saveAvailability(db, ada.id, {
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: 8 * 60,
          end: 20 * 60,
        })),
        lesson_lengths: [60],
        min_notice_minutes: 60,
      });
      const bob = await createTestUser(db, {
        role: "student",
        username: "Bob Student",
      });
      const b = await createTestBooking(db, {
        teacher: ada,
        student: bob,
        startInMinutes: 2 * 24 * 60,
      });
      const as = async (token: string) => {
        const context = await browser.newContext({
          timezoneId: "UTC",
          locale: "en-GB",
        });
        await context.addCookies([{
          name: "talkroom_session",
          value: token,
          url: app.origin,
        }]);
        const page = await context.newPage();
        page.setDefaultTimeout(TIMEOUT);
        return { context, page, errors: collectPageErrors(page) };
      };
      const student = await as(await services.tokenFor(bob));
      const teacher = await as(await services.tokenFor(ada));
      try {
        // The student: booking page → propose → one of the free times.
        await student.page.goto(`${app.origin}/bookings/${b.id}`);
        await student.page.getByRole("link", { name: "Propose a new time" })
          .click();
        await student.page.waitForURL(/\/reschedule$/);
        await assertAccessible(student.page, "the reschedule page");
        const choices = student.page.locator('input[name="start_at"]');
        assert.ok(await choices.count() > 5);
        const chosen = choices.nth(3);
        const target = await chosen.getAttribute("value");
        assert.ok(target);
        await chosen.check();
        await student.page.getByRole("button", { name: "Propose this time" })
          .click();
        await student.page.waitForURL(/done=reschedule_proposed/);
        await student.page.locator('[data-event-kind="reschedule_proposed"]')
          .waitFor();

        // The teacher: accept on the booking page.
        await teacher.page.goto(`${app.origin}/bookings/${b.id}`);
        await assertAccessible(
          teacher.page,
          "the booking page with a proposal",
        );
        await teacher.page.getByRole("button", { name: "Accept new time" })
          .click();
        await teacher.page.waitForURL(/done=reschedule_accepted/);
        const moved = (await getBooking(db, b.id))!;
        assert.equal(moved.start_at.toISOString(), target);
        const when = formatRange(moved.start_at, moved.end_at, "UTC");
        for (const side of [teacher, student]) {
          await side.page.goto(`${app.origin}/bookings/${b.id}`);
          const text = await side.page.locator("main").textContent() ?? "";
          assert.ok(text.includes(when), `the new time ${when} is shown`);
          await side.page.locator('[data-event-kind="reschedule_accepted"]')
            .waitFor();
          assert.equal(
            await side.page.locator("[data-booking-history] li").count(),
            2,
          );
          assert.deepEqual(side.errors, []);
        }
      } finally {
        await student.context.close();
        await teacher.context.close();
      }
    } finally {
      await app.close();
      await services.close();
      await browser.close();
    }
  },
});
