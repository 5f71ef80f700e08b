/**
 * Helpers for the call tests in tests/call_browser_test.ts: the app served
 * in-process, participants signed in through /login in their own browser
 * contexts, observations of the remote media, a fake camera clip, and a
 * loopback coturn for the relay-only call.
 * @module
 */
import { freePort, spawnDaemon } from "./_daemon.ts";
import assert from "node:assert/strict";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { createTestApp, TEST_PASSWORD, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { collectPageErrors } from "@/tests/_browser.ts";
import type { User } from "@/lib/auth/users.ts";

/** How long a call may take to connect on a busy CI machine. */
export const CONNECT_TIMEOUT = 20_000;

/** The app behind a real port, as the browser reaches it. */
export interface CallServer {
  app: TestApp;
  /** `http://localhost:<port>`: a secure context, so getUserMedia works. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves `createTestApp(env)` on 127.0.0.1 at a free port. The pages are
 * browsed as `localhost`, which resolves to 127.0.0.1 here and which
 * Chromium treats as a secure context; the page's Origin and the session
 * cookie both belong to that one origin.
 */
export async function startCallServer(
  env: Record<string, string>,
): Promise<CallServer> {
  const app = await createTestApp(env);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    app.handler,
  );
  return {
    app,
    origin: `http://localhost:${server.addr.port}`,
    async close() {
      await app.signaling.shutdown();
      await server.shutdown();
      await app.close();
    },
  };
}

/** A teacher, a student and their confirmed booking whose room is open. */
export interface CallPair {
  teacher: User;
  student: User;
  bookingId: string;
}

/**
 * Creates a pair whose lesson starts in 5 minutes (inside the join window),
 * with the given display names or the factory's.
 */
export async function createCallPair(
  app: TestApp,
  names: { teacher?: string; student?: string } = {},
): Promise<CallPair> {
  const teacher = await createTestUser(app.db, {
    role: "teacher",
    username: names.teacher,
  });
  const student = await createTestUser(app.db, {
    role: "student",
    username: names.student,
  });
  const booking = await createTestBooking(app.db, {
    teacher,
    student,
    startInMinutes: 5,
  });
  return { teacher, student, bookingId: booking.id };
}

/** One participant's browser context and booking page. */
export interface Participant {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors of the page. */
  errors: string[];
}

/**
 * Records, in the page, the signaling messages sent and received (types
 * only, in `__signalLog`) and each peer connection created, and can hold
 * `webrtc:ready` back (see holdReady).
 */
function recordSignaling(): void {
  const log: string[] = [];
  const held: (() => void)[] = [];
  let heldFirst = false;
  const start = performance.now();
  const g = globalThis as unknown as {
    __signalLog: string[];
    __releaseReady: () => number;
    __heldReady: () => number;
  };
  g.__signalLog = log;
  g.__heldReady = () => held.length;
  g.__releaseReady = () => {
    const n = held.length;
    held.splice(0).forEach((send) => send());
    return n;
  };
  const typeOf = (data: unknown) => {
    try {
      return typeof data === "string" ? String(JSON.parse(data).type) : null;
    } catch {
      return null;
    }
  };
  const note = (entry: string) =>
    log.push(`${Math.round(performance.now() - start)}ms ${entry}`);
  const original = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const type = typeOf(data);
    // Only the page's first "ready" (sent on joining) waits; later ones are
    // the app's own retries and go out as usual.
    if (
      type === "webrtc:ready" && !heldFirst &&
      sessionStorage.getItem("call-test-hold-ready") === "1"
    ) {
      heldFirst = true;
      note(`held ${type}`);
      held.push(() => {
        note(`> ${type}`);
        original.call(this, data);
      });
      return;
    }
    if (type) note(`> ${type}`);
    return original.call(this, data);
  };
  // Peer connections the page creates, in the same log.
  const NativePeerConnection = RTCPeerConnection;
  globalThis.RTCPeerConnection = class extends NativePeerConnection {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      note("new RTCPeerConnection");
    }
  };
  const NativeWebSocket = WebSocket;
  globalThis.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener("message", (e) => {
        const type = typeOf(e.data);
        if (type) note(`< ${type}`);
      });
      this.addEventListener("close", (e) => note(`closed ${e.code}`));
    }
  };
}

