// The P2P video call in real Chromium (Debian's, through playwright-core):
// two participants sign in through /login, open the booking, and talk over
// fake camera and microphone; the call survives reloads, a dropped signaling
// socket and offer collisions, works relayed through coturn, without a
// camera, with a shared screen, and carries chat.
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchBrowser } from "@/tests/_browser.ts";
import {
  assertMediaFlows,
  assertRemoteAudioLive,
  assertRemoteAudioSilent,
  assertRemoteVideoPlaying,
  type CallServer,
  createCallPair,
  delay,
  hasLocalMedia,
  heldReady,
  holdReady,
  joinCall,
  longestStall,
  openRoom,
  openRoomInTurn,
  type Participant,
  releaseReady,
  reloadRoom,
  roomState,
  signalLog,
  signIn,
  slowCamera,
  startCallServer,
  startTrace,
  startTurnServer,
  stopTrace,
  transitions,
  waitConnected,
  waitFor,
  waitRemoteSize,
  writeCameraClip,
} from "@/tests/_call.ts";

/** Loopback needs no STUN, and no public server is reachable from CI. */
const LOOPBACK_ENV = { ICE_SERVERS: "[]" };
/** The screen-share test's camera clip, smaller than the fake 1280x720 screen. */
const CLIP_SIZE = { width: 640, height: 360 };
const SCREEN_WIDTH = 1280;
/** A camera frame: the clip, or smaller when the sender scales it down. */
const CAMERA = { max: CLIP_SIZE.width };
/** A screen frame: wider than any camera frame here. */
const SCREEN = { min: CLIP_SIZE.width + 1 };
/** Rounds of simultaneous offers: between 1 in 25 and 1 in 7 wedged when written. */
const GLARE_ROUNDS = 12;

const REMOTE_TILE = "[data-remote-video-off]";
const SHARING = '#call-room button[aria-label="Share screen"]';

function assertNoPageErrors(...who: (Participant | undefined)[]): void {
  for (const p of who) {
    if (p) assert.deepEqual(p.errors, [], `${p.name}: page errors`);
  }
}

async function closeAll(...who: (Participant | undefined)[]): Promise<void> {
  for (const p of who) await p?.context.close();
}

/** Ends the sharer's last capture as the browser's "Stop sharing" bar does. */
function endCaptureFromBrowser(sharer: Participant): Promise<void> {
  return sharer.page.evaluate(() => {
    const streams = (globalThis as unknown as {
      __displayStreams: MediaStream[];
    }).__displayStreams;
    const track = streams.at(-1)!.getVideoTracks()[0];
    // track.stop() from script ends the capture but fires no "ended"; the
    // browser's own stop fires it, so the test adds the event.
    track.stop();
    track.dispatchEvent(new Event("ended"));
  });
}

