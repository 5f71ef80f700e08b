// Operations: Debian's nginx in front of two app processes on one PostgreSQL
// (SIGNALING_BUS=postgres), as docs/DEPLOY.md sets it up. Pages and the API
// through the proxy; a Chromium call whose participants are on different
// instances; a rolling restart (SIGTERM) of one instance mid-call that must
// leave the media flowing while the signaling moves to the other instance;
// /metrics behind its token; /readyz following a database that stops and
// comes back (a private cluster, never the shared one); in-flight requests
// finishing after SIGTERM; and the example configs in deploy/ accepted by
// nginx and coturn.
import { freePort, spawnDaemon } from "./_daemon.ts";
import { stunAnswers, submitLogin } from "./_call.ts";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { collectPageErrors, launchBrowser } from "@/tests/_browser.ts";
import {
  createTestBooking,
  createTestUser,
  TEST_PASSWORD,
} from "@/tests/_db.ts";
import {
  openTestSchema,
  randomSecret,
  type ServerProcess,
  sessionCookie,
  startServer,
  type TestSchema,
  tryUpgrade,
} from "@/tests/_server.ts";
import {
  assertNginxInstalled,
  NGINX,
  type NginxProxy,
  startNginx,
} from "@/tests/_nginx.ts";
import { type PrivateCluster, startPrivateCluster } from "@/tests/_postgres.ts";
import type { User } from "@/lib/auth/users.ts";
import { openDatabase } from "@/lib/db/connection.ts";
import { PostgresBus } from "@/lib/signaling/bus.ts";
import { createSession } from "@/lib/auth/session.ts";
import { SHUTDOWN_DRAIN_MS } from "@/lib/startup.ts";

const CONNECT_TIMEOUT = 30_000;
/** Longest the remote video may stand still while an instance restarts. */
const MAX_STALL_MS = 1_000;
/** How long the signaling may take to come back through the other instance. */
const MAX_RECOVERY_MS = 10_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A random METRICS_TOKEN (32 characters). */
function randomToken(): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(16)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

function portOf(origin: string): number {
  return Number(new URL(origin).port);
}

/** Sums the samples of a metric whose labels include `labels`. */
function metric(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | null {
  let found = false;
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || !line.startsWith(name)) continue;
    const match = /^([a-z_:]+)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[3] ?? "";
    if (
      Object.entries(labels).every(([k, v]) => have.includes(`${k}="${v}"`))
    ) {
      found = true;
      sum += Number(match[4]);
    }
  }
  return found ? sum : null;
}

/** The JSON lines a server printed (its structured log). */
function jsonLines(output: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // A multi-line message that starts with "{"; not a log event.
    }
  }
  return out;
}

interface Participant {
  name: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * Opens a browser context whose requests nginx routes by `route`, signs in
 * through the /login form, and opens the booking page.
 */
async function join(
  browser: Browser,
  origin: string,
  route: string,
  user: User,
  bookingId: string,
  name: string,
): Promise<Participant> {
  const context = await browser.newContext();
  await context.addCookies([{ name: "route", value: route, url: origin }]);
  await context.addInitScript(recordCloses);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = collectPageErrors(page);
  await submitLogin(page, origin, user);
  await page.goto(`${origin}/bookings/${bookingId}`);
  await page.getByRole("button", { name: "Join now" }).click();
  return { name, context, page, errors };
}

/** Records, in every page of a context, when signaling sockets close and how. */
function recordCloses(): void {
  const closes: { at: number; code: number }[] = [];
  (globalThis as unknown as { __opsCloses: typeof closes }).__opsCloses =
    closes;
  const Native = WebSocket;
  globalThis.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener(
        "close",
        (e) => closes.push({ at: Date.now(), code: e.code }),
      );
    }
  };
}

function socketCloses(page: Page): Promise<{ at: number; code: number }[]> {
  return page.evaluate(() =>
    (globalThis as unknown as { __opsCloses: { at: number; code: number }[] })
      .__opsCloses
  );
}

function room(page: Page): Promise<Record<string, string | undefined>> {
  return page.evaluate(() => {
    const el = document.getElementById("call-room");
    return { ...el?.dataset };
  });
}

async function waitRoom(
  who: Participant,
  selector: string,
  timeout = CONNECT_TIMEOUT,
): Promise<void> {
  try {
    await who.page.locator(selector).waitFor({ timeout });
  } catch {
    throw new Error(
      `${who.name}: no ${selector} within ${timeout} ms; room: ${
        JSON.stringify(await room(who.page).catch(() => null))
      }; page errors: ${JSON.stringify(who.errors)}`,
    );
  }
}

/** A sample recorded in the page: on every state change and every 200 ms. */
interface Sample {
  at: number;
  tick: boolean;
  call: string | null;
  signal: string | null;
  /** The remote video's currentTime. */
  time: number;
  /** Video frames the remote video element has presented. */
  frames: number;
}

