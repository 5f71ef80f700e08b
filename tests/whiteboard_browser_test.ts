// The whiteboard in real Chromium with two fake-device participants (the
// teacher on a desktop, the student on a 390×844 phone): one draws and the
// other sees it; colours, text, undo, clear and pages; a reload brings the
// board back in sync; the saved pages show in the lesson record. Any page
// error fails the test.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser } from "@/tests/_browser.ts";
import { assertAccessible } from "@/tests/_axe.ts";
import {
  type CallServer,
  createCallPair,
  delay,
  openRoomInTurn,
  type Participant,
  reloadRoom,
  signIn,
  startCallServer,
  waitFor,
} from "@/tests/_call.ts";
import { listWhiteboardOps } from "@/lib/whiteboard/store.ts";

const BOARD = 'section[data-role="whiteboard"]';

/** Both sides connected; patient, as the call tests share a busy machine. */
async function connected(...who: Participant[]): Promise<void> {
  await Promise.all(
    who.map((p) =>
      waitFor(p, '#call-room[data-call-state="connected"]', 60_000)
    ),
  );
}

function assertNoPageErrors(...who: (Participant | undefined)[]): void {
  for (const p of who) {
    if (p) assert.deepEqual(p.errors, [], `${p.name}: page errors`);
  }
}

/** Waits until the open board shows this page, page count and marks. */
async function waitBoard(
  who: Participant,
  state: { page?: number; pages?: number; marks?: number },
): Promise<void> {
  const attrs = Object.entries(state).map(([k, v]) => `[data-${k}="${v}"]`);
  await waitFor(who, `${BOARD}${attrs.join("")}`);
}

/** Draws a line across the board with the mouse, from (fx, fy) to (tx, ty) in fractions. */
async function drawLine(
  page: Page,
  [fx, fy, tx, ty]: [number, number, number, number],
): Promise<void> {
  const box = (await page.locator(`${BOARD} svg[data-role="board"]`)
    .boundingBox())!;
  const at = (x: number, y: number): [number, number] => [
    box.x + box.width * x,
    box.y + box.height * y,
  ];
  await page.mouse.move(...at(fx, fy));
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(
      ...at(fx + (tx - fx) * i / 10, fy + (ty - fy) * i / 10),
    );
  }
  await page.mouse.up();
}

function button(who: Participant, name: string) {
  return who.page.getByRole("button", { name, exact: true });
}

