// Accessibility checked by a real engine: axe-core in Chromium over every
// page, signed out, as a student and as a teacher, and over the call room in
// each state (pre-join, connected, left). Serious and critical violations
// fail. The admin pages are checked in tests/admin_browser_test.ts.
import assert from "node:assert/strict";
import { launchBrowser } from "@/tests/_browser.ts";
import { assertAccessible } from "@/tests/_axe.ts";
import {
  type CallServer,
  createCallPair,
  joinCall,
  type Participant,
  signIn,
  startCallServer,
  waitConnected,
  waitFor,
} from "@/tests/_call.ts";
import { createTestSlot } from "@/tests/_db.ts";

const LOOPBACK_ENV = { ICE_SERVERS: "[]" };

Deno.test("axe-core finds no serious or critical violation", async (t) => {
  const server: CallServer = await startCallServer(LOOPBACK_ENV);
  const browser = await launchBrowser();
  const people: Participant[] = [];
  try {
    const pair = await createCallPair(server.app, {
      teacher: "Ada Teacher",
      student: "Sam Student",
    });
    // The teacher has an open slot, so the booking pages list something.
    await createTestSlot(server.app.db, pair.teacher);
    const url = (path: string) => new URL(path, server.origin).href;

    await t.step("on every page signed out", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        for (
          const path of [
            "/",
            "/login",
            "/register",
            "/forgot-password",
            "/reset-password?token=not-a-token",
            "/confirm-email?token=not-a-token",
            "/teachers",
            `/teachers/${pair.teacher.id}`,
            "/no-such-page",
          ]
        ) {
          await page.goto(url(path));
          await assertAccessible(page, `${path} signed out`);
        }
      } finally {
        await context.close();
      }
    });

    const [teacher, student] = await Promise.all([
      signIn(browser, server.origin, pair.teacher, { name: "teacher" }),
      signIn(browser, server.origin, pair.student, { name: "student" }),
    ]);
    people.push(teacher, student);

    await t.step("on every page as a student and as a teacher", async () => {
      const pages: [Participant, string[]][] = [
        [student, [
          "/",
          "/bookings",
          "/account",
          "/teachers",
          "/teachers?q=&language=",
          `/teachers/${pair.teacher.id}`,
        ]],
        [teacher, [
          "/",
          "/bookings",
          "/account",
          "/account/profile",
          "/slots",
          "/availability",
        ]],
      ];
      for (const [who, paths] of pages) {
        for (const path of paths) {
          const res = await who.page.goto(url(path));
          assert.ok(res?.ok(), `${path} as ${who.name}: ${res?.status()}`);
          await assertAccessible(who.page, `${path} as ${who.name}`);
        }
      }
    });

    const room = url(`/bookings/${pair.bookingId}`);
    await t.step("on the call room before joining", async () => {
      for (const who of [teacher, student]) {
        await who.page.goto(room);
        await who.page.getByRole("button", { name: "Join now" }).waitFor();
        await waitFor(who, '#call-room[data-call-state="prejoin"]');
        await assertAccessible(
          who.page,
          `the room before joining as ${who.name}`,
        );
      }
      // "Join now" itself: white on its blue, at least 4.5:1.
      const ratio = await student.page.getByRole("button", { name: "Join now" })
        .evaluate((button) => {
          const rgb = (c: string) =>
            (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
          const lum = (c: string) => {
            const [r, g, b] = rgb(c).map((v) => {
              const s = v / 255;
              return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const style = getComputedStyle(button);
          const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort(
            (x, y) => y - x,
          );
          return (a + 0.05) / (b + 0.05);
        });
      assert.ok(ratio >= 4.5, `"Join now" contrast is ${ratio.toFixed(2)}:1`);
    });

    await t.step("on the call room connected and after leaving", async () => {
      await joinCall(teacher);
      await joinCall(student);
      await waitConnected(teacher, student);
      await assertAccessible(student.page, "the connected call");
      await student.page.getByRole("button", { name: "Chat" }).click();
      await student.page.getByRole("button", { name: "Settings" }).click();
      await assertAccessible(student.page, "the call with chat and settings");
      await student.page.getByRole("button", { name: "Leave call" }).click();
      await waitFor(student, '#call-room[data-call-state="left"]');
      await assertAccessible(student.page, "the room after leaving");
      await assertAccessible(teacher.page, "the room after the other left");
    });
  } finally {
    for (const p of people) await p.context.close();
    await browser.close();
    await server.close();
  }
});
