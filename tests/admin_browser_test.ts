// The admin pages in Chromium: axe-core over each of them with data on
// them, and an admin reaching them from the header, disabling an account and
// resolving a dispute through the forms, as a person would.
import assert from "node:assert/strict";
import { launchBrowser } from "@/tests/_browser.ts";
import { assertAccessible } from "@/tests/_axe.ts";
import {
  type CallServer,
  startCallServer,
  submitLogin,
} from "@/tests/_call.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";

Deno.test("admin pages in a browser: accessible, and their forms work", async () => {
  const server: CallServer = await startCallServer({ ICE_SERVERS: "[]" });
  const browser = await launchBrowser();
  try {
    const db = server.app.db;
    const admin = await createTestUser(db, { role: "admin" });
    const teacher = await createTestUser(db, { role: "teacher" });
    const student = await createTestUser(db);
    const booking = await createTestBooking(db, {
      teacher,
      student,
      startInMinutes: -180,
      status: "no_show",
    });
    await db.query(
      "INSERT INTO booking_disputes (booking_id, raised_by, reason) VALUES ($1, $2, 'My camera was on, the teacher saw me')",
      [booking.id, student.id],
    );

    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const url = (path: string) => new URL(path, server.origin).href;
    await submitLogin(page, server.origin, admin);

    await page.getByRole("link", { name: "Admin", exact: true }).click();
    await page.waitForURL(url("/admin"));
    assert.equal(
      await page.locator("[data-open-disputes]").getAttribute(
        "data-open-disputes",
      ),
      "1",
    );
    for (
      const path of [
        "/admin",
        "/admin/users",
        "/admin/bookings",
        "/admin/disputes",
      ]
    ) {
      await page.goto(url(path));
      await assertAccessible(page, path);
    }

    // Disable the student from the users page.
    await page.goto(url(`/admin/users?q=${encodeURIComponent(student.email)}`));
    const row = page.locator(`tr[data-user-id="${student.id}"]`);
    await Promise.all([
      page.waitForURL(url("/admin/users?done=disabled")),
      row.getByRole("button", { name: "Disable" }).click(),
    ]);
    await page.getByRole("status").waitFor();
    const [{ disabled }] = await db.query<{ disabled: boolean }>(
      "SELECT disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1",
      [student.id],
    );
    assert.equal(disabled, true);

    // Resolve the dispute: the note is required by the form too.
    await page.goto(url("/admin/disputes"));
    const card = page.locator("[data-dispute-id]");
    await card.locator('select[name="status"]').selectOption("completed");
    await card.locator('textarea[name="note"]').fill(
      "The attendance shows both connected",
    );
    await Promise.all([
      page.waitForURL(url("/admin/disputes?done=resolved")),
      card.getByRole("button", { name: "Resolve" }).click(),
    ]);
    await page.getByText("No dispute is open.").waitFor();
    const [{ status }] = await db.query<{ status: string }>(
      "SELECT status FROM bookings WHERE id = $1",
      [booking.id],
    );
    assert.equal(status, "completed");

    await page.goto(url("/admin/audit"));
    await assertAccessible(page, "/admin/audit");
    assert.deepEqual(
      await page.locator("[data-audit-action]").evaluateAll((rows) =>
        rows.map((r) => r.getAttribute("data-audit-action"))
      ),
      ["dispute.resolved", "user.disabled"],
    );
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});
