// The student's booking picker in real Chromium against a real app process
// on PostgreSQL: choose a lesson length, go to the next week by its link,
// write a note, book a time, and land on the booking. Days sit side by side
// on a wide screen and one under another on a phone. No JavaScript needed.
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import {
  openTestSchema,
  type ServerProcess,
  startServer,
  testSchemaEnv,
} from "@/tests/_server.ts";
import { createTestUser } from "@/tests/_db.ts";
import { collectPageErrors, launchBrowser } from "@/tests/_browser.ts";
import { submitLogin } from "@/tests/_call.ts";
import { saveAvailability } from "@/lib/availability/store.ts";
import { addDays } from "@/lib/availability/zone.ts";

Deno.test({
  name:
    "a student picks a length and a week, books a time with a note and sees the booking",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const schema = await openTestSchema({ prefix: "pickerbrowser" });
    let server: ServerProcess | undefined;
    let browser: Browser | undefined;
    try {
      const teacher = await createTestUser(schema.db, {
        role: "teacher",
        timeZone: "Europe/Berlin",
      });
      await saveAvailability(schema.db, teacher.id, {
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: 9 * 60,
          end: 12 * 60,
        })),
        lesson_lengths: [30, 60],
        requires_confirmation: false,
      });
      const student = await createTestUser(schema.db, {
        role: "student",
        timeZone: "America/New_York",
      });
      server = await startServer(testSchemaEnv(schema));
      const origin = server.origin;
      browser = await launchBrowser();
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        javaScriptEnabled: false,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors = collectPageErrors(page);
      // Signing in needs no script either.
      await submitLogin(page, origin, student);

      await page.goto(`${origin}/teachers/${teacher.id}`);
      await page.getByText("Times are in America/New_York").waitFor();
      await page.getByText("Automatic: bookings are confirmed at once")
        .waitFor();

      // A length by its link.
      await page.getByRole("link", { name: "60 min" }).click();
      await page.waitForURL(/length=60/);
      assert.equal(
        await page.locator('input[name="length_minutes"]').inputValue(),
        "60",
      );

      // Days side by side on a wide screen.
      const columns = page.locator("ol > li[data-date]");
      assert.equal(await columns.count(), 7);
      const first = await columns.nth(0).boundingBox();
      const second = await columns.nth(1).boundingBox();
      assert.ok(first && second);
      assert.equal(Math.round(first.y), Math.round(second.y));
      assert.ok(second.x > first.x);

      // The next week by its link.
      const week = await page.locator("[data-week]").getAttribute("data-week");
      await page.getByRole("link", { name: "Next week →" }).click();
      await page.waitForURL(new RegExp(`week=${addDays(week!, 7)}`));
      assert.equal(
        await page.locator("[data-week]").getAttribute("data-week"),
        addDays(week!, 7),
      );
      await page.getByText("teacher's time").first().waitFor();

      // Book the first time with a note.
      await page.getByLabel("Note for the teacher (optional)").fill(
        "Booked from the picker",
      );
      const button = page.getByRole("button", { name: /^Book / }).first();
      const startAt = await button.getAttribute("value");
      await Promise.all([
        page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/),
        button.click(),
      ]);
      await page.getByText("Booked from the picker").waitFor();
      const id = new URL(page.url()).pathname.split("/").pop()!;
      const [row] = await schema.db.query<
        { start_at: Date; end_at: Date; status: string; notes: string }
      >(
        "SELECT start_at, end_at, status, notes FROM bookings WHERE id = $1",
        [id],
      );
      assert.equal(row.start_at.toISOString(), startAt);
      assert.equal(row.end_at.getTime() - row.start_at.getTime(), 3600_000);
      assert.equal(row.status, "confirmed");
      assert.equal(row.notes, "Booked from the picker");

      // The booked hour is gone from the picker.
      await page.goto(
        `${origin}/teachers/${teacher.id}?length=60&week=${addDays(week!, 7)}`,
      );
      assert.equal(
        await page.locator(`button[value="${startAt}"]`).count(),
        0,
      );

      // On a phone the days are a list, one under another.
      await page.setViewportSize({ width: 375, height: 800 });
      const days = page.locator("ol > li[data-date]:visible");
      const a = await days.nth(0).boundingBox();
      const b = await days.nth(1).boundingBox();
      assert.ok(a && b);
      assert.ok(b.y > a.y + a.height - 1, "the second day is below the first");
      assert.equal(Math.round(a.x), Math.round(b.x));
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser?.close();
      await server?.stop();
      await schema.drop();
    }
  },
});