Deno.test("a P2P call between teacher and student in Chromium", async (t) => {
  const server: CallServer = await startCallServer(LOOPBACK_ENV);
  const browser = await launchBrowser();
  const extra: Browser[] = [];
  const tmp = await Deno.makeTempDir({ prefix: "talkroom_call_" });
  let teacher: Participant | undefined;
  let student: Participant | undefined;
  let viewer: Participant | undefined;
  let sharer: Participant | undefined;
  try {
    const pair = await createCallPair(server.app, {
      teacher: "Ada Teacher",
      student: "Sam Student",
    });

    const connected = await t.step(
      "both sign in, connect, and see and hear each other",
      async () => {
        [teacher, student] = await Promise.all([
          signIn(browser, server.origin, pair.teacher, { name: "teacher" }),
          signIn(browser, server.origin, pair.student, { name: "student" }),
        ]);
        // The teacher waits alone with its camera on, so it prepares its
        // peer connection and offer before the student arrives.
        await openRoom(teacher, pair.bookingId);
        const deadline = Date.now() + 20_000;
        const made = (log: string[]) =>
          log.filter((e) => e.endsWith("new RTCPeerConnection")).length;
        while (made(await signalLog(teacher.page)) === 0) {
          assert.ok(Date.now() < deadline, "the teacher prepared nothing");
          await delay(20);
        }
        await openRoom(student, pair.bookingId);
        await waitConnected(teacher, student);
        await assertMediaFlows(teacher, student);
        // That one peer connection and offer made the call: the student's
        // "ready" after its join did not start a second negotiation.
        const log = await signalLog(teacher.page);
        const at = (entry: string) => log.findIndex((e) => e.endsWith(entry));
        assert.ok(
          at("new RTCPeerConnection") < at("< booking:user-joined"),
          log.join(", "),
        );
        assert.deepEqual(
          [made(log), log.filter((e) => e.endsWith("> webrtc:offer")).length],
          [1, 1],
          log.join(", "),
        );
        for (const p of [teacher, student]) {
          await waitFor(p, '#call-room[data-path="direct"]');
          const room = await roomState(p.page);
          assert.equal(room.remoteMuted, "false");
          assert.equal(room.remoteVideoOff, "false");
          assert.ok(
            await p.page.$eval(
              'video[data-role="local"]',
              (v: HTMLVideoElement) => v.videoWidth > 0 && !v.paused,
            ),
            `${p.name}: the local preview does not play`,
          );
        }
        assertNoPageErrors(teacher, student);
      },
    );

    await t.step({
      name: "mute and camera toggles show on the other side",
      ignore: !connected,
      fn: async () => {
        assert.ok(teacher && student);
        await student.page.getByRole("button", { name: "Mute microphone" })
          .click();
        await waitFor(teacher, `${REMOTE_TILE}[data-remote-muted="true"]`);
        await waitFor(
          student,
          '#call-room button[aria-label="Unmute microphone"]',
        );
        // A muted track sends silence, not the beep.
        await assertRemoteAudioSilent(teacher);
        await student.page.getByRole("button", { name: "Unmute microphone" })
          .click();
        await waitFor(teacher, `${REMOTE_TILE}[data-remote-muted="false"]`);
        await assertRemoteAudioLive(teacher);

        await teacher.page.getByRole("button", { name: "Turn camera off" })
          .click();
        await waitFor(student, `${REMOTE_TILE}[data-remote-video-off="true"]`);
        await waitFor(
          teacher,
          '#call-room button[aria-label="Turn camera on"]',
        );
        await teacher.page.getByRole("button", { name: "Turn camera on" })
          .click();
        await waitFor(student, `${REMOTE_TILE}[data-remote-video-off="false"]`);
        await assertRemoteVideoPlaying(student);
        assertNoPageErrors(teacher, student);
      },
    });

    await t.step({
      name: "a chat message arrives on the other side",
      ignore: !connected,
      fn: async () => {
        assert.ok(teacher && student);
        await student.page.getByRole("button", { name: "Chat" }).click();
        await student.page.fill("#chat-input", "Hello from the student");
        await student.page.getByRole("button", { name: "Send" }).click();
        await waitFor(student, 'li[data-from="me"]');
        // The teacher's panel is closed: the message waits behind a badge.
        await waitFor(teacher, '[data-role="unread"]');
        assert.match(
          await teacher.page.locator('[data-role="unread"]').innerText(),
          /^1/,
        );
        await teacher.page.getByRole("button", { name: "Chat" }).click();
        const received = teacher.page.locator('li[data-from="peer"]');
        await received.waitFor();
        assert.match(await received.innerText(), /Hello from the student/);
        assert.equal(
          await teacher.page.locator('[data-role="unread"]').count(),
          0,
        );
        await teacher.page.fill("#chat-input", "Hello from the teacher");
        await teacher.page.keyboard.press("Enter");
        const reply = student.page.locator('li[data-from="peer"]');
        await reply.waitFor();
        assert.match(await reply.innerText(), /Hello from the teacher/);
        assertNoPageErrors(teacher, student);
      },
    });

    await t.step({
      name: "the connection details and the device settings open from the room",
      ignore: !connected,
      fn: async () => {
        assert.ok(student);
        const room = student.page.locator("#call-room");
        const quality = room.locator("button[data-quality]");
        assert.match(await quality.innerText(), /^Connection (good|fair|poor)/);
        await quality.click();
        const details = room.locator("dl");
        await details.waitFor();
        assert.match(await details.innerText(), /Round trip:.*ms/);
        assert.match(await details.innerText(), /Path:\s*direct/);
        await student.page.getByRole("button", { name: "Settings" }).click();
        for (const picker of ["#device-camera", "#device-microphone"]) {
          await room.locator(picker).waitFor();
          assert.ok(
            await room.locator(`${picker} option`).count() >= 1,
            `${picker} lists no device`,
          );
          assert.equal(await room.locator(picker).isDisabled(), false);
        }
        await student.page.getByRole("button", { name: "Settings" }).click();
        await quality.click();
        await room.locator("#device-camera").waitFor({ state: "detached" });
        await details.waitFor({ state: "detached" });
        assertNoPageErrors(student);
      },
    });

    await t.step({
      name: "after a reload of one side the call connects again",
      ignore: !connected,
      fn: async () => {
        assert.ok(teacher && student);
        await reloadRoom(student);
        await waitConnected(teacher, student);
        await assertMediaFlows(teacher, student);
        assertNoPageErrors(teacher, student);
      },
    });

    await t.step({
      name:
        "a slow camera does not hold up joining: the offer waits for it, then the call connects",
      ignore: !connected,
      fn: async () => {
        assert.ok(teacher && student);
        await slowCamera(student.page, 2_000);
        try {
          await reloadRoom(student);
          // While the camera is still starting, the student is in the room:
          // the teacher has heard its "ready" and its offer has arrived.
          const deadline = Date.now() + 10_000;
          while (
            !(await signalLog(student.page)).some((e) =>
              e.endsWith("< webrtc:offer")
            )
          ) {
            assert.ok(Date.now() < deadline, "no offer reached the student");
            await delay(20);
          }
          assert.equal(
            await hasLocalMedia(student.page),
            false,
            "the camera was ready before the offer came",
          );
          await waitConnected(teacher, student);
          await assertMediaFlows(teacher, student);
          const log = await signalLog(student.page);
          assert.ok(
            log.some((e) => e.endsWith("> webrtc:answer")),
            `the student never answered: ${log.join(", ")}`,
          );
        } finally {
          // Later steps reload this page with the camera at its usual speed.
          await slowCamera(student.page, 0);
        }
        assertNoPageErrors(teacher, student);
      },
    });

    await t.step({
      name:
        "an offer the other side gave up while the camera was starting is dropped: one fresh negotiation",
      ignore: !connected,
      fn: async () => {
        assert.ok(teacher && student);
        const count = (log: string[], entry: string) =>
          log.filter((e) => e.endsWith(entry)).length;
        const until = async (what: string, done: () => Promise<boolean>) => {
          const deadline = Date.now() + 10_000;
          while (!await done()) {
            assert.ok(Date.now() < deadline, what);
            await delay(20);
          }
        };
        await slowCamera(student.page, 4_000);
        try {
          await reloadRoom(student);
          await until(
            "no offer reached the student",
            async () =>
              count(await signalLog(student!.page), "< webrtc:offer") > 0,
          );
          // The teacher starts over (a reload): its first offer is now for a
          // connection that no longer exists, and it asks for a new one.
          await reloadRoom(teacher);
          await until(
            "the teacher's new ready did not reach the student",
            async () =>
              count(await signalLog(student!.page), "< webrtc:peer-ready") > 0,
          );
          assert.equal(
            await hasLocalMedia(student.page),
            false,
            "the camera was ready before the teacher started over",
          );
          await waitConnected(teacher, student);
          await assertMediaFlows(teacher, student);
          // One peer connection, one offer: the stale offer was never taken up.
          const log = await signalLog(student.page);
          assert.deepEqual(
            [
              count(log, "new RTCPeerConnection"),
              count(log, "> webrtc:offer"),
              count(log, "> webrtc:answer"),
            ],
            [1, 1, 0],
            log.join(", "),
          );
        } finally {
          await slowCamera(student.page, 0);
        }
        assertNoPageErrors(teacher, student);
      },
    });

    await t.step({
      name:
        "a signaling socket dropped by the server reconnects while media flows",
      ignore: !connected,
      fn: async () => {
        assert.ok(teacher && student);
        await waitConnected(teacher, student);
        await waitFor(student, '#call-room[data-signal-state="open"]');
        await Promise.all([
          assertRemoteVideoPlaying(teacher),
          assertRemoteVideoPlaying(student),
        ]);
        await Promise.all([startTrace(teacher.page), startTrace(student.page)]);
        await delay(300);
        assert.ok(
          server.app.signaling.dropConnection(pair.bookingId, pair.student.id),
          "the student had no socket to drop",
        );
        await waitFor(student, '#call-room[data-signal-state="open"]', 15_000);
        // Keep watching the media a little after the socket is back.
        await delay(1_000);
        const [teacherTrace, studentTrace] = await Promise.all([
          stopTrace(teacher.page),
          stopTrace(student.page),
        ]);
        const signal = transitions(studentTrace, "signal");
        assert.deepEqual(
          [signal[0], signal.includes("closed"), signal.at(-1)],
          ["open", true, "open"],
          `the student's signaling went ${signal.join(" → ")}`,
        );
        for (
          const [name, trace] of [
            ["teacher", teacherTrace],
            ["student", studentTrace],
          ] as const
        ) {
          assert.deepEqual(
            transitions(trace, "call"),
            ["connected"],
            `${name}: the peer connection left "connected"`,
          );
          const elapsed = (trace.at(-1)!.at - trace[0].at) / 1000;
          const played = trace.at(-1)!.time - trace[0].time;
          assert.ok(
            played > elapsed * 0.7,
            `${name}: remote video played ${played} s in ${elapsed} s`,
          );
          const stall = longestStall(trace);
          assert.ok(
            stall < 1_000,
            `${name}: remote video stood still for ${stall} ms`,
          );
        }
        // The relay carries messages again: a toggle still arrives.
        await student.page.getByRole("button", { name: "Mute microphone" })
          .click();
        await waitFor(teacher, `${REMOTE_TILE}[data-remote-muted="true"]`);
        await student.page.getByRole("button", { name: "Unmute microphone" })
          .click();
        await waitFor(teacher, `${REMOTE_TILE}[data-remote-muted="false"]`);
        assertNoPageErrors(teacher, student);
      },
    });

    await t.step({
      name: "both sides offering at once still connects",
      ignore: !connected,
      fn: async () => {
        assert.ok(teacher && student);
        const both = [teacher, student];
        // Rounds where both sides really offered: a side waiting alone now
        // sends its prepared offer the moment the other joins, which can
        // beat the other's own offer (then only one side offers).
        let glare = 0;
        for (let round = 1; round <= GLARE_ROUNDS; round++) {
          // Both pages load at the same moment; each keeps its "ready" back
          // until both are in the room with their cameras on, then both are
          // let go together, so each side builds a peer connection and
          // offers at once.
          await Promise.all(both.map((p) => holdReady(p.page, true)));
          await Promise.all(both.map((p) => reloadRoom(p)));
          for (const p of both) {
            const deadline = Date.now() + 10_000;
            while (
              (await heldReady(p.page) < 1 || !await hasLocalMedia(p.page)) &&
              Date.now() < deadline
            ) {
              await delay(20);
            }
          }
          const held = await Promise.all(both.map((p) => releaseReady(p.page)));
          assert.deepEqual(held, [1, 1], `round ${round}: held "ready"s`);
          try {
            await waitConnected(teacher, student);
          } catch (err) {
            throw new Error(`round ${round} of ${GLARE_ROUNDS}`, {
              cause: err,
            });
          }
          const offered = await Promise.all(
            both.map(async (p) =>
              (await signalLog(p.page)).some((e) =>
                e.endsWith("> webrtc:offer")
              )
            ),
          );
          assert.ok(offered.some(Boolean), `round ${round}: nobody offered`);
          if (offered.every(Boolean)) glare++;
        }
        assert.ok(
          glare >= 1,
          `both sides offered at once in none of ${GLARE_ROUNDS} rounds`,
        );
        await Promise.all(both.map((p) => holdReady(p.page, false)));
        await assertMediaFlows(teacher, student);
        assertNoPageErrors(teacher, student);
      },
    });

    const clip = `${tmp}/camera.y4m`;
    await writeCameraClip(clip, CLIP_SIZE.width, CLIP_SIZE.height);
    // The fake screen and the fake camera are both 1280x720; the sharer's
    // camera plays a 640x360 clip so the other side can tell them apart.
    const sharerBrowser = await launchBrowser({
      fakeUi: true,
      cameraFile: clip,
    });
    extra.push(sharerBrowser);
    const screenPair = await createCallPair(server.app);

    await t.step({
      name:
        "a second tab takes the call over, and the first takes it back on request",
      ignore: !connected,
      fn: async () => {
        assert.ok(teacher && student);
        const tab = await teacher.context.newPage();
        const second: Participant = {
          ...teacher,
          name: "teacher's second tab",
          page: tab,
        };
        try {
          await tab.goto(teacher.page.url());
          await joinCall(second);
          await waitConnected(second, student);
          const takeBack = teacher.page.getByRole("button", {
            name: "Take the call back here",
          });
          await takeBack.waitFor();
          assert.equal(
            await teacher.page.locator('#call-room [data-role="status"]')
              .innerText(),
            "Joined from another tab",
          );
          assert.equal(
            await teacher.page.locator('video[data-role="local"]').count(),
            0,
          );
          await takeBack.click();
          await waitFor(second, 'button:text("Take the call back here")');
          await waitConnected(teacher, student);
          await assertMediaFlows(teacher, student);
        } finally {
          await tab.close();
        }
        assertNoPageErrors(teacher, student);
      },
    });

    const shared = await t.step(
      "screen share replaces the outgoing video and returns to the camera",
      async () => {
        [viewer, sharer] = await Promise.all([
          signIn(browser, server.origin, screenPair.teacher, {
            name: "viewer",
          }),
          signIn(sharerBrowser, server.origin, screenPair.student, {
            name: "sharer",
          }),
        ]);
        await openRoomInTurn(viewer, sharer, screenPair.bookingId);
        await waitConnected(viewer, sharer);
        await waitRemoteSize(viewer, CAMERA);
        const share = sharer.page.getByRole("button", { name: "Share screen" });

        await share.click();
        await waitFor(sharer, `${SHARING}[aria-pressed="true"]`);
        await waitRemoteSize(viewer, SCREEN);
        await assertRemoteVideoPlaying(viewer);
        assert.equal((await roomState(viewer.page)).remoteVideoOff, "false");
        const surfaces = await sharer.page.evaluate(() =>
          (globalThis as unknown as { __displayStreams: MediaStream[] })
            .__displayStreams.map((s) =>
              s.getVideoTracks()[0]?.getSettings().displaySurface
            )
        );
        assert.deepEqual(surfaces, ["monitor"]);

        // Stopped with the button.
        await share.click();
        await waitFor(sharer, `${SHARING}[aria-pressed="false"]`);
        await waitRemoteSize(viewer, CAMERA);
        await assertRemoteVideoPlaying(viewer);

        // Stopped from the browser's own "Stop sharing" bar.
        await share.click();
        await waitRemoteSize(viewer, SCREEN);
        await endCaptureFromBrowser(sharer);
        await waitFor(sharer, `${SHARING}[aria-pressed="false"]`);
        await waitRemoteSize(viewer, CAMERA);
        await assertRemoteVideoPlaying(viewer);
        assert.equal((await roomState(viewer.page)).remoteVideoOff, "false");
        assertNoPageErrors(viewer, sharer);
      },
    );

    await t.step({
      name:
        "the sharer's own tile shows the shared screen, the viewer sees it whole, and Stop sharing ends it",
      ignore: !shared,
      fn: async () => {
        assert.ok(viewer && sharer);
        await sharer.page.getByRole("button", { name: "Share screen" }).click();
        await waitRemoteSize(viewer, SCREEN);
        const preview = await sharer.page.$eval(
          'video[data-role="local"]',
          (v: HTMLVideoElement) => ({
            displaySurface: (v.srcObject as MediaStream | null)
              ?.getVideoTracks()[0]?.getSettings().displaySurface ?? null,
            width: v.videoWidth,
          }),
        );
        assert.deepEqual(
          preview,
          { displaySurface: "monitor", width: SCREEN_WIDTH },
          "while sharing, the sharer's tile does not show the shared screen",
        );
        // The viewer sees the screen whole; the sharer has a visible way out.
        assert.equal(
          await viewer.page.$eval(
            'video[data-role="remote"]',
            (v) => getComputedStyle(v).objectFit,
          ),
          "contain",
        );
        await sharer.page.getByRole("button", { name: "Stop sharing" }).click();
        await waitFor(sharer, `${SHARING}[aria-pressed="false"]`);
        await waitRemoteSize(viewer, CAMERA);
        assert.equal(
          await sharer.page.getByRole("button", { name: "Stop sharing" })
            .count(),
          0,
        );
        assertNoPageErrors(viewer, sharer);
      },
    });
    await closeAll(viewer, sharer);
    viewer = sharer = undefined;

    await t.step(
      "with the camera refused the call connects audio-only",
      async () => {
        // No fake UI: the context grants the microphone only, so Chromium
        // refuses the camera as a participant's "Block" would.
        const refusing = await launchBrowser({ fakeUi: false });
        extra.push(refusing);
        const audioPair = await createCallPair(server.app);
        const [other, noCamera] = await Promise.all([
          signIn(browser, server.origin, audioPair.teacher, {
            name: "teacher with camera",
          }),
          signIn(refusing, server.origin, audioPair.student, {
            name: "student without camera",
            permissions: ["microphone"],
          }),
        ]);
        try {
          await openRoomInTurn(other, noCamera, audioPair.bookingId);
          await waitConnected(other, noCamera);
          const alert = noCamera.page.locator('#call-room [role="alert"]');
          await alert.waitFor();
          assert.match(
            await alert.innerText(),
            /Camera unavailable: access was refused/,
          );
          assert.equal(
            await noCamera.page.getByRole("button", { name: "Turn camera on" })
              .isDisabled(),
            true,
          );
          await waitFor(other, `${REMOTE_TILE}[data-remote-video-off="true"]`);
          await assertRemoteAudioLive(other);
          // The refusing side still sees and hears the other.
          await assertMediaFlows(noCamera);
          assertNoPageErrors(other, noCamera);
        } finally {
          await closeAll(other, noCamera);
        }
      },
    );
  } finally {
    await closeAll(teacher, student, viewer, sharer);
    for (const b of extra) await b.close();
    await browser.close();
    await server.close();
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("a relay-only call through coturn", async (t) => {
  const turn = await startTurnServer();
  let server: CallServer | undefined;
  let browser: Browser | undefined;
  const people: Participant[] = [];
  try {
    server = await startCallServer({
      ...LOOPBACK_ENV,
      TURN_URLS: turn.url,
      TURN_SECRET: turn.secret,
      ICE_TRANSPORT_POLICY: "relay",
    });
    browser = await launchBrowser();
    const { origin, app } = server;
    const pair = await createCallPair(app);
    people.push(
      ...await Promise.all([
        signIn(browser!, origin, pair.teacher, { name: "teacher" }),
        signIn(browser!, origin, pair.student, { name: "student" }),
      ]),
    );
    await t.step(
      "the pre-join connection test finds the relay and says the call will get through",
      async () => {
        const page = people[1].page;
        await page.goto(new URL(`/bookings/${pair.bookingId}`, origin).href);
        await page.getByRole("button", { name: "Test your connection" })
          .click();
        const result = page.locator('[data-role="pretest"]');
        await result.waitFor({ timeout: 10_000 });
        assert.equal(await result.getAttribute("data-pretest-found"), "relay");
        assert.equal(await result.getAttribute("data-pretest-ok"), "true");
        assert.match(await result.innerText(), /will get through/);
        assertNoPageErrors(people[1]);
      },
    );
    await t.step("both sides connect through the relay", async () => {
      await openRoomInTurn(people[0], people[1], pair.bookingId);
      await waitConnected(...people);
      for (const p of people) {
        await waitFor(p, '#call-room[data-path="relay"]', 10_000);
      }
      await assertMediaFlows(...people);
      assertNoPageErrors(...people);
    });
  } finally {
    await closeAll(...people);
    await browser?.close();
    await server?.close();
    await turn.stop();
  }
});
