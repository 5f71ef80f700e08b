// Finding a teacher in real Chromium, on a desktop window and on a 390×844
// phone: search by subject, tick "Free this week", order by name, follow a
// card to the teacher's page; the page loads no script, fits the phone's
// width and passes axe-core.
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchBrowser } from "@/tests/_browser.ts";
import { assertAccessible } from "@/tests/_axe.ts";
import { type CallServer, signIn, startCallServer } from "@/tests/_call.ts";
import { createTestSlot, createTestUser } from "@/tests/_db.ts";
import { saveProfile } from "@/lib/profiles/store.ts";
import { refreshNextFree } from "@/lib/profiles/next_free.ts";

const DAY_MINUTES = 24 * 60;

async function findTeacher(
  server: CallServer,
  browser: Browser,
  phone: boolean,
) {
  const { db } = server.app;
  const tag = phone ? "Phonology" : "Desktopia";
  const make = async (username: string, inDays: number) => {
    const t = await createTestUser(db, { role: "teacher", username });
    await saveProfile(db, t.id, {
      headline: `${tag} lessons`,
      bio: "",
      subjects: [tag],
      languages: ["English"],
    });
    await createTestSlot(db, t, { startInMinutes: inDays * DAY_MINUTES });
    return t;
  };
  const soon = await make(`Zed Soon ${tag}`, 2);
  const later = await make(`Amy Later ${tag}`, 12);
  await refreshNextFree(db, new Date(), [soon.id, later.id]);
  const student = await createTestUser(db, { role: "student" });
  const s = await signIn(browser, server.origin, student, {
    name: "student",
    phone,
  });
  try {
    const names = () => s.page.locator("[data-teacher-name]").allInnerTexts();
    await s.page.goto(`${server.origin}/teachers`);
    await s.page.getByRole("searchbox", { name: "Name or subject" }).fill(tag);
    await Promise.all([
      s.page.waitForURL(/\/teachers\?q=/),
      s.page.getByRole("button", { name: "Search" }).click(),
    ]);
    // Soonest free first, each card with its next free time.
    assert.deepEqual(await names(), [soon.username, later.username]);
    assert.equal(
      await s.page.getByText(/^Next free: /).count(),
      2,
      "both cards say when",
    );
    // Free this week leaves out the one free in 12 days.
    await s.page.getByRole("checkbox", { name: "Free this week" }).check();
    await Promise.all([
      s.page.waitForURL(/free=1/),
      s.page.getByRole("button", { name: "Search" }).click(),
    ]);
    assert.deepEqual(await names(), [soon.username]);
    // By name, everyone again.
    await s.page.getByRole("checkbox", { name: "Free this week" }).uncheck();
    await s.page.getByLabel("Order").selectOption("name");
    await Promise.all([
      s.page.waitForURL(/sort=name/),
      s.page.getByRole("button", { name: "Search" }).click(),
    ]);
    assert.deepEqual(await names(), [later.username, soon.username]);
    const layout = await s.page.evaluate(() => ({
      scripts: document.scripts.length,
      overflow: document.documentElement.scrollWidth - globalThis.innerWidth,
    }));
    assert.equal(layout.scripts, 0, "no script");
    assert.ok(layout.overflow <= 0, "no sideways scrolling");
    await assertAccessible(
      s.page,
      `/teachers on ${phone ? "a phone" : "a desktop"}`,
    );
    await Promise.all([
      s.page.waitForURL(`${server.origin}/teachers/${soon.id}`),
      s.page.getByRole("link", { name: new RegExp(soon.username) }).click(),
    ]);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.context.close();
  }
}

Deno.test("a student finds a teacher free this week, on a desktop window and a 390×844 phone", async (t) => {
  const server: CallServer = await startCallServer({ ICE_SERVERS: "[]" });
  const browser: Browser = await launchBrowser();
  try {
    for (const phone of [false, true]) {
      await t.step(
        phone ? "a 390×844 phone" : "a desktop window",
        () => findTeacher(server, browser, phone),
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