/**
 * Makes getUserMedia() take the milliseconds in sessionStorage's
 * "call-test-slow-camera" longer, as a slow camera or a permission prompt
 * would (see slowCamera()).
 */
function delayCamera(): void {
  const media = navigator.mediaDevices;
  const ms = Number(sessionStorage.getItem("call-test-slow-camera") ?? 0);
  if (!media?.getUserMedia || !ms) return;
  const original = media.getUserMedia.bind(media);
  media.getUserMedia = async (constraints) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return await original(constraints);
  };
}

/** From the next page load on, the camera starts `ms` later (0: at once). */
export async function slowCamera(page: Page, ms: number): Promise<void> {
  await page.evaluate((ms) => {
    if (ms) sessionStorage.setItem("call-test-slow-camera", String(ms));
    else sessionStorage.removeItem("call-test-slow-camera");
  }, ms);
}

/**
 * Keeps the streams getDisplayMedia() and getUserMedia() return reachable as
 * `__displayStreams` and `__userStreams`.
 */
function recordCaptures(): void {
  const g = globalThis as unknown as Record<string, MediaStream[]>;
  const media = navigator.mediaDevices;
  for (
    const [method, name] of [
      ["getDisplayMedia", "__displayStreams"],
      ["getUserMedia", "__userStreams"],
    ] as const
  ) {
    const streams: MediaStream[] = [];
    g[name] = streams;
    if (!media?.[method]) continue;
    const original = media[method].bind(media) as (
      c?: MediaStreamConstraints,
    ) => Promise<MediaStream>;
    media[method] = async (constraints?: MediaStreamConstraints) => {
      const stream = await original(constraints);
      streams.push(stream);
      return stream;
    };
  }
}

/** The kinds of the camera and microphone tracks the page captured that are still live. */
export function liveCaptureTracks(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (globalThis as unknown as { __userStreams: MediaStream[] }).__userStreams
      .flatMap((s) => s.getTracks())
      .filter((t) => t.readyState === "live")
      .map((t) => t.kind)
  );
}

/**
 * Opens a context for `user` (a desktop window, or a phone's touch screen)
 * and signs in through the /login form with
 * TEST_PASSWORD; `openRoom()` then opens the booking.
 */
export async function signIn(
  browser: Browser,
  origin: string,
  user: User,
  options: {
    name: string;
    permissions?: string[];
    phone?: boolean;
    /** The browser's language (Accept-Language); en-GB unless given, so
     * pages format times the same on every machine. */
    locale?: string;
  },
): Promise<Participant> {
  const context = await browser.newContext({
    locale: options.locale ?? "en-GB",
    ...(options.phone
      ? {
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      }
      : { viewport: { width: 1280, height: 800 } }),
  });
  if (options.permissions) {
    await context.grantPermissions(options.permissions, { origin });
  }
  await context.addInitScript(recordSignaling);
  await context.addInitScript(recordCaptures);
  await context.addInitScript(delayCamera);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = collectPageErrors(page);
  await submitLogin(page, origin, user);
  return { name: options.name, context, page, errors };
}

/** Signs in through the /login form with TEST_PASSWORD, as a person would. */
export async function submitLogin(
  page: Page,
  origin: string,
  user: User,
): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.fill("input[name=email]", user.email);
  await page.fill("input[name=password]", TEST_PASSWORD);
  await Promise.all([
    page.waitForURL(`${origin}/bookings`),
    page.locator('form[action="/login"] button[type="submit"]').click(),
  ]);
}

/**
 * Clicks "Join now" on the pre-join panel (Playwright waits until the island
 * has hydrated and enabled it).
 */