/** Starts recording the room's states and the remote video's currentTime. */
function startTrace(page: Page): Promise<void> {
  return page.evaluate(() => {
    const el = document.getElementById("call-room")!;
    const video = document.querySelector<HTMLVideoElement>(
      'video[data-role="remote"]',
    );
    const samples: Sample[] = [];
    const sample = (tick: boolean) =>
      samples.push({
        at: Date.now(),
        tick,
        call: el.getAttribute("data-call-state"),
        signal: el.getAttribute("data-signal-state"),
        time: video?.currentTime ?? 0,
        frames: video?.getVideoPlaybackQuality().totalVideoFrames ?? 0,
      });
    const observer = new MutationObserver(() => sample(false));
    observer.observe(el, {
      attributes: true,
      attributeFilter: ["data-call-state", "data-signal-state"],
    });
    const timer = setInterval(() => sample(true), 200);
    sample(true);
    const g = globalThis as unknown as {
      __opsTrace: Sample[];
      __opsStop: () => void;
    };
    g.__opsTrace = samples;
    g.__opsStop = () => {
      observer.disconnect();
      clearInterval(timer);
      sample(true);
    };
  });
}

function readTrace(page: Page, stop = false): Promise<Sample[]> {
  return page.evaluate((stop) => {
    const g = globalThis as unknown as {
      __opsTrace: Sample[];
      __opsStop: () => void;
    };
    if (stop) g.__opsStop();
    return g.__opsTrace;
  }, stop);
}

/** The values a trace went through, without repeats. */
function transitions(trace: Sample[], key: "call" | "signal"): string[] {
  const out: string[] = [];
  for (const s of trace) if (out.at(-1) !== s[key]) out.push(String(s[key]));
  return out;
}

/**
 * The longest time (ms) between two 200 ms samples at which `key` (the
 * remote video's currentTime, or its presented frame count) had advanced;
 * about 200 while the media flows.
 */
function longestStall(trace: Sample[], key: "time" | "frames"): number {
  const ticks = trace.filter((s) => s.tick);
  let longest = 0;
  let last = ticks[0]?.at ?? 0;
  for (let i = 1; i < ticks.length; i++) {
    if (ticks[i][key] > ticks[i - 1][key]) {
      longest = Math.max(longest, ticks[i].at - last);
      last = ticks[i].at;
    }
  }
  return Math.max(longest, (ticks.at(-1)?.at ?? last) - last);
}

/**
 * When the signaling came back: the first `open` after it was not open
 * following `since`; null while it has not.
 */
function reopenedAt(
  trace: Sample[],
  since: number,
): { droppedAt: number; openAt: number } | null {
  let droppedAt: number | null = null;
  for (const s of trace) {
    if (s.at < since) continue;
    if (droppedAt === null && s.signal !== "open") droppedAt = s.at;
    if (droppedAt !== null && s.signal === "open") {
      return { droppedAt, openAt: s.at };
    }
  }
  return null;
}

