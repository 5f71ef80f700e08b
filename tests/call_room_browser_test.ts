// The call room around the call, in real Chromium: the pre-join panel
// (nothing reaches the other side before "Join now"), the connection
// pre-test, the layout once joined (desktop and phone), and leaving, which
// the other side sees at once, and rejoining.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser } from "@/tests/_browser.ts";
import {
  assertMediaFlows,
  type CallServer,
  createCallPair,
  delay,
  joinCall,
  liveCaptureTracks,
  type Participant,
  roomState,
  signalLog,
  signIn,
  startCallServer,
  waitConnected,
  waitFor,
} from "@/tests/_call.ts";

const LOOPBACK_ENV = { ICE_SERVERS: "[]" };
const ROOM = "#call-room";

function assertNoPageErrors(...who: (Participant | undefined)[]): void {
  for (const p of who) {
    if (p) assert.deepEqual(p.errors, [], `${p.name}: page errors`);
  }
}

/** The booking page, at the pre-join panel, without joining. */
async function openPreJoin(who: Participant, bookingId: string): Promise<void> {
  await who.page.goto(new URL(`/bookings/${bookingId}`, who.page.url()).href);
  await waitFor(who, `${ROOM}[data-call-state="prejoin"]`);
  await who.page.getByRole("button", { name: "Join now" }).waitFor();
}

