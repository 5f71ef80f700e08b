// A teacher's profile and a student's private rating in real Chromium, on a
// desktop window and on a 390×844 phone: the teacher fills in the profile and
// uploads a photo (a file that only pretends to be a PNG gets a field error),
// the student sees both on the teacher's page, rates a completed lesson, and
// the teacher reads the rating and the average on /ratings. No page error,
// no sideways scrolling, axe-core clean.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "@/tests/_browser.ts";
import { assertAccessible } from "@/tests/_axe.ts";
import {
  type CallServer,
  type Participant,
  signIn,
  startCallServer,
} from "@/tests/_call.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";

const ICON = new URL("../static/icons/icon-192.png", import.meta.url);

async function fits(page: Page, label: string) {
  const overflow = await page.evaluate(() =>
    document.documentElement.scrollWidth - globalThis.innerWidth
  );
  assert.ok(overflow <= 0, `${label}: no sideways scrolling`);
  await assertAccessible(page, label);
}

async function profileAndRating(
  server: CallServer,
  browser: Browser,
  phone: boolean,
  label: string,
) {
  const people: Participant[] = [];
  try {
    const { db } = server.app;
    const teacher = await createTestUser(db, { role: "teacher" });
    const student = await createTestUser(db, { role: "student" });
    const lesson = await createTestBooking(db, {
      teacher,
      student,
      startInMinutes: -120,
      status: "completed",
    });

    // The teacher's profile, then a photo.
    const t = await signIn(browser, server.origin, teacher, {
      name: "teacher",
      phone,
    });
    people.push(t);
    await t.page.goto(`${server.origin}/account/profile`);
    await t.page.getByLabel("Headline").fill("Patient maths for adults");
    await t.page.getByRole("textbox", { name: "About you" }).fill(
      "Ten years of evening classes.",
    );
    await t.page.getByLabel("Subjects").fill("Algebra, Statistics");
    await t.page.getByLabel("Languages you speak").fill("English, Polish");
    await Promise.all([
      t.page.waitForURL(/\/account\/profile/),
      t.page.getByRole("button", { name: "Save profile" }).click(),
    ]);
    await t.page.getByLabel("Subjects").and(
      t.page.locator('[value="Algebra, Statistics"]'),
    ).waitFor();
    // Script in an SVG named .png: refused, nothing stored.
    await t.page.getByLabel("New photo").setInputFiles({
      name: "me.png",
      mimeType: "image/png",
      buffer: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      ),
    });
    await Promise.all([
      t.page.waitForLoadState("load"),
      t.page.getByRole("button", { name: "Upload photo" }).click(),
    ]);
    await t.page.locator("#field-photo-error").waitFor();
    // The refused upload's page comes with 400, which Chromium logs.
    const refused = t.errors.findIndex((e) =>
      /status of 400 .*\/account\/profile/.test(e)
    );
    assert.ok(refused >= 0, "the refused upload answered 400");
    t.errors.splice(refused, 1);
    assert.equal(await t.page.getByAltText("Your current photo").count(), 0);
    await t.page.getByLabel("New photo").setInputFiles(ICON.pathname);
    await Promise.all([
      t.page.waitForLoadState("load"),
      // The first upload loads the image codecs: allow for a busy machine.
      t.page.getByRole("button", { name: "Upload photo" }).click({
        timeout: 60_000,
      }),
    ]);
    await t.page.getByAltText("Your current photo").waitFor();
    await fits(t.page, `the profile page on ${label}`);

    // The student sees it on the teacher's page, photo loaded.
    const s = await signIn(browser, server.origin, student, {
      name: "student",
      phone,
    });
    people.push(s);
    await s.page.goto(`${server.origin}/teachers/${teacher.id}`);
    await s.page.getByText("Patient maths for adults").waitFor();
    await s.page.getByText("Algebra, Statistics").waitFor();
    const photo = s.page.locator('img[src^="/photos/"]').first();
    await photo.waitFor();
    assert.ok(
      await photo.evaluate((img) => (img as HTMLImageElement).naturalWidth > 0),
      "the photo loads",
    );
    await fits(s.page, `the teacher's page on ${label}`);

    // The student rates the completed lesson.
    await s.page.goto(`${server.origin}/bookings/${lesson.id}`);
    const rating = s.page.locator("#rating");
    await rating.getByRole("radio", { name: "4" }).check();
    await rating.getByLabel("Comment (optional)").fill("Clear and kind.");
    await Promise.all([
      s.page.waitForLoadState("load"),
      rating.getByRole("button", { name: "Save rating" }).click(),
    ]);
    await s.page.locator('#rating[data-rating="4"]').waitFor();
    await rating.getByText(/You can change it until/).waitFor();
    await fits(s.page, `the rated lesson on ${label}`);

    // The teacher reads it with the average.
    await t.page.goto(`${server.origin}/ratings`);
    await t.page.getByText("Clear and kind.").waitFor();
    assert.equal(await t.page.locator("[data-average]").innerText(), "4");
    await fits(t.page, `/ratings on ${label}`);
    for (const who of people) assert.deepEqual(who.errors, [], who.name);
  } finally {
    for (const p of people) await p.context.close();
  }
}

Deno.test("a teacher's profile and photo, and a student's private rating, on a desktop window and a 390×844 phone", async (t) => {
  const server: CallServer = await startCallServer({ ICE_SERVERS: "[]" });
  const browser: Browser = await launchBrowser();
  try {
    for (const phone of [false, true]) {
      const label = phone ? "a 390×844 phone" : "a desktop window";
      await t.step(
        label,
        () => profileAndRating(server, browser, phone, label),
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