export async function joinCall(who: Participant): Promise<void> {
  await waitFor(who, '#call-room[data-call-state="prejoin"]');
  await who.page.getByRole("button", { name: "Join now" }).click();
}

/** Opens the booking page, at the pre-join panel, and joins the call. */
export async function openRoom(
  who: Participant,
  bookingId: string,
): Promise<void> {
  await who.page.goto(new URL(`/bookings/${bookingId}`, who.page.url()).href);
  await joinCall(who);
}

/** Reloads the booking page and joins the call again. */
export async function reloadRoom(who: Participant): Promise<void> {
  await who.page.reload();
  await joinCall(who);
}

/**
 * Opens the room for `first`, waits until it has asked for a negotiation
 * (sent `webrtc:ready`) while alone, then opens it for `second`: only the
 * second's arrival starts a negotiation, so the two never offer at once.
 */
export async function openRoomInTurn(
  first: Participant,
  second: Participant,
  bookingId: string,
): Promise<void> {
  await openRoom(first, bookingId);
  const deadline = Date.now() + CONNECT_TIMEOUT;
  while (
    !(await signalLog(first.page)).some((e) => e.endsWith("> webrtc:ready"))
  ) {
    if (Date.now() > deadline) {
      throw new Error(`${first.name} never joined the room`);
    }
    await delay(20);
  }
  await openRoom(second, bookingId);
}

/** The room root's hooks, for waiting and for failure messages. */
export function roomState(
  page: Page,
): Promise<Record<string, string | null>> {
  return page.evaluate(() => {
    const room = document.getElementById("call-room");
    const tile = document.querySelector("[data-remote-video-off]");
    return {
      call: room?.getAttribute("data-call-state") ?? null,
      signal: room?.getAttribute("data-signal-state") ?? null,
      path: room?.getAttribute("data-path") ?? null,
      remoteMuted: tile?.getAttribute("data-remote-muted") ?? null,
      remoteVideoOff: tile?.getAttribute("data-remote-video-off") ?? null,
      status: document.querySelector('#call-room [data-role="status"]')
        ?.textContent ?? null,
    };
  });
}

/**
 * Waits until `selector` matches inside the page, failing with the room's
 * hooks in the message instead of a bare timeout.
 */
export async function waitFor(
  who: Participant,
  selector: string,
  timeout = CONNECT_TIMEOUT,
): Promise<void> {
  try {
    await who.page.locator(selector).first().waitFor({ timeout });
  } catch {
    const state = await roomState(who.page).catch(() => ({}));
    const signals = await signalLog(who.page).catch(() => []);
    throw new Error(
      `${who.name}: no ${selector} within ${timeout} ms; room: ${
        JSON.stringify(state)
      }; page errors: ${JSON.stringify(who.errors)}; signaling: ${
        signals.slice(-40).join(", ")
      }`,
    );
  }
}

/** Waits until both sides report `data-call-state="connected"`. */
export async function waitConnected(...who: Participant[]): Promise<void> {
  await Promise.all(
    who.map((p) => waitFor(p, '#call-room[data-call-state="connected"]')),
  );
}

/** What the remote video element shows and holds. */
export interface RemoteMedia {
  width: number;
  height: number;
  time: number;
  paused: boolean;
  audioTracks: string[];
  videoTracks: string[];
}

/** Reads the remote video element. */
export function remoteMedia(page: Page): Promise<RemoteMedia> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>(
      'video[data-role="remote"]',
    );
    const stream = video?.srcObject instanceof MediaStream
      ? video.srcObject
      : null;
    return {
      width: video?.videoWidth ?? 0,
      height: video?.videoHeight ?? 0,
      time: video?.currentTime ?? 0,
      paused: video?.paused ?? true,
      audioTracks: stream?.getAudioTracks().map((t) => t.readyState) ?? [],
      videoTracks: stream?.getVideoTracks().map((t) => t.readyState) ?? [],
    };
  });
}

