// The time zone offer in real Chromium, on a desktop window and a 390×844
// phone: a browser whose zone is not the account's is told so on the home
// page and switches the account's zone with one click; afterwards the offer
// is gone. The booking list stays free of script throughout, and the pages
// pass axe-core.
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { collectPageErrors, launchBrowser } from "@/tests/_browser.ts";
import { assertAccessible } from "@/tests/_axe.ts";
import {
  type CallServer,
  startCallServer,
  submitLogin,
} from "@/tests/_call.ts";
import { createTestUser } from "@/tests/_db.ts";
import { getUserById } from "@/lib/auth/users.ts";

async function switchZone(
  server: CallServer,
  browser: Browser,
  phone: boolean,
  label: string,
) {
  const user = await createTestUser(server.app.db, {
    username: `Zoe ${phone ? "P" : "D"}`,
    timeZone: "UTC",
  });
  const context = await browser.newContext({
    ...(phone
      ? {
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      }
      : { viewport: { width: 1280, height: 800 } }),
    timezoneId: "Asia/Tokyo",
    locale: "en-US",
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = collectPageErrors(page);
    await submitLogin(page, server.origin, user);
    // The list has no island, so it makes no offer and ships no script.
    assert.equal(await page.evaluate(() => document.scripts.length), 0);

    await page.goto(`${server.origin}/`);
    const offer = page.getByTestId("zone-offer");
    await offer.waitFor();
    const text = await offer.textContent();
    assert.match(
      text ?? "",
      /This device is set to Asia\/Tokyo, your account to UTC/,
    );
    await assertAccessible(page, `the zone offer on ${label}`);
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - globalThis.innerWidth
    );
    assert.ok(overflow <= 0, `${label}: no sideways scrolling`);

    await Promise.all([
      page.waitForURL(`${server.origin}/`),
      offer.getByRole("button", { name: "Use Asia/Tokyo" }).click(),
    ]);
    assert.equal(
      (await getUserById(server.app.db, user.id))?.time_zone,
      "Asia/Tokyo",
    );
    // Back on the page, hydrated again: the zones agree, nothing is offered.
    await page.locator('[data-testid="local-time"][data-hydrated="true"]')
      .waitFor();
    assert.equal(await offer.count(), 0);

    // The account page offers it too, and shows the browser's format.
    await server.app.db.query(
      "UPDATE users SET time_zone = 'UTC' WHERE id = $1",
      [user.id],
    );
    await page.goto(`${server.origin}/account`);
    await offer.waitFor();
    await Promise.all([
      page.waitForURL(`${server.origin}/account`),
      offer.getByRole("button", { name: "Use Asia/Tokyo" }).click(),
    ]);
    assert.equal(
      (await getUserById(server.app.db, user.id))?.time_zone,
      "Asia/Tokyo",
    );
    await assertAccessible(page, `the account page on ${label}`);
    assert.deepEqual(errors, [], label);
  } finally {
    await context.close();
  }
}

Deno.test("the device's time zone is offered in one click, on a desktop window and a 390×844 phone", async (t) => {
  const server: CallServer = await startCallServer({ ICE_SERVERS: "[]" });
  const browser: Browser = await launchBrowser();
  try {
    for (const phone of [false, true]) {
      const label = phone ? "a 390×844 phone" : "a desktop window";
      await t.step(label, () => switchZone(server, browser, phone, label));
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
