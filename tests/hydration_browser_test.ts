// The app's own islands in a real browser (the runtime's hydration tests,
// on its fixture app, are in lib/fresh/tests/hydration_browser_test.ts).
import assert from "node:assert/strict";
import mainManifest from "@/fresh.gen.ts";
import mainConfig from "@/fresh.config.ts";
import { collectPageErrors, launchBrowser, serveApp } from "./_browser.ts";
import { assertText } from "$fresh/tests/_serve.ts";
import { createTestApp } from "./_app.ts";

// Fail fast instead of after Playwright's 30 s when an element never shows up.
const TIMEOUT = 5_000;

Deno.test("the landing page's LocalTime island hydrates in the browser's time zone", async () => {
  const browser = await launchBrowser();
  try {
    // The real app needs its services (database, session keys).
    const services = await createTestApp();
    const app = await serveApp(mainManifest, mainConfig);
    // en-GB: the page starts on the locale's 24-hour clock.
    const context = await browser.newContext({
      timezoneId: "Asia/Tokyo",
      locale: "en-GB",
    });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const errors = collectPageErrors(page);
      await page.goto(`${app.origin}/`, { waitUntil: "load" });
      const island = page.locator(
        '[data-testid="local-time"][data-hydrated="true"]',
      );
      await island.waitFor();
      assert.match(await island.textContent() ?? "", /Asia\/Tokyo/);
      assert.equal(
        await island.locator('[data-role="zone"]').textContent(),
        "Asia/Tokyo",
      );
      const button = island.getByRole("button");
      await assertText(button, "Use 12-hour clock");
      await button.click();
      await assertText(button, "Use 24-hour clock");
      await button.click();
      await assertText(button, "Use 12-hour clock");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await app.close();
      await services.close();
    }
  } finally {
    await browser.close();
  }
});