/**
 * Waits until the remote video's frame width is within `width` (any frames
 * when not given): `{ max }` for a camera the sender may scale down under
 * load, `{ min }` for a screen, which WebRTC keeps at full resolution.
 */
export async function waitRemoteSize(
  who: Participant,
  width: { min?: number; max?: number } = {},
  timeout = CONNECT_TIMEOUT,
): Promise<RemoteMedia> {
  const { min = 1, max = Infinity } = width;
  const deadline = Date.now() + timeout;
  const fits = (m: RemoteMedia) =>
    m.height > 0 && m.width >= min && m.width <= max;
  let media = await remoteMedia(who.page);
  while (!fits(media) && Date.now() < deadline) {
    await delay(100);
    media = await remoteMedia(who.page);
  }
  assert.ok(
    fits(media),
    `${who.name}: remote video is ${media.width}x${media.height}, expected a width in [${min}, ${max}]`,
  );
  return media;
}

/**
 * Asserts the remote video plays: it has frames, and its currentTime
 * advances by at least half of the second it is watched.
 */
export async function assertRemoteVideoPlaying(
  who: Participant,
): Promise<void> {
  await waitRemoteSize(who);
  const before = await remoteMedia(who.page);
  await delay(1_000);
  const after = await remoteMedia(who.page);
  assert.equal(after.paused, false, `${who.name}: remote video is paused`);
  assert.ok(
    after.time - before.time >= 0.5,
    `${who.name}: remote video time went from ${before.time} to ${after.time} in 1 s`,
  );
}

/**
 * The loudest RMS level (0..1) of the remote audio track over `ms`, read
 * with an AnalyserNode, stopping early once it reaches `enough`; -1 when
 * there is no remote audio track. Chromium's fake microphone beeps, so a
 * live track reaches well above 0.01.
 */
export function remoteAudioLevel(
  page: Page,
  ms = 1_500,
  enough = Infinity,
): Promise<number> {
  return page.evaluate(async ([ms, enough]) => {
    const video = document.querySelector<HTMLVideoElement>(
      'video[data-role="remote"]',
    );
    const stream = video?.srcObject instanceof MediaStream
      ? video.srcObject
      : null;
    const track = stream?.getAudioTracks()[0];
    if (!track) return -1;
    const ctx = new AudioContext();
    await ctx.resume();
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    let loudest = 0;
    const end = performance.now() + ms;
    while (performance.now() < end && loudest < enough) {
      await new Promise((r) => setTimeout(r, 20));
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      loudest = Math.max(loudest, Math.sqrt(sum / data.length));
    }
    source.disconnect();
    await ctx.close();
    return loudest;
  }, [ms, enough]);
}

/** Asserts that each participant sees and hears the other. */
export async function assertMediaFlows(...who: Participant[]): Promise<void> {
  await Promise.all(who.map(async (p) => {
    await assertRemoteVideoPlaying(p);
    await assertRemoteAudioLive(p);
  }));
}

/**
 * Asserts the remote audio falls silent within a few seconds (what is
 * already in the jitter buffer still plays): a whole 1.2 s window, longer
 * than the fake microphone's 0.5 s between beeps, without sound.
 */
export async function assertRemoteAudioSilent(
  who: Participant,
): Promise<void> {
  const deadline = Date.now() + 5_000;
  let level = await remoteAudioLevel(who.page, 1_200);
  while (level >= 0.005 && Date.now() < deadline) {
    level = await remoteAudioLevel(who.page, 1_200);
  }
  assert.ok(level < 0.005, `${who.name}: remote audio level is ${level}`);
}

/** Asserts a live remote audio track that carries sound. */
export async function assertRemoteAudioLive(who: Participant): Promise<void> {
  const media = await remoteMedia(who.page);
  assert.deepEqual(
    media.audioTracks,
    ["live"],
    `${who.name}: remote audio tracks`,
  );
  const level = await remoteAudioLevel(who.page, 2_000, 0.02);
  assert.ok(level > 0.01, `${who.name}: remote audio level is ${level}`);
}