async function scrape(
  origin: string,
  token: string,
): Promise<string> {
  const res = await fetch(`${origin}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200, "/metrics with the token");
  return await res.text();
}

Deno.test("behind nginx: two instances, a call across them, a rolling restart, metrics", async (t) => {
  await assertNginxInstalled();
  const schema: TestSchema = await openTestSchema();
  const proxyPort = freePort();
  const appOrigin = `http://127.0.0.1:${proxyPort}`;
  const metricsToken = randomToken();
  const env = {
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    JWT_SECRET: randomSecret(),
    SIGNALING_BUS: "postgres",
    APP_ORIGIN: appOrigin,
    ICE_SERVERS: "[]",
    METRICS_TOKEN: metricsToken,
    // No shared release id: both bundle in memory, and the build id is a
    // hash of the code, so a page from one instance loads its islands from
    // the other.
  };
  let a: ServerProcess | null = null;
  let b: ServerProcess | null = null;
  let proxy: NginxProxy | null = null;
  let browser: Browser | null = null;
  const participants: Participant[] = [];
  const passed: boolean[] = [];
  const report: string[] = [];
  try {
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
    const aAddress = `127.0.0.1:${portOf(a.origin)}`;
    const bAddress = `127.0.0.1:${portOf(b.origin)}`;
    proxy = await startNginx({ a: aAddress, b: bAddress }, proxyPort);
    const origin = proxy.origin;
    const teacher = await createTestUser(schema.db, { role: "teacher" });
    const student = await createTestUser(schema.db, { role: "student" });
    const booking = await createTestBooking(schema.db, {
      teacher,
      student,
      startInMinutes: 5,
    });
    let apiToken = "";

    passed.push(
      await t.step(
        "pages and the JSON API work through the proxy",
        async () => {
          const home = await fetch(`${origin}/`);
          assert.equal(home.status, 200);
          assert.match(home.headers.get("content-type") ?? "", /^text\/html/);
          await home.body?.cancel();
          // nginx's $request_id reaches the app and comes back.
          const requestId = home.headers.get("x-request-id") ?? "";
          assert.match(requestId, /^[0-9a-f]{32}$/);

          const login = await fetch(`${origin}/api/auth/login`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: appOrigin },
            body: JSON.stringify({
              email: teacher.email,
              password: TEST_PASSWORD,
            }),
          });
          assert.equal(login.status, 200);
          assert.match(login.headers.get("content-type") ?? "", /json/);
          const cookie = /^(talkroom_session=[^;]+)/.exec(
            login.headers.get("set-cookie") ?? "",
          )?.[1];
          assert.ok(cookie, "login sets the session cookie");
          const body = await login.json();
          assert.equal(body.user.email, teacher.email);
          apiToken = body.token;

          // Round-robin: the session made on one instance works on both.
          for (let i = 0; i < 4; i++) {
            const me: Response = await fetch(`${origin}/api/me`, {
              headers: { cookie },
            });
            assert.equal(me.status, 200);
            assert.equal(
              (await me.json()).user?.email ?? undefined,
              teacher.email,
            );
          }
          const upstreams = new Set(
            jsonLines(proxy!.logs()).map((l) => l.upstream),
          );
          assert.ok(
            upstreams.has(aAddress) && upstreams.has(bAddress),
            `requests reached both instances: ${[...upstreams].join(", ")}`,
          );

          // A page rendered by A loads its island bundle from B.
          const page = await fetch(`${origin}/bookings/${booking.id}`, {
            headers: { cookie: `route=a; ${cookie}` },
          });
          assert.equal(page.status, 200);
          const html = await page.text();
          const bundle = /\/_frsh\/js\/[^"']+\.js/.exec(html)?.[0];
          assert.ok(bundle, "the booking page loads an island bundle");
          const fromB = await fetch(`${origin}${bundle}`, {
            headers: { cookie: "route=b" },
          });
          assert.equal(fromB.status, 200, `${bundle} from instance B`);
          await fromB.body?.cancel();

          // One JSON log line per request, with nginx's request id.
          await delay(100);
          const logged = jsonLines(a!.logs() + b!.logs()).find((l) =>
            l.event === "http.request" && l.id === requestId
          );
          assert.ok(logged, `request ${requestId} is in an instance's log`);
          assert.equal(logged.path, "/");
          assert.equal(logged.status, 200);
        },
      ),
    );

    browser = await launchBrowser();
    let studentP: Participant | null = null;
    let teacherP: Participant | null = null;

    passed.push(
      await t.step(
        "a call whose participants are on different instances connects",
        async () => {
          // The student joins first, so the student's offer goes through B.
          studentP = await join(
            browser!,
            origin,
            "b",
            student,
            booking.id,
            "student",
          );
          participants.push(studentP);
          await waitRoom(studentP, '#call-room[data-signal-state="open"]');
          teacherP = await join(
            browser!,
            origin,
            "a",
            teacher,
            booking.id,
            "teacher",
          );
          participants.push(teacherP);
          for (const p of [studentP, teacherP]) {
            await waitRoom(p, '#call-room[data-call-state="connected"]');
          }
          // Each instance holds one of the two sockets.
          for (const [name, server] of [["A", a!], ["B", b!]] as const) {
            const text = await scrape(server.origin, metricsToken);
            assert.equal(
              metric(text, "talkroom_signaling_open_sockets"),
              1,
              `open sockets on ${name}`,
            );
          }
          // Media flows both ways.
          for (const p of [studentP, teacherP]) {
            const before = await p.page.$eval(
              'video[data-role="remote"]',
              (v: HTMLVideoElement) => v.currentTime,
            );
            await delay(1_000);
            const after = await p.page.$eval(
              'video[data-role="remote"]',
              (v: HTMLVideoElement) => v.currentTime,
            );
            assert.ok(
              after - before > 0.5,
              `${p.name}: remote video went from ${before} to ${after}`,
            );
          }
        },
      ),
    );

    passed.push(
      await t.step(
        "SIGTERM on instance A mid-call: media goes on, signaling rejoins through B",
        async () => {
          assert.ok(passed.every(Boolean), "the call is not up");
          const tp = teacherP!;
          const sp = studentP!;
          await Promise.all([startTrace(tp.page), startTrace(sp.page)]);
          await delay(1_000);
          const aLogLength = a!.logs().length;
          const bLogLength = b!.logs().length;
          const sentAt = Date.now();
          const exit = a!.stop("SIGTERM").then((status) => ({
            status,
            ms: Date.now() - sentAt,
          }));

          let back: { droppedAt: number; openAt: number } | null = null;
          while (Date.now() - sentAt < MAX_RECOVERY_MS + 5_000) {
            back = reopenedAt(await readTrace(tp.page), sentAt);
            if (back) break;
            await delay(100);
          }
          assert.ok(
            back,
            `the teacher's signaling did not reopen; trace: ${
              JSON.stringify(transitions(await readTrace(tp.page), "signal"))
            }`,
          );
          const recoveryMs = back.openAt - sentAt;
          // Keep watching the media for a while on the new signaling path.
          await delay(3_000);
          const [teacherTrace, studentTrace] = await Promise.all([
            readTrace(tp.page, true),
            readTrace(sp.page, true),
          ]);
          const { status, ms: exitMs } = await exit;

          const stalls = {
            teacher: {
              time: longestStall(teacherTrace, "time"),
              frames: longestStall(teacherTrace, "frames"),
            },
            student: {
              time: longestStall(studentTrace, "time"),
              frames: longestStall(studentTrace, "frames"),
            },
          };
          const closes = await socketCloses(tp.page);
          const line = [
            `Signaling recovered ${recoveryMs} ms after SIGTERM`,
            `(socket closed with ${
              closes.filter((c) => c.at >= sentAt).map((c) => c.code).join(", ")
            }, down for ${back.openAt - back.droppedAt} ms);`,
            `instance A exited with code ${status.code} ${exitMs} ms after SIGTERM;`,
            `remote video over ${
              teacherTrace.at(-1)!.at - sentAt
            } ms from SIGTERM,`,
            `longest gap between advancing 200 ms samples (currentTime/frames):`,
            `teacher ${stalls.teacher.time}/${stalls.teacher.frames} ms,`,
            `student ${stalls.student.time}/${stalls.student.frames} ms;`,
            `call states: teacher ${
              transitions(teacherTrace, "call").join(" → ")
            }, student ${transitions(studentTrace, "call").join(" → ")}`,
          ].join(" ");
          report.push(line);
          console.log(line);

          assert.ok(
            recoveryMs < MAX_RECOVERY_MS,
            `recovery took ${recoveryMs} ms`,
          );
          assert.deepEqual(
            closes.filter((c) => c.at >= sentAt).map((c) => c.code),
            [1012],
            "the teacher's socket closes once, with 1012",
          );
          for (
            const [who, trace] of [
              ["teacher", teacherTrace],
              ["student", studentTrace],
            ] as const
          ) {
            assert.deepEqual(
              transitions(trace, "call"),
              ["connected"],
              `${who}: data-call-state left "connected"`,
            );
            for (const key of ["time", "frames"] as const) {
              const stall = longestStall(trace, key);
              assert.ok(
                stall <= MAX_STALL_MS,
                `${who}: remote video ${key} stood still for ${stall} ms`,
              );
            }
          }
          // The student's socket was on B all along.
          assert.deepEqual(transitions(studentTrace, "signal"), ["open"]);
          assert.equal(status.code, 0, `A's exit code; output:\n${a!.logs()}`);
          assert.ok(exitMs < 5_000, `A took ${exitMs} ms to exit`);

          // A closed the socket with 1012; the teacher is now on B.
          const aLines = jsonLines(a!.logs().slice(aLogLength));
          assert.ok(
            aLines.some((l) =>
              l.event === "signal.close" && l.user === teacher.id
            ),
            "A logged closing the teacher's socket",
          );
          const bLines = jsonLines(b!.logs().slice(bLogLength));
          assert.ok(
            bLines.some((l) =>
              l.event === "signal.join" && l.user === teacher.id
            ),
            "the teacher rejoined through B",
          );
          const text = await scrape(b!.origin, metricsToken);
          assert.equal(metric(text, "talkroom_signaling_open_sockets"), 2);
          assert.equal(metric(text, "talkroom_signaling_active_rooms"), 1);
          for (const p of [tp, sp]) {
            assert.deepEqual(p.errors, [], `${p.name}: page errors`);
          }
        },
      ),
    );

    passed.push(
      await t.step(
        "/metrics refuses a missing token and counts what happened",
        async () => {
          const base = b!.origin;
          const none = await fetch(`${base}/metrics`);
          assert.equal(none.status, 401);
          assert.match(none.headers.get("www-authenticate") ?? "", /^Bearer/);
          await none.body?.cancel();
          for (const wrong of [randomToken(), "x", `${metricsToken}x`]) {
            const res = await fetch(`${base}/metrics`, {
              headers: { authorization: `Bearer ${wrong}` },
            });
            assert.equal(res.status, 401);
            await res.body?.cancel();
          }

          // A cross-origin upgrade through the proxy, refused before upgrading.
          const refused = await tryUpgrade(
            `${
              origin.replace(/^http/, "ws")
            }/api/bookings/${booking.id}/signal`,
            {
              cookie: `route=b; talkroom_session=${apiToken}`,
              origin: "https://evil.example",
            },
          );
          assert.equal(refused.status, 403);
          await refused.body?.cancel();

          const res = await fetch(`${base}/metrics`, {
            headers: { authorization: `Bearer ${metricsToken}` },
          });
          assert.equal(res.status, 200);
          assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
          const text = await res.text();
          assert.ok(text.includes("talkroom_signaling_open_sockets"));
          assert.ok(text.includes("talkroom_signaling_active_rooms"));
          assert.ok(
            (metric(text, "talkroom_signaling_messages_relayed_total", {
              type: "webrtc:offer",
            }) ?? 0) > 0,
            "offers relayed by B",
          );
          assert.ok(
            (metric(text, "talkroom_signaling_messages_relayed_total", {
              type: "webrtc:ice-candidate",
            }) ?? 0) > 0,
            "ICE candidates relayed by B",
          );
          assert.ok(
            text.includes("talkroom_http_request_duration_seconds_bucket"),
          );
          assert.ok(
            (metric(text, "talkroom_http_request_duration_seconds_count", {
              route: "/bookings/:id",
            }) ?? 0) > 0,
            "page latency of the booking page",
          );
          assert.ok(
            (metric(text, "talkroom_signaling_bus_lag_seconds_count") ?? 0) > 0,
            "bus lag observed",
          );
          assert.ok(
            (metric(text, "talkroom_signaling_upgrades_refused_total", {
              reason: "origin",
            }) ?? 0) >= 1,
            "the cross-origin upgrade is counted",
          );
        },
      ),
    );

    passed.push(
      await t.step(
        "logs are JSON lines without secrets or message contents",
        () => {
          const output = a!.logs() + b!.logs();
          const lines = jsonLines(output);
          assert.ok(lines.length > 10);
          for (const l of lines) {
            assert.equal(typeof l.event, "string", JSON.stringify(l));
            assert.equal(typeof l.time, "string", JSON.stringify(l));
          }
          for (const event of ["http.request", "signal.join", "signal.close"]) {
            assert.ok(lines.some((l) => l.event === event), `a ${event} line`);
          }
          assert.ok(
            lines.some((l) =>
              l.event === "signal.refused" && l.reason === "origin"
            ),
            "the refused upgrade is logged",
          );
          assert.ok(!output.includes(apiToken), "a session token is logged");
          assert.ok(!output.includes(TEST_PASSWORD), "a password is logged");
          assert.ok(
            !output.includes(metricsToken),
            "the metrics token is logged",
          );
          assert.ok(!output.includes(env.JWT_SECRET), "JWT_SECRET is logged");
          assert.ok(
            !/a=candidate|v=0\\r\\n|"sdp"/.test(output),
            "SDP is logged",
          );
        },
      ),
    );
  } finally {
    if (report.length > 0) console.log(`\n${report.join("\n")}\n`);
    for (const p of participants) await p.context.close().catch(() => {});
    await browser?.close();
    await proxy?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    await schema.drop();
  }
});

