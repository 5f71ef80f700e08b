// Locales in real Chromium, on a desktop window and a 390×844 phone: the
// booking page speaks the browser's language as its Accept-Language asks
// (en-US: a 12-hour clock; en-GB: 24-hour), the account's own choice wins
// over the browser's, and the pages stay free of page errors.
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchBrowser } from "@/tests/_browser.ts";
import { type CallServer, signIn, startCallServer } from "@/tests/_call.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";

// A lesson's range as the booking page prints it, e.g. "2:55 – 3:55 PM (UTC)"
// or "14:55–15:55 (UTC)".
const TWELVE_HOUR = /\d{1,2}:\d{2}\s*[–-]\s*\d{1,2}:\d{2}\s*[AP]M \(UTC\)/;
const TWENTY_FOUR_HOUR = /\b\d{2}:\d{2}\s*[–-]\s*\d{2}:\d{2} \(UTC\)/;

async function bookingPageIn(
  server: CallServer,
  browser: Browser,
  options: { phone: boolean; browserLocale: string; accountLocale?: string },
): Promise<string> {
  const { db } = server.app;
  const tag = crypto.randomUUID().slice(0, 6);
  const teacher = await createTestUser(db, {
    username: `Tess ${tag}`,
    role: "teacher",
    timeZone: "UTC",
  });
  const student = await createTestUser(db, {
    username: `Stu ${tag}`,
    timeZone: "UTC",
  });
  if (options.accountLocale) {
    await db.query("UPDATE users SET locale = $1 WHERE id = $2", [
      options.accountLocale,
      student.id,
    ]);
  }
  const booking = await createTestBooking(db, {
    teacher,
    student,
    startInMinutes: 26 * 60,
  });
  const who = await signIn(browser, server.origin, student, {
    name: student.username,
    phone: options.phone,
    locale: options.browserLocale,
  });
  try {
    await who.page.goto(`${server.origin}/bookings/${booking.id}`);
    const text = await who.page.locator("main").innerText();
    assert.deepEqual(who.errors, []);
    return text;
  } finally {
    await who.context.close();
  }
}

Deno.test("the booking page follows the browser's locale, and the account's choice over it, on a desktop window and a 390×844 phone", async (t) => {
  const server: CallServer = await startCallServer({ ICE_SERVERS: "[]" });
  const browser: Browser = await launchBrowser();
  try {
    for (const phone of [false, true]) {
      const device = phone ? "a 390×844 phone" : "a desktop window";
      await t.step(`en-US on ${device}: a 12-hour clock`, async () => {
        const text = await bookingPageIn(server, browser, {
          phone,
          browserLocale: "en-US",
        });
        assert.match(text, TWELVE_HOUR);
        assert.doesNotMatch(text, TWENTY_FOUR_HOUR);
      });
      await t.step(`en-GB on ${device}: a 24-hour clock`, async () => {
        const text = await bookingPageIn(server, browser, {
          phone,
          browserLocale: "en-GB",
        });
        assert.match(text, TWENTY_FOUR_HOUR);
        assert.doesNotMatch(text, TWELVE_HOUR);
      });
    }
    await t.step(
      "an en-GB browser on an account set to en-US: 12-hour",
      async () => {
        const text = await bookingPageIn(server, browser, {
          phone: false,
          browserLocale: "en-GB",
          accountLocale: "en-US",
        });
        assert.match(text, TWELVE_HOUR);
      },
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