/** Box of the first element matching `selector`, in CSS pixels. */
async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} has no box`);
  return b;
}

Deno.test("the call room: pre-join, pre-test, layout, leave and rejoin", async (t) => {
  const server: CallServer = await startCallServer(LOOPBACK_ENV);
  const browser = await launchBrowser();
  let teacher: Participant | undefined;
  let student: Participant | undefined;
  try {
    const pair = await createCallPair(server.app, {
      teacher: "Ada Teacher",
      student: "Sam Student",
    });
    const attendance = async () =>
      (await server.app.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM attendance WHERE booking_id = $1",
        [pair.bookingId],
      ))[0].n;
    [teacher, student] = await Promise.all([
      signIn(browser, server.origin, pair.teacher, { name: "teacher" }),
      signIn(browser, server.origin, pair.student, { name: "student" }),
    ]);

    const joined = await t.step(
      "before Join now the panel previews camera and microphone and remembers the chosen microphone, and nothing reaches the other side; joining muted shows on the other side",
      async () => {
        assert.ok(teacher && student);
        await openPreJoin(teacher, pair.bookingId);
        const room = teacher.page.locator(ROOM);
        // The preview plays and the level meter shows.
        await teacher.page.waitForFunction(() => {
          const v = document.querySelector<HTMLVideoElement>(
            'video[data-role="local"]',
          );
          return v !== null && v.videoWidth > 0 && !v.paused;
        });
        await room.locator('[data-role="mic-level"]').waitFor();
        await room.locator("#device-camera").waitFor();
        assert.ok(await room.locator("#device-camera option").count() >= 1);
        assert.ok(await room.locator("#device-microphone option").count() >= 1);

        // A microphone chosen here is remembered on this device.
        const pick = room.locator("#device-microphone");
        const mics = await pick.locator("option").evaluateAll((o) =>
          o.map((e) => (e as HTMLOptionElement).value)
        );
        assert.ok(mics.length >= 2, `microphones: ${mics.join(", ")}`);
        const chosen = mics.at(-1)!;
        await pick.selectOption(chosen);
        await teacher.page.reload();
        await waitFor(teacher, `${ROOM}[data-call-state="prejoin"]`);
        await teacher.page.waitForFunction(
          (id) =>
            (document.getElementById("device-microphone") as HTMLSelectElement)
              ?.value === id,
          chosen,
        );
        // …and the capture asks for it.
        await teacher.page.waitForFunction((id) => {
          const v = document.querySelector<HTMLVideoElement>(
            'video[data-role="local"]',
          );
          const track = (v?.srcObject as MediaStream | null)
            ?.getAudioTracks()[0];
          return track?.getSettings().deviceId === id;
        }, chosen);

        await openPreJoin(student, pair.bookingId);
        const presence = student.page.locator('[data-role="other-presence"]');
        await presence.filter({ hasText: "Ada Teacher has not joined yet" })
          .waitFor();
        // A while in the panel: no socket, no message, no attendance.
        await delay(1_000);
        for (const p of [teacher, student]) {
          assert.deepEqual(await signalLog(p.page), [], `${p.name} signaled`);
          assert.equal((await roomState(p.page)).signal, "closed");
        }
        assert.equal(await attendance(), 0, "attendance was recorded");

        // The teacher joins with the microphone off.
        await teacher.page.getByRole("button", { name: "Mute microphone" })
          .click();
        await joinCall(teacher);
        await presence.filter({ hasText: "Ada Teacher is already in the room" })
          .waitFor({ timeout: 10_000 });
        assert.equal(await attendance(), 1);
        await joinCall(student);
        await waitConnected(teacher, student);
        await waitFor(student, '[data-remote-muted="true"]');
        await teacher.page.getByRole("button", { name: "Unmute microphone" })
          .waitFor();
        assertNoPageErrors(teacher, student);
      },
    );

    await t.step({
      name:
        "once joined the call fills the viewport: remote video large and whole, self-view in a movable corner, booking actions out of reach",
      ignore: !joined,
      fn: async () => {
        assert.ok(student);
        const page = student.page;
        const viewport = page.viewportSize()!;
        const room = await box(page, ROOM);
        assert.deepEqual(
          [room.x, room.y, room.width, room.height],
          [0, 0, viewport.width, viewport.height],
        );
        // Opaque: nothing of the page shows through around the video.
        assert.equal(
          await page.$eval(ROOM, (r) => getComputedStyle(r).backgroundColor),
          "rgb(0, 0, 0)",
        );
        const remote = await box(page, 'video[data-role="remote"]');
        assert.ok(
          remote.width * remote.height >= 0.9 * room.width * room.height,
        );
        assert.equal(
          await page.$eval(
            'video[data-role="remote"]',
            (v) => getComputedStyle(v).objectFit,
          ),
          "contain",
        );
        const local = await box(page, 'video[data-role="local"]');
        assert.ok(
          local.width <= viewport.width / 4,
          `self-view ${local.width}px wide`,
        );
        assert.ok(
          local.x > viewport.width / 2 && local.y > viewport.height / 2,
        );

        // Booking actions are inert under the call.
        const actions = await page.evaluate(() =>
          [...document.querySelectorAll("button")]
            .filter((b) => /Cancel booking|Decline/.test(b.textContent ?? ""))
            .map((b) => b.closest("[inert]") !== null)
        );
        assert.ok(actions.length > 0, "the page has no booking actions");
        assert.ok(actions.every(Boolean), "a booking action is reachable");

        // The self-view moves by dragging and with the arrow keys.
        const tile = page.locator("figure[data-corner]");
        await page.mouse.move(
          local.x + local.width / 2,
          local.y + local.height / 2,
        );
        await page.mouse.down();
        await page.mouse.move(80, 120, { steps: 5 });
        await page.mouse.up();
        assert.equal(await tile.getAttribute("data-corner"), "top-left");
        await tile.focus();
        await page.keyboard.press("ArrowRight");
        assert.equal(await tile.getAttribute("data-corner"), "top-right");

        // The floating controls fade when idle and come back on a move.
        const controls = page.locator('[data-role="controls"]');
        await page.locator('[data-role="controls"][data-idle="true"]')
          .waitFor({ timeout: 6_000 });
        await page.mouse.move(200, 300);
        await page.mouse.move(220, 320);
        assert.equal(await controls.getAttribute("data-idle"), "false");

        // Full screen, and the remote video in Picture-in-Picture.
        await page.getByRole("button", { name: "Full screen" }).click();
        await page.waitForFunction(() =>
          document.fullscreenElement?.id === "call-room"
        );
        await page.getByRole("button", { name: "Exit full screen" }).click();
        await page.waitForFunction(() => document.fullscreenElement === null);
        const pip = page.getByRole("button", { name: "Picture in picture" });
        if (await page.evaluate(() => document.pictureInPictureEnabled)) {
          await pip.click();
          await page.waitForFunction(() =>
            document.pictureInPictureElement?.getAttribute("data-role") ===
              "remote"
          );
          await page.evaluate(() => document.exitPictureInPicture());
        } else {
          assert.equal(await pip.count(), 0);
        }
        assertNoPageErrors(student);
      },
    });

    await t.step({
      name:
        "leaving tells the other side within a second, stops the camera and microphone, and Rejoin brings the call back",
      ignore: !joined,
      fn: async () => {
        assert.ok(teacher && student);
        await waitConnected(teacher, student);
        assert.ok((await liveCaptureTracks(teacher.page)).length > 0);
        const started = Date.now();
        await teacher.page.getByRole("button", { name: "Leave call" }).click();
        await student.page.waitForFunction(
          () =>
            document.getElementById("call-room")?.getAttribute(
              "data-call-state",
            ) !== "connected",
          undefined,
          { timeout: 2_000, polling: 20 },
        );
        const elapsed = Date.now() - started;
        // The product target is 1 s; under a loaded CI machine the bound is 2 s
        // (the old code took 7.7 s), so the test checks behaviour, not speed.
        assert.ok(elapsed < 2_000, `the student noticed after ${elapsed} ms`);
        await student.page.locator(`${ROOM} [data-role="status"]`)
          .filter({ hasText: "Ada Teacher left the call" })
          .waitFor({ timeout: 2_000 });
        assert.equal(
          await student.page.$eval(
            'video[data-role="remote"]',
            (v: HTMLVideoElement) => v.srcObject,
          ),
          null,
          "the remote tile still holds the left side's media",
        );

        await waitFor(teacher, `${ROOM}[data-call-state="left"]`, 2_000);
        await teacher.page.getByText("You left the call").waitFor();
        assert.deepEqual(await liveCaptureTracks(teacher.page), []);
        const back = teacher.page.getByRole("button", {
          name: "Back to your bookings",
        });
        assert.equal(await back.getAttribute("href"), "/bookings");

        await teacher.page.getByRole("button", { name: "Rejoin" }).click();
        await waitConnected(teacher, student);
        await assertMediaFlows(teacher, student);
        assertNoPageErrors(teacher, student);
        await back.waitFor({ state: "detached" });
      },
    });

    await t.step({
      name: "Back to your bookings leads to the booking list",
      ignore: !joined,
      fn: async () => {
        assert.ok(teacher && student);
        await teacher.page.getByRole("button", { name: "Leave call" }).click();
        await Promise.all([
          teacher.page.waitForURL(/\/bookings$/),
          teacher.page.getByRole("button", { name: "Back to your bookings" })
            .click(),
        ]);
        await waitFor(
          student,
          `${ROOM}:not([data-call-state="connected"])`,
          2_000,
        );
        assertNoPageErrors(teacher, student);
      },
    });

    await t.step(
      "the connection test says what this network allows, without signaling",
      async () => {
        assert.ok(student);
        await openPreJoin(student, pair.bookingId);
        await student.page.getByRole("button", { name: "Test your connection" })
          .click();
        const result = student.page.locator('[data-role="pretest"]');
        await result.waitFor({ timeout: 10_000 });
        // No ICE servers on loopback: only host candidates.
        assert.equal(await result.getAttribute("data-pretest-found"), "host");
        assert.match(
          await result.innerText(),
          /no connection server is configured/,
        );
        // Its own throwaway peer connection, and not one signaling message.
        const log = await signalLog(student.page);
        assert.deepEqual(
          log.map((l) => l.replace(/^\d+ms /, "")),
          ["new RTCPeerConnection"],
        );
        assertNoPageErrors(student);
      },
    );
  } finally {
    await teacher?.context.close();
    await student?.context.close();
    await browser.close();
    await server.close();
  }
});

Deno.test("on a phone the call takes the whole screen, and gives it back on leaving", async () => {
  const server: CallServer = await startCallServer(LOOPBACK_ENV);
  const browser = await launchBrowser();
  const people: Participant[] = [];
  try {
    const pair = await createCallPair(server.app);
    people.push(
      await signIn(browser, server.origin, pair.teacher, { name: "teacher" }),
    );
    // A phone: its own context with a small touch viewport.
    const phone = await signIn(browser, server.origin, pair.student, {
      name: "phone",
      phone: true,
    });
    people.push(phone);
    await openPreJoin(people[0], pair.bookingId);
    await joinCall(people[0]);
    await openPreJoin(phone, pair.bookingId);
    await joinCall(phone);
    await waitConnected(...people);
    const viewport = phone.page.viewportSize()!;
    const room = await box(phone.page, ROOM);
    assert.deepEqual(
      [room.x, room.y, room.width, room.height],
      [0, 0, viewport.width, viewport.height],
    );
    const local = await box(phone.page, 'video[data-role="local"]');
    assert.ok(
      local.width <= viewport.width * 0.4,
      `self-view ${local.width}px wide`,
    );
    const leave = await box(phone.page, 'button[aria-label="Leave call"]');
    assert.ok(
      leave.y + leave.height <= viewport.height &&
        leave.y > viewport.height / 2,
      "the controls float at the bottom of the screen",
    );
    // Joining asked for full screen; leaving gives it back.
    await phone.page.waitForFunction(() =>
      document.fullscreenElement?.id === "call-room"
    );
    await phone.page.getByRole("button", { name: "Leave call" }).click();
    await phone.page.getByRole("button", { name: "Rejoin" }).waitFor();
    await phone.page.waitForFunction(() => document.fullscreenElement === null);
    assertNoPageErrors(...people);
  } finally {
    for (const p of people) await p.context.close();
    await browser.close();
    await server.close();
  }
});

Deno.test("with camera and microphone refused the pre-join panel says so and still joins, receive-only", async () => {
  const server: CallServer = await startCallServer(LOOPBACK_ENV);
  const browser = await launchBrowser();
  // No fake UI and no permission: Chromium refuses both, as "Block" would.
  const refusing = await launchBrowser({ fakeUi: false });
  const people: Participant[] = [];
  try {
    const pair = await createCallPair(server.app);
    const [other, blocked] = await Promise.all([
      signIn(browser, server.origin, pair.teacher, { name: "teacher" }),
      signIn(refusing, server.origin, pair.student, { name: "blocked" }),
    ]);
    people.push(other, blocked);
    await openPreJoin(blocked, pair.bookingId);
    const alert = blocked.page.locator('#call-room [role="alert"]');
    await alert.waitFor();
    assert.match(
      await alert.innerText(),
      /Camera and microphone unavailable: access was refused/,
    );
    assert.equal(
      await blocked.page.getByRole("button", { name: "Mute microphone" })
        .isDisabled(),
      true,
    );
    await openPreJoin(other, pair.bookingId);
    await joinCall(other);
    await joinCall(blocked);
    await waitConnected(other, blocked);
    await waitFor(other, '[data-remote-video-off="true"]');
    await assertMediaFlows(blocked);
    assertNoPageErrors(...people);
  } finally {
    for (const p of people) await p.context.close();
    await refusing.close();
    await browser.close();
    await server.close();
  }
});