Deno.test("the shared whiteboard (Chromium, desktop and phone)", async (t) => {
  const server: CallServer = await startCallServer({ ICE_SERVERS: "[]" });
  const browser = await launchBrowser();
  let teacher: Participant | undefined;
  let student: Participant | undefined;
  try {
    const pair = await createCallPair(server.app, {
      teacher: "Ada Teacher",
      student: "Sam Student",
    });
    [teacher, student] = await Promise.all([
      signIn(browser, server.origin, pair.teacher, { name: "teacher" }),
      signIn(browser, server.origin, pair.student, {
        name: "student",
        phone: true,
      }),
    ]);
    for (const p of [teacher, student]) p.page.setDefaultTimeout(60_000);
    await openRoomInTurn(teacher, student, pair.bookingId);
    await connected(teacher, student);

    await t.step("both open it; one draws, the other sees it", async () => {
      assert.ok(teacher && student);
      await button(teacher, "Whiteboard").click();
      await waitBoard(teacher, { page: 1, pages: 1, marks: 0 });
      await button(student, "Whiteboard").click();
      await waitBoard(student, { page: 1, pages: 1, marks: 0 });
      // The board fills the phone's width and stays on screen.
      const board = (await student.page.locator(
        `${BOARD} svg[data-role="board"]`,
      ).boundingBox())!;
      assert.ok(board.width >= 340 && board.x >= 0, JSON.stringify(board));
      assert.ok(board.y + board.height <= 844, JSON.stringify(board));

      await drawLine(teacher.page, [0.1, 0.2, 0.5, 0.6]);
      await waitBoard(student, { marks: 1 });
      assert.equal(
        await student.page.locator(`${BOARD} path[fill="#2563eb"]`).count(),
        0,
        "the default colour is black",
      );
      await button(student, "Red").click();
      await button(student, "Thick").click();
      await drawLine(student.page, [0.6, 0.2, 0.9, 0.5]);
      await waitBoard(teacher, { marks: 2 });
      assert.equal(
        await teacher.page.locator(`${BOARD} path[fill="#dc2626"]`).count(),
        1,
      );
      assertNoPageErrors(teacher, student);
    });

    await t.step("text, undo and clear reach the other side", async () => {
      assert.ok(teacher && student);
      await button(student, "Undo").click();
      await waitBoard(teacher, { marks: 1 });
      await waitBoard(student, { marks: 1 });

      await button(teacher, "Text").click();
      await teacher.page.locator(`${BOARD} svg[data-role="board"]`).click({
        position: { x: 100, y: 100 },
      });
      await teacher.page.fill("#whiteboard-text", "x² = 4");
      await button(teacher, "Add text").click();
      await waitBoard(student, { marks: 2 });
      assert.equal(
        await student.page.locator(`${BOARD} text`).innerHTML(),
        "x² = 4",
      );

      await button(teacher, "Clear page").click();
      await waitBoard(student, { marks: 0 });
      // Undoing the clear brings the page back on both sides.
      await button(teacher, "Undo").click();
      await waitBoard(student, { marks: 2 });
      await waitBoard(teacher, { marks: 2 });
      assertNoPageErrors(teacher, student);
    });

    await t.step("pages: a new page, switching between them", async () => {
      assert.ok(teacher && student);
      await button(student, "New page").click();
      await waitBoard(student, { page: 2, pages: 2, marks: 0 });
      await waitBoard(teacher, { page: 1, pages: 2, marks: 2 });
      await button(student, "Pen").click();
      await drawLine(student.page, [0.2, 0.8, 0.8, 0.8]);
      await waitBoard(student, { page: 2, marks: 1 });
      await button(teacher, "Next page").click();
      await waitBoard(teacher, { page: 2, pages: 2, marks: 1 });
      await button(teacher, "Previous page").click();
      await waitBoard(teacher, { page: 1, marks: 2 });
      assertNoPageErrors(teacher, student);
    });

    await t.step("accessible: named buttons, axe clean, keyboard", async () => {
      assert.ok(teacher && student);
      await assertAccessible(teacher.page, "whiteboard (desktop)");
      await assertAccessible(student.page, "whiteboard (phone)");
      // The toolbar is reached by Tab; Enter on a focused button works.
      await button(teacher, "Pen").focus();
      await teacher.page.keyboard.press("Tab");
      await teacher.page.keyboard.press("Enter");
      assert.equal(
        await button(teacher, "Eraser").getAttribute("aria-pressed"),
        "true",
      );
      await teacher.page.keyboard.press("Shift+Tab");
      await teacher.page.keyboard.press("Enter");
      assert.equal(
        await button(teacher, "Pen").getAttribute("aria-pressed"),
        "true",
      );
    });

    await t.step(
      "after a reload and a line drawn meanwhile, both are in sync",
      async () => {
        assert.ok(teacher && student);
        await student.page.reload();
        await button(teacher, "Pen").click();
        await drawLine(teacher.page, [0.3, 0.3, 0.4, 0.9]);
        await waitBoard(teacher, { page: 1, marks: 3 });
        await reloadRoom(student);
        await connected(teacher, student);
        await button(student, "Whiteboard").click();
        await waitBoard(student, { page: 1, pages: 2, marks: 3 });
        await button(student, "Next page").click();
        await waitBoard(student, { page: 2, marks: 1 });
        // And it goes on live after the reconnect.
        await drawLine(student.page, [0.1, 0.1, 0.3, 0.1]);
        await button(teacher, "Next page").click();
        await waitBoard(teacher, { page: 2, marks: 2 });
        // Closing and opening again keeps the board.
        await button(student, "Close whiteboard").click();
        await student.page.locator(BOARD).waitFor({ state: "detached" });
        await button(student, "Whiteboard").click();
        await waitBoard(student, { page: 1, pages: 2, marks: 3 });
        assertNoPageErrors(teacher, student);
      },
    );

    await t.step("the saved pages appear in the lesson record", async () => {
      assert.ok(teacher && student);
      // Saves follow changes within a second; wait for the last one.
      const deadline = Date.now() + 15_000;
      while (
        (await listWhiteboardOps(server.app.db, pair.bookingId)).length < 10
      ) {
        assert.ok(Date.now() < deadline, "the board was not saved");
        await delay(200);
      }
      for (const who of [teacher, student]) {
        await who.page.goto(
          new URL(`/bookings/${pair.bookingId}`, who.page.url()).href,
        );
        const pages = who.page.locator(
          '#lesson-record [data-role="whiteboard"] li',
        );
        assert.equal(await pages.count(), 2, who.name);
        assert.equal(
          await pages.nth(0).locator("svg path").count(),
          2,
          `${who.name}: page 1 lines`,
        );
        assert.equal(
          await pages.nth(0).locator("svg text").innerHTML(),
          "x² = 4",
        );
        assert.equal(await pages.nth(1).locator("svg path").count(), 2);
        const box = (await pages.nth(0).locator("svg").boundingBox())!;
        assert.ok(box.width > 100 && box.x >= 0, JSON.stringify(box));
        assert.ok(box.x + box.width <= (who === student ? 390 : 1280));
      }
      assertNoPageErrors(teacher, student);
    });
  } finally {
    await teacher?.context.close();
    await student?.context.close();
    await browser.close();
    await server.close();
  }
});