/** The signaling messages the page sent (`> type`) and received (`< type`). */
export function signalLog(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (globalThis as unknown as { __signalLog?: string[] }).__signalLog ?? []
  );
}

/**
 * While on, a page keeps the first `webrtc:ready` after each load back until
 * `releaseReady()`, so a test can let both sides ask for a negotiation in
 * the same instant.
 */
export async function holdReady(page: Page, on: boolean): Promise<void> {
  await page.evaluate((on) => {
    if (on) sessionStorage.setItem("call-test-hold-ready", "1");
    else sessionStorage.removeItem("call-test-hold-ready");
  }, on);
}

/** How many `webrtc:ready` messages the page holds back. */
export function heldReady(page: Page): Promise<number> {
  return page.evaluate(() =>
    (globalThis as unknown as { __heldReady?: () => number }).__heldReady?.() ??
      0
  );
}

/** Whether the page's own camera tile shows its local stream yet. */
export function hasLocalMedia(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    Boolean(
      document.querySelector<HTMLVideoElement>('video[data-role="local"]')
        ?.srcObject,
    )
  );
}

/** Sends the held `webrtc:ready` messages; returns how many. */
export function releaseReady(page: Page): Promise<number> {
  return page.evaluate(() =>
    (globalThis as unknown as { __releaseReady: () => number })
      .__releaseReady()
  );
}

/** A sample of the room and the remote video, taken in the page. */
export interface TraceSample {
  at: number;
  call: string | null;
  signal: string | null;
  time: number;
}

/**
 * Starts recording, in the page, every change of the room's call and signal
 * states and, every 50 ms, the remote video's currentTime.
 */
export async function startTrace(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      __trace: TraceSample[];
      __stopTrace: () => void;
    };
    const room = document.getElementById("call-room")!;
    const video = document.querySelector<HTMLVideoElement>(
      'video[data-role="remote"]',
    );
    const samples: TraceSample[] = [];
    const sample = () =>
      samples.push({
        at: performance.now(),
        call: room.getAttribute("data-call-state"),
        signal: room.getAttribute("data-signal-state"),
        time: video?.currentTime ?? 0,
      });
    const observer = new MutationObserver(sample);
    observer.observe(room, {
      attributes: true,
      attributeFilter: ["data-call-state", "data-signal-state"],
    });
    const timer = setInterval(sample, 50);
    sample();
    g.__trace = samples;
    g.__stopTrace = () => {
      observer.disconnect();
      clearInterval(timer);
      sample();
    };
  });
}

/** Stops the recording and returns it. */
export function stopTrace(page: Page): Promise<TraceSample[]> {
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      __trace: TraceSample[];
      __stopTrace: () => void;
    };
    g.__stopTrace();
    return g.__trace;
  });
}

/** The values a trace went through, without repeats. */
export function transitions(
  trace: TraceSample[],
  key: "call" | "signal",
): (string | null)[] {
  const out: (string | null)[] = [];
  for (const s of trace) if (out.at(-1) !== s[key]) out.push(s[key]);
  return out;
}

/** The longest time (ms) the remote video's currentTime stood still in a trace. */
export function longestStall(trace: TraceSample[]): number {
  let longest = 0;
  let since = trace[0]?.at ?? 0;
  for (let i = 1; i < trace.length; i++) {
    if (trace[i].time > trace[i - 1].time) since = trace[i].at;
    else longest = Math.max(longest, trace[i].at - since);
  }
  return longest;
}

/**
 * Writes a Y4M clip (I420, 20 fps, one second, a white block moving over
 * grey) for `--use-file-for-fake-video-capture`.
 */
