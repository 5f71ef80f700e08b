// The booking list in real Chromium, on a desktop window and on a 390×844
// phone: a teacher's requests come first and are confirmed and declined in
// place (the quiet Decline… opens its confirmation step without script),
// the page loads no script, fits the phone's width, and passes axe-core.
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchBrowser } from "@/tests/_browser.ts";
import { assertAccessible } from "@/tests/_axe.ts";
import {
  type CallServer,
  type Participant,
  signIn,
  startCallServer,
} from "@/tests/_call.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";

const DAY_MINUTES = 24 * 60;

/** The ids of the booking cards in one section of the page. */
function idsIn(who: Participant, section: string): Promise<string[]> {
  return who.page.locator(`[data-section="${section}"] [data-booking-id]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-booking-id")!));
}

async function checkLayout(who: Participant, label: string) {
  const layout = await who.page.evaluate(() => ({
    scripts: document.scripts.length,
    overflow: document.documentElement.scrollWidth - globalThis.innerWidth,
  }));
  assert.equal(layout.scripts, 0, `${label}: no script`);
  assert.ok(layout.overflow <= 0, `${label}: no sideways scrolling`);
}

async function answerRequests(
  server: CallServer,
  browser: Browser,
  phone: boolean,
  label: string,
) {
  const people: Participant[] = [];
  try {
    const { db } = server.app;
    const teacher = await createTestUser(db, {
      role: "teacher",
      username: `Ada Teacher ${phone ? "P" : "D"}`,
    });
    const student = await createTestUser(db, {
      role: "student",
      username: `Sam Student ${phone ? "P" : "D"}`,
    });
    const mk = (
      startInMinutes: number,
      status: "pending" | "confirmed" | "cancelled",
    ) =>
      createTestBooking(db, { teacher, student, startInMinutes, status })
        .then((b) => b.id);
    const first = await mk(2 * DAY_MINUTES, "pending");
    const second = await mk(3 * DAY_MINUTES, "pending");
    const later = await mk(4 * DAY_MINUTES, "confirmed");
    const gone = await mk(5 * DAY_MINUTES, "cancelled");

    const t = await signIn(browser, server.origin, teacher, {
      name: "teacher",
      phone,
    });
    people.push(t);
    await t.page.goto(`${server.origin}/bookings`);
    // Requests first, then the rest; the cancelled one is not upcoming.
    const order = await t.page.locator("[data-section]").evaluateAll((els) =>
      els.map((e) => e.getAttribute("data-section"))
    );
    assert.equal(order[0], "requests");
    assert.deepEqual(await idsIn(t, "requests"), [first, second]);
    assert.deepEqual(await idsIn(t, "upcoming"), [later]);
    assert.deepEqual(await idsIn(t, "cancelled"), [gone]);
    await checkLayout(t, label);
    await assertAccessible(t.page, `/bookings as a teacher on ${label}`);

    // Confirm in place: back on the list, the lesson is upcoming.
    const card = t.page.locator(`[data-request][data-booking-id="${first}"]`);
    const confirm = card.getByRole("button", { name: /^Confirm/ });
    const box = await confirm.boundingBox();
    assert.ok(box && box.height >= 44, "a finger-sized Confirm");
    await Promise.all([
      t.page.waitForURL(`${server.origin}/bookings?done=confirm`),
      confirm.click(),
    ]);
    await t.page.getByRole("status").filter({
      hasText: "You confirmed the request",
    }).waitFor();
    assert.deepEqual(await idsIn(t, "requests"), [second]);
    assert.deepEqual(await idsIn(t, "upcoming"), [first, later]);

    // Decline is a quiet link that opens its confirmation step.
    const next = t.page.locator(
      `[data-request][data-booking-id="${second}"]`,
    );
    const declineButton = next.getByRole("button", {
      name: "Decline request",
    });
    assert.equal(await declineButton.isVisible(), false);
    await next.getByText("Decline…").click();
    await next.getByLabel(/Reason/).fill("Away that week");
    await Promise.all([
      t.page.waitForURL(`${server.origin}/bookings?done=decline`),
      declineButton.click(),
    ]);
    assert.equal(
      await t.page.locator('[data-section="requests"]').count(),
      0,
    );
    assert.deepEqual(await idsIn(t, "cancelled"), [gone, second]);
    await checkLayout(t, `${label} after answering`);

    // The student sees the outcome; the filter narrows to one status.
    const s = await signIn(browser, server.origin, student, {
      name: "student",
      phone,
    });
    people.push(s);
    await s.page.goto(`${server.origin}/bookings`);
    assert.deepEqual(await idsIn(s, "upcoming"), [first, later]);
    await Promise.all([
      s.page.waitForURL(`${server.origin}/bookings?status=cancelled`),
      s.page.getByRole("link", { name: "Cancelled", exact: true }).click(),
    ]);
    assert.deepEqual(await idsIn(s, "filtered"), [gone, second]);
    await checkLayout(s, `the student's filtered list on ${label}`);
    for (const who of people) assert.deepEqual(who.errors, [], who.name);
  } finally {
    for (const p of people) await p.context.close();
  }
}

Deno.test("a teacher answers requests from the booking list, on a desktop window and a 390×844 phone", async (t) => {
  const server: CallServer = await startCallServer({ ICE_SERVERS: "[]" });
  const browser: Browser = await launchBrowser();
  try {
    for (const phone of [false, true]) {
      const label = phone ? "a 390×844 phone" : "a desktop window";
      await t.step(label, () => answerRequests(server, browser, phone, label));
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