Deno.test("/readyz follows the database; /healthz only the process; the bus listens again", async () => {
  const cluster: PrivateCluster = await startPrivateCluster();
  const metricsToken = randomToken();
  let app: ServerProcess | null = null;
  try {
    app = await startServer({
      DATABASE_URL: cluster.url,
      JWT_SECRET: randomSecret(),
      METRICS_TOKEN: metricsToken,
    });
    const get = async (path: string) => {
      const started = Date.now();
      const res = await fetch(`${app!.origin}${path}`);
      const body = await res.json();
      return { status: res.status, body, ms: Date.now() - started };
    };
    /**
     * Another instance's bus event, published by a bus on a connection of its
     * own; resolves once the app has received it (its bus-lag count grows).
     */
    const busHears = async (): Promise<boolean> => {
      const count = async () =>
        metric(
          await scrape(app!.origin, metricsToken),
          "talkroom_signaling_bus_lag_seconds_count",
        ) ?? 0;
      const before = await count();
      const db = await openDatabase({ url: cluster.url, poolSize: 2 });
      const other = await PostgresBus.start(db);
      try {
        await other.publish(crypto.randomUUID(), {
          kind: "leave",
          userId: "nobody",
          connId: "none",
        });
      } finally {
        await other.close();
        await db.close();
      }
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        if (await count() > before) return true;
        await delay(100);
      }
      return false;
    };

    assert.equal((await get("/healthz")).status, 200);
    const ready = await get("/readyz");
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, "ready");
    assert.ok(await busHears(), "the bus receives NOTIFY");

    await cluster.stop();
    const down = await get("/readyz");
    assert.equal(down.status, 503, JSON.stringify(down.body));
    assert.equal(down.body.status, "database unavailable");
    assert.ok(down.ms < 3_000, `/readyz took ${down.ms} ms to fail`);
    assert.equal((await get("/healthz")).status, 200);

    await cluster.start();
    const restarted = Date.now();
    let again = await get("/readyz");
    while (again.status !== 200 && Date.now() - restarted < 10_000) {
      await delay(250);
      again = await get("/readyz");
    }
    assert.equal(
      again.status,
      200,
      `/readyz after the database came back: ${JSON.stringify(again.body)}`,
    );
    console.log(
      `/readyz healthy again ${
        Date.now() - restarted
      } ms after the database restarted`,
    );
    assert.equal((await get("/healthz")).status, 200);
    // Signaling between instances works again without a restart.
    let hears = false;
    while (!hears && Date.now() - restarted < 20_000) hears = await busHears();
    assert.ok(
      hears,
      `the bus did not LISTEN again after the database restarted:\n${app.logs()}`,
    );
  } finally {
    await app?.stop();
    await cluster.destroy();
  }
});

