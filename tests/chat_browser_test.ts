// The call's chat in real Chromium: a side panel on a desktop, a drawer on a
// phone, names and times on every message, saved by the server, and still
// there after a reload, both in the call and in the page's lesson record.
import assert from "node:assert/strict";
import { launchBrowser } from "@/tests/_browser.ts";
import {
  type CallServer,
  createCallPair,
  openRoomInTurn,
  type Participant,
  reloadRoom,
  signIn,
  startCallServer,
  waitConnected,
  waitFor,
} from "@/tests/_call.ts";

const PANEL = 'aside[data-role="chat-panel"]';

function assertNoPageErrors(...who: (Participant | undefined)[]): void {
  for (const p of who) {
    if (p) assert.deepEqual(p.errors, [], `${p.name}: page errors`);
  }
}

/** The chat lines as the panel shows them: [from, state, text]. */
function chatLines(p: Participant): Promise<string[][]> {
  return p.page.locator("#chat-log li").evaluateAll((items) =>
    items.map((li) => [
      li.getAttribute("data-from") ?? "",
      li.getAttribute("data-state") ?? "",
      (li as HTMLElement).innerText.replace(/\s+/g, " ").trim(),
    ])
  );
}

Deno.test("chat in the call room (Chromium, desktop and phone)", async (t) => {
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
    // Patient on a loaded machine: a click waits for a busy renderer.
    for (const p of [teacher, student]) p.page.setDefaultTimeout(30_000);
    await openRoomInTurn(teacher, student, pair.bookingId);
    await waitConnected(teacher, student);

    await t.step(
      "a side panel beside the video on a desktop, a drawer on a phone",
      async () => {
        assert.ok(teacher && student);
        await teacher.page.getByRole("button", { name: "Chat" }).click();
        await waitFor(teacher, `${PANEL} #chat-input`);
        const side = (await teacher.page.locator(PANEL).boundingBox())!;
        const video = (await teacher.page.locator(
          'video[data-role="remote"]',
        ).boundingBox())!;
        assert.equal(Math.round(side.x + side.width), 1280);
        assert.ok(side.width >= 300 && side.width <= 400, `${side.width}`);
        assert.ok(side.height >= 700, "the panel runs the room's height");
        assert.ok(
          video.x + video.width <= side.x + 1,
          "the panel is beside the video, not over it",
        );
        // The panel's code is loaded lazily; its classes are styled all the same.
        assert.equal(
          await teacher.page.$eval(
            "#chat-log",
            (el) => getComputedStyle(el).overflowY,
          ),
          "auto",
        );

        await student.page.getByRole("button", { name: "Chat" }).click();
        await waitFor(student, `${PANEL} #chat-input`);
        const drawer = (await student.page.locator(PANEL).boundingBox())!;
        assert.equal(Math.round(drawer.width), 390, "full width on a phone");
        assert.equal(
          Math.round(drawer.y + drawer.height),
          844,
          "at the bottom",
        );
        assert.ok(drawer.height < 844 * 0.8, "the call stays visible above");
        await student.page.getByRole("button", { name: "Close chat" }).click();
        await student.page.locator(PANEL).waitFor({ state: "detached" });
        assertNoPageErrors(teacher, student);
      },
    );

    await t.step(
      "messages carry names and times and are saved by the server",
      async () => {
        assert.ok(teacher && student);
        await student.page.getByRole("button", { name: "Chat" }).click();
        await student.page.fill("#chat-input", "Hello from the phone");
        await student.page.getByRole("button", { name: "Send" }).click();
        await waitFor(
          student,
          '#chat-log li[data-from="me"][data-state="saved"]',
        );
        await waitFor(teacher, '#chat-log li[data-from="peer"]');
        await teacher.page.fill("#chat-input", "Hello from the desk");
        await teacher.page.keyboard.press("Enter");
        await waitFor(
          teacher,
          '#chat-log li[data-from="me"][data-state="saved"]',
        );
        await waitFor(student, '#chat-log li[data-from="peer"]');
        const time = /\b\d\d:\d\d\b/;
        const [mine, theirs] = await chatLines(student);
        assert.deepEqual(mine.slice(0, 2), ["me", "saved"]);
        assert.match(mine[2], /^You \d\d:\d\d Hello from the phone$/);
        assert.deepEqual(theirs.slice(0, 2), ["peer", "saved"]);
        assert.match(theirs[2], /^Ada Teacher \d\d:\d\d Hello from the desk$/);
        const seen = await chatLines(teacher);
        assert.equal(seen.length, 2, "each message shown once on each side");
        assert.match(seen[0][2], /^Sam Student/);
        assert.match(seen[0][2], time);
        assertNoPageErrors(teacher, student);
      },
    );

    await t.step(
      "after a reload the history is in the lesson record and in the chat",
      async () => {
        assert.ok(teacher && student);
        await student.page.reload();
        const transcript = student.page.locator(
          '#lesson-record [data-role="transcript"] li',
        );
        assert.deepEqual(
          (await transcript.allInnerTexts()).map((s) =>
            s.replace(/\s+/g, " ").trim()
          ),
          [
            "You " + (await transcript.nth(0).locator("time").innerText()) +
            " Hello from the phone",
            "Ada Teacher " +
            (await transcript.nth(1).locator("time").innerText()) +
            " Hello from the desk",
          ],
        );
        await reloadRoom(student);
        await waitConnected(teacher, student);
        await student.page.getByRole("button", { name: "Chat" }).click();
        await waitFor(student, "#chat-log li");
        const lines = await chatLines(student);
        assert.deepEqual(lines.map(([from, state]) => [from, state]), [
          ["me", "saved"],
          ["peer", "saved"],
        ]);
        assert.match(lines[0][2], /Hello from the phone$/);
        assert.match(lines[1][2], /Hello from the desk$/);
        // And the chat goes on after the reload, both ways.
        await student.page.fill("#chat-input", "Back again");
        await student.page.keyboard.press("Enter");
        await waitFor(teacher, '#chat-log li:has-text("Back again")');
        assert.equal((await chatLines(teacher)).length, 3);
        assertNoPageErrors(teacher, student);
      },
    );
  } finally {
    await teacher?.context.close();
    await student?.context.close();
    await browser.close();
    await server.close();
  }
});