export async function writeCameraClip(
  path: string,
  width: number,
  height: number,
): Promise<void> {
  const frames = 20;
  const encoder = new TextEncoder();
  const header = encoder.encode(
    `YUV4MPEG2 W${width} H${height} F20:1 Ip A1:1 C420jpeg\n`,
  );
  const marker = encoder.encode("FRAME\n");
  const luma = width * height;
  const size = luma * 3 / 2;
  const clip = new Uint8Array(header.length + frames * (marker.length + size));
  clip.set(header);
  let at = header.length;
  const block = Math.floor(height / 4);
  for (let f = 0; f < frames; f++) {
    clip.set(marker, at);
    at += marker.length;
    clip.fill(90, at, at + luma);
    const x = Math.floor(f * (width - block) / frames);
    for (let row = block; row < 2 * block; row++) {
      const start = at + row * width + x;
      clip.fill(235, start, start + block);
    }
    clip.fill(128, at + luma, at + size);
    at += size;
  }
  await Deno.writeFile(path, clip);
}

/** A coturn started for one test. */
export interface TurnServer {
  /** `turn:127.0.0.1:<port>?transport=udp` */
  url: string;
  secret: string;
  logs(): string;
  stop(): Promise<void>;
}

const TURNSERVER = "/usr/bin/turnserver";

/**
 * Sends a STUN Binding request over TCP (coturn answers STUN on TCP and UDP
 * of its listening port); true when a Binding success response comes back.
 */
export async function stunAnswers(port: number): Promise<boolean> {
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
  } catch {
    return false;
  }
  try {
    const request = new Uint8Array(20);
    const view = new DataView(request.buffer);
    view.setUint16(0, 0x0001); // Binding request, no attributes.
    view.setUint32(4, 0x2112a442); // Magic cookie.
    crypto.getRandomValues(request.subarray(8));
    await conn.write(request);
    const answer = new Uint8Array(20);
    const read = await Promise.race([
      conn.read(answer),
      delay(500).then(() => null),
    ]);
    return read !== null && read >= 2 &&
      new DataView(answer.buffer).getUint16(0) === 0x0101;
  } catch {
    return false;
  } finally {
    conn.close();
  }
}

/**
 * Starts Debian's coturn on loopback with REST-API credentials
 * (`use-auth-secret`), and waits until it answers STUN.
 * @throws Error naming `apt-get install coturn` when it is not installed
 */
export async function startTurnServer(): Promise<TurnServer> {
  try {
    await Deno.stat(TURNSERVER);
  } catch {
    throw new Error(
      `coturn not found at ${TURNSERVER}: the relay-only call test needs it (apt-get install coturn)`,
    );
  }
  const dir = await Deno.makeTempDir({ prefix: "talkroom_turn_" });
  const port = freePort();
  const minPort = 40_000 + Math.floor(Math.random() * 20_000);
  const secret = crypto.randomUUID();
  const daemon = spawnDaemon(TURNSERVER, [
    "-n", // no configuration file: everything is on this command line
    "--no-cli",
    "--listening-ip=127.0.0.1",
    "--relay-ip=127.0.0.1",
    `--listening-port=${port}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + 200}`,
    "--use-auth-secret",
    `--static-auth-secret=${secret}`,
    "--realm=talkroom.test",
    // Only because both test peers are on loopback: coturn refuses to
    // relay to 127.0.0.0/8 otherwise, and a real deployment must keep
    // that refusal.
    "--allow-loopback-peers",
    "--no-tls",
    "--no-dtls",
    "--log-file=stdout",
    "--simple-log",
    `--pidfile=${dir}/turnserver.pid`,
    `--userdb=${dir}/turndb`,
  ]);
  const stop = async () => {
    await daemon.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  const deadline = Date.now() + 10_000;
  while (!(await stunAnswers(port))) {
    await delay(100);
    if (daemon.exited() || Date.now() > deadline) {
      await stop();
      throw new Error(`coturn did not start:\n${daemon.output()}`);
    }
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    logs: daemon.output,
    stop,
  };
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