Deno.test("on SIGTERM an instance lets in-flight requests finish, then exits 0", async () => {
  const schema = await openTestSchema();
  let app: ServerProcess | null = null;
  try {
    app = await startServer({
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      JWT_SECRET: randomSecret(),
    });
    const origin = app.origin;
    // Registering hashes the password (PBKDF2, 600 000 rounds): a request
    // that is still being handled when the signal arrives.
    const register = (i: number) =>
      fetch(`${origin}/api/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          email: `drain-${i}-${crypto.randomUUID().slice(0, 8)}@example.test`,
          password: TEST_PASSWORD,
          username: `Drain ${i}`,
          role: "student",
        }),
      }).then(async (res) => ({ status: res.status, body: await res.text() }))
        .catch((err: Error) => ({ status: 0, body: err.message }));
    const started = Date.now();
    const inFlight = [1, 2, 3].map(register);
    await delay(50);
    app.process.kill("SIGTERM");
    // It stops accepting new connections promptly (the signal is handled on
    // the event loop, so allow for a loaded machine), while the requests
    // already in flight go on.
    const deadline = Date.now() + 3_000;
    let refused = false;
    while (!refused && Date.now() < deadline) {
      refused = await fetch(`${origin}/healthz`).then(
        async (res) => (await res.body?.cancel(), false),
        () => true,
      );
      if (!refused) await delay(20);
    }
    assert.ok(refused, "the instance still accepts requests 3 s after SIGTERM");
    const answers = await Promise.all(inFlight);
    const ms = Date.now() - started;
    for (const answer of answers) {
      assert.equal(
        answer.status,
        201,
        `an in-flight request (${ms} ms) was cut off: ${answer.body}\n${app.logs()}`,
      );
    }
    // It was told to stop once; a second SIGTERM could land while it is
    // already exiting and kill it. Wait for it to exit on its own.
    const status = await Promise.race([
      app.process.status,
      delay(10_000).then(() => null),
    ]);
    assert.ok(status, `the instance did not exit within 10 s\n${app.logs()}`);
    assert.equal(status.code, 0, app.logs());
  } finally {
    await app?.stop();
    await schema.drop();
  }
});

Deno.test("on SIGTERM an instance exits within the drain timeout even with connections that never finish", async () => {
  const schema = await openTestSchema();
  const jwtSecret = randomSecret();
  const conns: Deno.Conn[] = [];
  let app: ServerProcess | null = null;
  try {
    app = await startServer({
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      JWT_SECRET: jwtSecret,
    });
    const port = portOf(app.origin);
    const teacher = await createTestUser(schema.db, { role: "teacher" });
    const student = await createTestUser(schema.db);
    const booking = await createTestBooking(schema.db, {
      student,
      teacher,
      startInMinutes: -5,
    });
    const key = new TextEncoder().encode(jwtSecret);
    const upgrade = async (user: User) => {
      const { token } = await createSession(schema.db, key, user.id);
      const headers = new Headers({
        host: `localhost:${port}`,
        origin: app!.origin,
        cookie: sessionCookie(token),
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": crypto.getRandomValues(new Uint8Array(16))
          .toBase64(),
        "sec-websocket-version": "13",
      });
      const fields = [...headers].map(([name, value]) => `${name}: ${value}`);
      return `GET /api/bookings/${booking.id}/signal HTTP/1.1\r\n${
        fields.join("\r\n")
      }\r\n\r\n`;
    };
    const open = async (text: string) => {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conns.push(conn);
      await conn.write(new TextEncoder().encode(text));
      return conn;
    };
    // A request sent half-way, a keep-alive connection whose answer is
    // never read, an upgrade whose client never reads, and an upgrade the
    // client drops while the server admits it (it then upgrades a
    // connection nobody is on: Deno's shutdown waits for it for ever).
    await open(`GET /healthz HTTP/1.1\r\nHost: localhost:${port}\r\n`);
    await open(`GET /healthz HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`);
    await open(await upgrade(student));
    (await open(await upgrade(teacher))).close();
    await delay(1_000);

    const signalled = Date.now();
    app.process.kill("SIGTERM");
    const limit = SHUTDOWN_DRAIN_MS + 5_000;
    const status = await Promise.race([
      app.process.status,
      delay(limit).then(() => null),
    ]);
    const ms = Date.now() - signalled;
    assert.ok(status, `still running ${ms} ms after SIGTERM\n${app.logs()}`);
    assert.equal(status.code, 0, app.logs());
    console.log(`exited ${ms} ms after SIGTERM with stuck connections open`);
  } finally {
    for (const conn of conns) {
      try {
        conn.close();
      } catch {
        // Closed already.
      }
    }
    await app?.stop("SIGKILL");
    await schema.drop();
  }
});

Deno.test("deploy/nginx.conf and deploy/turnserver.conf are accepted", async (t) => {
  await assertNginxInstalled();
  const root = new URL("../deploy/", import.meta.url);
  const dir = await Deno.makeTempDir({ prefix: "talkroom_deploy_" });
  try {
    // A throwaway certificate stands in for the real ones.
    const openssl = await new Deno.Command("openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=talkroom.example",
        "-keyout",
        `${dir}/key.pem`,
        "-out",
        `${dir}/cert.pem`,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(openssl.code, 0, new TextDecoder().decode(openssl.stderr));
    const certs = (text: string) =>
      text.replaceAll(
        /\/etc\/letsencrypt\/live\/[^/]+\/fullchain\.pem/g,
        `${dir}/cert.pem`,
      ).replaceAll(
        /\/etc\/letsencrypt\/live\/[^/]+\/privkey\.pem/g,
        `${dir}/key.pem`,
      );

    await t.step("nginx -t accepts deploy/nginx.conf", async () => {
      const site = certs(
        await Deno.readTextFile(new URL("nginx.conf", root)),
      );
      assert.ok(site.includes(`${dir}/cert.pem`), "certificate paths replaced");
      await Deno.writeTextFile(`${dir}/talkroom.conf`, site);
      // Debian's main config includes conf.d/*.conf inside `http`; so does this.
      await Deno.writeTextFile(
        `${dir}/nginx.conf`,
        `events {}\nhttp {\n  include ${dir}/talkroom.conf;\n}\n`,
      );
      const { code, stderr } = await new Deno.Command(NGINX, {
        args: [
          "-t",
          "-p",
          dir,
          "-c",
          `${dir}/nginx.conf`,
          "-e",
          "stderr",
          "-g",
          `pid ${dir}/nginx.pid; error_log stderr;`,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(stderr);
      assert.equal(code, 0, text);
      assert.match(text, /syntax is ok/);
    });

    await t.step("coturn starts with deploy/turnserver.conf", async () => {
      const turnserver = "/usr/bin/turnserver";
      try {
        await Deno.stat(turnserver);
      } catch {
        throw new Error(
          `coturn not found at ${turnserver}: apt-get install coturn`,
        );
      }
      const port = freePort();
      const tlsPort = freePort();
      const minPort = 40_000 + Math.floor(Math.random() * 20_000);
      const secret = randomToken();
      // The example as shipped, with test ports, loopback and temp paths.
      const conf = certs(
        await Deno.readTextFile(new URL("turnserver.conf", root)),
      ).split("\n").filter((line) =>
        !/^\s*(listening-port|tls-listening-port|listening-ip|relay-ip|external-ip|min-port|max-port|log-file|syslog|pidfile|userdb|static-auth-secret)\s*(=|$)/
          .test(line)
      ).concat([
        `listening-port=${port}`,
        `tls-listening-port=${tlsPort}`,
        "listening-ip=127.0.0.1",
        "relay-ip=127.0.0.1",
        `min-port=${minPort}`,
        `max-port=${minPort + 50}`,
        "log-file=stdout",
        `pidfile=${dir}/turnserver.pid`,
        `userdb=${dir}/turndb`,
        `static-auth-secret=${secret}`,
      ]).join("\n");
      await Deno.writeTextFile(`${dir}/turnserver.conf`, conf);
      const daemon = spawnDaemon(turnserver, [
        "-c",
        `${dir}/turnserver.conf`,
        "--no-cli",
      ]);
      try {
        const deadline = Date.now() + 10_000;
        let answered = false;
        while (!answered && !daemon.exited() && Date.now() < deadline) {
          answered = await stunAnswers(port);
          if (!answered) await delay(100);
        }
        assert.ok(answered, `coturn did not answer STUN:\n${daemon.output()}`);
        // With the app's credentials, a relay to a public address is
        // permitted and one to a private, loopback or link-local address is
        // refused.
        const turn = await TurnClient.connect(port);
        try {
          await turn.allocate(secret);
          assert.equal(await turn.createPermission("8.8.8.8"), 200);
          for (
            const peer of [
              "127.0.0.1",
              "10.1.2.3",
              "172.16.5.4",
              "192.168.1.1",
              "100.64.0.1",
              "169.254.169.254",
              "0.0.0.0",
            ]
          ) {
            assert.equal(
              await turn.createPermission(peer),
              403,
              `coturn lets a call relay to ${peer}`,
            );
          }
        } finally {
          turn.close();
        }
      } finally {
        await daemon.stop();
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});

const STUN_MAGIC = 0x2112a442;

/**
 * Just enough of a TURN client (RFC 5766 over TCP) to ask coturn for an
 * allocation with the app's REST-API credentials and for permissions to
 * peers: what a browser does before relaying media to an address.
 */
class TurnClient {
  #conn: Deno.TcpConn;
  #buffer = new Uint8Array(0);
  #key: Uint8Array | null = null;
  #auth: [number, Uint8Array][] = [];

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  static async connect(port: number): Promise<TurnClient> {
    return new TurnClient(
      await Deno.connect({ hostname: "127.0.0.1", port }),
    );
  }

  /** Allocates a UDP relay with credentials as lib/signaling/ice.ts makes them. */
  async allocate(secret: string): Promise<void> {
    const transport: [number, Uint8Array] = [
      0x0019,
      new Uint8Array([17, 0, 0, 0]),
    ];
    const challenge = await this.#request(0x0003, [transport], false);
    assert.equal(challenge.code, 401, "coturn asks for credentials");
    const realm = challenge.attrs.get(0x0014)!;
    const nonce = challenge.attrs.get(0x0015)!;
    const username = `${Math.floor(Date.now() / 1000) + 600}:ops-test`;
    const password = createHmac("sha1", secret).update(username).digest(
      "base64",
    );
    this.#key = createHash("md5").update(
      `${username}:${new TextDecoder().decode(realm)}:${password}`,
    ).digest();
    this.#auth = [
      [0x0006, new TextEncoder().encode(username)],
      [0x0014, realm],
      [0x0015, nonce],
    ];
    const allocated = await this.#request(0x0003, [transport], true);
    assert.equal(allocated.code, 200, "coturn accepts the REST credentials");
  }

  /** Asks to relay to an IPv4 peer; 200 when permitted, else the error code. */
  async createPermission(ip: string): Promise<number> {
    const value = new Uint8Array(8);
    const view = new DataView(value.buffer);
    view.setUint8(1, 0x01);
    view.setUint16(2, 3478 ^ (STUN_MAGIC >>> 16));
    const octets = ip.split(".").map(Number);
    view.setUint32(
      4,
      ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) ^
        STUN_MAGIC,
    );
    return (await this.#request(0x0008, [[0x0012, value]], true)).code;
  }

  async #request(
    method: number,
    attrs: [number, Uint8Array][],
    sign: boolean,
  ): Promise<{ code: number; attrs: Map<number, Uint8Array> }> {
    const all = sign ? [...attrs, ...this.#auth] : attrs;
    const parts: Uint8Array[] = [];
    for (const [type, value] of all) {
      const padded = new Uint8Array(4 + Math.ceil(value.length / 4) * 4);
      const view = new DataView(padded.buffer);
      view.setUint16(0, type);
      view.setUint16(2, value.length);
      padded.set(value, 4);
      parts.push(padded);
    }
    const bodyLength = parts.reduce((n, p) => n + p.length, 0);
    const integrity = sign ? 24 : 0;
    const message = new Uint8Array(20 + bodyLength + integrity);
    const view = new DataView(message.buffer);
    view.setUint16(0, method);
    view.setUint16(2, bodyLength + integrity);
    view.setUint32(4, STUN_MAGIC);
    const id = crypto.getRandomValues(new Uint8Array(12));
    message.set(id, 8);
    let at = 20;
    for (const p of parts) {
      message.set(p, at);
      at += p.length;
    }
    if (sign) {
      const mac = createHmac("sha1", this.#key!).update(
        message.subarray(0, at),
      ).digest();
      view.setUint16(at, 0x0008);
      view.setUint16(at + 2, 20);
      message.set(mac, at + 4);
    }
    await this.#conn.write(message);
    const response = await this.#read();
    const rview = new DataView(response.buffer, response.byteOffset);
    const type = rview.getUint16(0);
    const map = new Map<number, Uint8Array>();
    let offset = 20;
    while (offset + 4 <= response.length) {
      const t = rview.getUint16(offset);
      const length = rview.getUint16(offset + 2);
      map.set(t, response.slice(offset + 4, offset + 4 + length));
      offset += 4 + Math.ceil(length / 4) * 4;
    }
    if ((type & 0x0110) === 0x0100) return { code: 200, attrs: map };
    const error = map.get(0x0009);
    const code = error ? (error[2] & 0x07) * 100 + error[3] : 0;
    return { code, attrs: map };
  }

  async #read(): Promise<Uint8Array> {
    const deadline = Date.now() + 5_000;
    while (true) {
      if (this.#buffer.length >= 20) {
        const length = new DataView(
          this.#buffer.buffer,
          this.#buffer.byteOffset,
        )
          .getUint16(2);
        if (this.#buffer.length >= 20 + length) {
          const message = this.#buffer.slice(0, 20 + length);
          this.#buffer = this.#buffer.slice(20 + length);
          return message;
        }
      }
      if (Date.now() > deadline) throw new Error("No answer from coturn");
      const chunk = new Uint8Array(4096);
      const n = await this.#conn.read(chunk);
      if (n === null) throw new Error("coturn closed the connection");
      const next = new Uint8Array(this.#buffer.length + n);
      next.set(this.#buffer);
      next.set(chunk.subarray(0, n), this.#buffer.length);
      this.#buffer = next;
    }
  }

  close(): void {
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }
}
