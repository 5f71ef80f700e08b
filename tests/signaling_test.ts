// The signaling relay of one instance over real sockets: the app in-process
// behind Deno.serve (on TEST_DATABASE_URL when set, PGlite otherwise) for
// the protocol, refusals, abuse and fuzzing; a real server process on real
// PostgreSQL for login, the heartbeat and a graceful SIGTERM.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { SignJWT } from "jose";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import {
  createTestBooking,
  createTestUser,
  TEST_PASSWORD,
} from "@/tests/_db.ts";
import {
  type Closed,
  delay,
  openTestSchema,
  randomSecret,
  type Received,
  sessionCookie,
  SignalClient,
  signalUrl,
  SilentSocket,
  startServer,
  tryUpgrade,
} from "@/tests/_server.ts";
import type { User } from "@/lib/auth/users.ts";
import type { Database } from "@/lib/db/connection.ts";
import { createSession } from "@/lib/auth/session.ts";
import { parseClientMessage } from "@/lib/signaling/schema.ts";
import {
  type ClientMessage,
  CLOSE,
  MAX_FRAME_BYTES,
} from "@/lib/signaling/protocol.ts";
import type { BookingStatus } from "@/lib/bookings/model.ts";

const TURN_SECRET = "turn-shared-secret-for-tests";
const JSON_TYPE = "application/json";

/** A booking with its two participants, signed in. */
interface Lesson {
  id: string;
  teacher: User;
  student: User;
  teacherCookie: string;
  studentCookie: string;
}

/** The session cookie of a Set-Cookie header. */
function cookieFrom(res: Response): string {
  const match = /talkroom_session=([^;]+)/.exec(
    res.headers.get("set-cookie") ?? "",
  );
  assert.ok(match, "the response sets the session cookie");
  return sessionCookie(match[1]);
}

/** Polls until `check` returns a value that is not null. */
async function eventually<T>(
  check: () => Promise<T | null>,
  what: string,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await delay(20);
  }
}

interface AttendanceRow {
  user_id: string;
  joined_at: Date;
  left_at: Date | null;
}

function attendance(db: Database, bookingId: string): Promise<AttendanceRow[]> {
  return db.query<AttendanceRow>(
    "SELECT user_id, joined_at, left_at FROM attendance WHERE booking_id = $1 ORDER BY joined_at",
    [bookingId],
  );
}

/** Waits until no attendance row of the booking is open (the hub recorded every leave). */
async function allLeft(db: Database, bookingId: string): Promise<void> {
  await eventually(
    async () =>
      (await attendance(db, bookingId)).every((r) => r.left_at !== null)
        ? true
        : null,
    "every leave to be recorded",
  );
}

Deno.test("signaling relay (in-process server, real sockets)", async (t) => {
  const app: TestApp = await createTestApp({
    TURN_URLS: "turn:127.0.0.1:3478",
    TURN_SECRET,
  });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => app.handler(req),
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;

  async function lesson(
    options: { startInMinutes?: number; status?: BookingStatus } = {},
  ): Promise<Lesson> {
    const teacher = await createTestUser(app.db, { role: "teacher" });
    const student = await createTestUser(app.db);
    const booking = await createTestBooking(app.db, {
      teacher,
      student,
      startInMinutes: options.startInMinutes ?? -5,
      status: options.status,
    });
    return {
      id: booking.id,
      teacher,
      student,
      teacherCookie: sessionCookie(await app.tokenFor(teacher)),
      studentCookie: sessionCookie(await app.tokenFor(student)),
    };
  }

  /** Opens a participant's socket and takes its booking:joined. */
  async function join(
    bookingId: string,
    cookie: string,
  ): Promise<{ client: SignalClient; joined: Received }> {
    const client = await SignalClient.connect(signalUrl(origin, bookingId), {
      cookie,
      origin,
    });
    const joined = await client.expect("booking:joined");
    return { client, joined };
  }

  /** Both participants in the room, each having seen the other. */
  async function bothIn(l: Lesson) {
    const { client: teacher } = await join(l.id, l.teacherCookie);
    const { client: student, joined } = await join(l.id, l.studentCookie);
    assert.deepEqual(joined.peers.map((p: Received) => p.userId), [
      l.teacher.id,
    ]);
    await teacher.expect("booking:user-joined");
    return { teacher, student };
  }

  function api(
    path: string,
    init: { method?: string; cookie?: string; body?: unknown } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (init.cookie) headers.cookie = init.cookie;
    if (init.method && init.method !== "GET") {
      headers.origin = origin;
      headers["content-type"] = "application/json";
    }
    return fetch(`${origin}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }

  /** Signs a user in through the API; the session cookie it set. */
  async function signIn(user: User): Promise<string> {
    const login = await api("/api/auth/login", {
      method: "POST",
      body: { email: user.email, password: TEST_PASSWORD },
    });
    assert.equal(login.status, 200);
    await login.body?.cancel();
    return cookieFrom(login);
  }

  try {
    await t.step(
      "two participants exchange offer, answer and candidates under their true ids",
      async () => {
        const l = await lesson();
        const { client: teacher, joined: teacherJoined } = await join(
          l.id,
          l.teacherCookie,
        );
        assert.deepEqual(teacherJoined, {
          type: "booking:joined",
          you: {
            userId: l.teacher.id,
            username: l.teacher.username,
            isMuted: false,
            isVideoOff: false,
          },
          peers: [],
        });
        const { client: student, joined: studentJoined } = await join(
          l.id,
          l.studentCookie,
        );
        assert.deepEqual(studentJoined.peers, [{
          userId: l.teacher.id,
          username: l.teacher.username,
          isMuted: false,
          isVideoOff: false,
        }]);
        assert.equal(studentJoined.you.userId, l.student.id);
        assert.deepEqual(await teacher.next(), {
          type: "booking:user-joined",
          userId: l.student.id,
          username: l.student.username,
          isMuted: false,
          isVideoOff: false,
        });

        student.send({ type: "webrtc:ready", userId: l.teacher.id });
        assert.deepEqual(await teacher.next(), {
          type: "webrtc:peer-ready",
          userId: l.student.id,
        });

        // Identity claims in a message are ignored: the sender's session decides.
        const offerSdp =
          "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n";
        teacher.send({
          type: "webrtc:offer",
          sdp: offerSdp,
          fromUserId: l.student.id,
          userId: l.student.id,
        });
        assert.deepEqual(await student.next(), {
          type: "webrtc:offer",
          sdp: offerSdp,
          fromUserId: l.teacher.id,
        });
        student.send({
          type: "webrtc:answer",
          sdp: "v=0\r\nanswer",
          fromUserId: l.teacher.id,
        });
        assert.deepEqual(await teacher.next(), {
          type: "webrtc:answer",
          sdp: "v=0\r\nanswer",
          fromUserId: l.student.id,
        });

        const candidate = {
          candidate: "candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host",
          sdpMid: "0",
          sdpMLineIndex: 0,
          usernameFragment: "uf",
        };
        teacher.send({
          type: "webrtc:ice-candidate",
          candidate: { ...candidate, relayProtocol: "udp" },
          fromUserId: l.student.id,
        });
        assert.deepEqual(await student.next(), {
          type: "webrtc:ice-candidate",
          candidate,
          fromUserId: l.teacher.id,
        });
        student.send({ type: "webrtc:ice-candidate", candidate: null });
        assert.deepEqual(await teacher.next(), {
          type: "webrtc:ice-candidate",
          candidate: null,
          fromUserId: l.student.id,
        });
        // Nothing echoes back to a sender.
        await teacher.expectSilence(150);
        await student.expectSilence(0);
        await teacher.close();
        await student.close();
      },
    );

    await t.step(
      "presence: media toggles are relayed and shown to a participant who joins later",
      async () => {
        const l = await lesson();
        const { teacher, student } = await bothIn(l);
        teacher.send({
          type: "media:toggle-mic",
          isMuted: true,
          userId: l.student.id,
        });
        assert.deepEqual(await student.next(), {
          type: "media:user-muted",
          userId: l.teacher.id,
          isMuted: true,
        });
        teacher.send({ type: "media:toggle-video", isVideoOff: true });
        assert.deepEqual(await student.next(), {
          type: "media:user-video-off",
          userId: l.teacher.id,
          isVideoOff: true,
        });

        student.send({ type: "booking:leave" });
        assert.equal((await student.closedWithin()).code, CLOSE.NORMAL);
        assert.deepEqual(await teacher.next(), {
          type: "booking:user-left",
          userId: l.student.id,
        });

        const { client: again, joined } = await join(l.id, l.studentCookie);
        assert.deepEqual(joined.peers, [{
          userId: l.teacher.id,
          username: l.teacher.username,
          isMuted: true,
          isVideoOff: true,
        }]);
        await teacher.expect("booking:user-joined");
        await again.close();
        assert.deepEqual(await teacher.next(), {
          type: "booking:user-left",
          userId: l.student.id,
        });
        await teacher.close();
      },
    );

    await t.step(
      "refused upgrades answer an HTTP status and never upgrade",
      async () => {
        const l = await lesson();
        const outsider = await createTestUser(app.db);
        const outsiderCookie = sessionCookie(await app.tokenFor(outsider));
        const forged = await new SignJWT({})
          .setProtectedHeader({ alg: "HS256", typ: "JWT" })
          .setIssuer("talkroom")
          .setAudience("talkroom")
          .setSubject(l.student.id)
          .setJti(crypto.randomUUID())
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(crypto.getRandomValues(new Uint8Array(32)));
        const [studentToken] = /=(.*)$/.exec(l.studentCookie)!.slice(1);
        const tampered = studentToken.slice(0, -2) +
          (studentToken.endsWith("AA") ? "BB" : "AA");
        const cancelled = await lesson({ status: "cancelled" });
        const early = await lesson({ startInMinutes: 120 });
        const ended = await lesson({ startInMinutes: -120 });
        const completed = await lesson({
          startInMinutes: -120,
          status: "completed",
        });
        const sockets = app.signaling.socketCount;

        const cases: [
          string,
          string,
          Record<string, string>,
          number,
          string,
        ][] = [
          ["anonymous", l.id, { origin }, 401, "unauthorized"],
          [
            "outsider",
            l.id,
            { origin, cookie: outsiderCookie },
            403,
            "forbidden",
          ],
          [
            "forged session cookie",
            l.id,
            { origin, cookie: sessionCookie(forged) },
            401,
            "unauthorized",
          ],
          [
            "tampered session cookie",
            l.id,
            { origin, cookie: sessionCookie(tampered) },
            401,
            "unauthorized",
          ],
          [
            "cross-origin",
            l.id,
            { origin: "http://evil.example", cookie: l.studentCookie },
            403,
            "forbidden",
          ],
          [
            "no Origin with a cookie",
            l.id,
            { cookie: l.studentCookie },
            403,
            "forbidden",
          ],
          [
            "cancelled booking",
            cancelled.id,
            { origin, cookie: cancelled.studentCookie },
            409,
            "room_closed",
          ],
          [
            "too early (starts in 2 hours)",
            early.id,
            { origin, cookie: early.teacherCookie },
            409,
            "room_closed",
          ],
          [
            "ended",
            ended.id,
            { origin, cookie: ended.studentCookie },
            409,
            "room_closed",
          ],
          [
            "completed",
            completed.id,
            { origin, cookie: completed.teacherCookie },
            409,
            "room_closed",
          ],
          [
            "unknown booking",
            crypto.randomUUID(),
            { origin, cookie: l.studentCookie },
            404,
            "not_found",
          ],
          [
            "malformed booking id",
            "not-a-uuid",
            { origin, cookie: l.studentCookie },
            404,
            "not_found",
          ],
        ];
        for (const [name, bookingId, headers, status, code] of cases) {
          const res = await tryUpgrade(signalUrl(origin, bookingId), headers);
          assert.equal(res.status, status, name);
          assert.notEqual(res.status, 101, name);
          assert.equal(res.headers.get("upgrade"), null, name);
          assert.equal(res.headers.get("content-type"), JSON_TYPE, name);
          assert.equal((await res.json()).error.code, code, name);
        }

        const plain = await fetch(`${origin}/api/bookings/${l.id}/signal`, {
          headers: { cookie: l.studentCookie },
        });
        assert.equal(plain.status, 426);
        assert.equal((await plain.json()).error.code, "upgrade_required");

        // A browser's WebSocket sees the refusal as a failed connection.
        await assert.rejects(
          SignalClient.connect(signalUrl(origin, l.id), {
            cookie: outsiderCookie,
            origin,
          }),
          /403/,
        );
        assert.equal(app.signaling.socketCount, sockets);
        const rows = await app.db.query(
          "SELECT 1 FROM attendance WHERE booking_id = ANY($1::uuid[])",
          [[l.id, cancelled.id, early.id, ended.id, completed.id]],
        );
        assert.equal(rows.length, 0, "no refused upgrade records a join");
      },
    );

    await t.step(
      "a signal ticket admits its user without a cookie, for its booking only",
      async () => {
        const l = await lesson();
        const other = await lesson();

        const anonymous = await api(`/api/bookings/${l.id}/signal-ticket`, {
          method: "POST",
        });
        assert.equal(anonymous.status, 401);
        await anonymous.body?.cancel();
        const outsider = await api(`/api/bookings/${l.id}/signal-ticket`, {
          method: "POST",
          cookie: other.studentCookie,
        });
        assert.equal(outsider.status, 403);
        await outsider.body?.cancel();

        const res = await api(`/api/bookings/${l.id}/signal-ticket`, {
          method: "POST",
          cookie: l.studentCookie,
        });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), JSON_TYPE);
        const { ticket, expires_in } = await res.json();
        assert.equal(typeof ticket, "string");
        assert.equal(expires_in, 60);

        // A native client: no cookie and no Origin.
        const client = await SignalClient.connect(
          signalUrl(origin, l.id, `ticket=${encodeURIComponent(ticket)}`),
        );
        const joined = await client.expect("booking:joined");
        assert.equal(joined.you.userId, l.student.id);
        await client.close();

        // A browser sending a ticket must still be on our origin.
        const crossOrigin = await tryUpgrade(
          signalUrl(origin, l.id, `ticket=${ticket}`),
          { origin: "http://evil.example" },
        );
        assert.equal(crossOrigin.status, 403);
        await crossOrigin.body?.cancel();
        const sameOrigin = await SignalClient.connect(
          signalUrl(origin, l.id, `ticket=${ticket}`),
          { origin },
        );
        assert.equal(
          (await sameOrigin.expect("booking:joined")).you.userId,
          l.student.id,
        );
        await sameOrigin.close();

        const otherBooking = await tryUpgrade(
          signalUrl(origin, other.id, `ticket=${ticket}`),
        );
        assert.equal(otherBooking.status, 401);
        await otherBooking.body?.cancel();

        const expired = await new SignJWT({ bid: l.id, sid: null })
          .setProtectedHeader({ alg: "HS256", typ: "JWT" })
          .setIssuer("talkroom")
          .setAudience("talkroom-signal")
          .setSubject(l.student.id)
          .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(app.jwtSecret);
        const late = await tryUpgrade(
          signalUrl(origin, l.id, `ticket=${expired}`),
        );
        assert.equal(late.status, 401);
        await late.body?.cancel();

        // A session token is not a ticket.
        const [token] = /=(.*)$/.exec(l.studentCookie)!.slice(1);
        const sessionAsTicket = await tryUpgrade(
          signalUrl(origin, l.id, `ticket=${token}`),
        );
        assert.equal(sessionAsTicket.status, 401);
        await sessionAsTicket.body?.cancel();
      },
    );

    await t.step(
      "a signal ticket fetched before logout opens no socket after it",
      async () => {
        const l = await lesson();
        const cookie = await signIn(l.student);
        const issued = await api(`/api/bookings/${l.id}/signal-ticket`, {
          method: "POST",
          cookie,
        });
        assert.equal(issued.status, 200);
        const { ticket } = await issued.json();
        const out = await api("/api/auth/logout", { method: "POST", cookie });
        assert.equal(out.status, 204);
        await out.body?.cancel();
        const refused = await tryUpgrade(
          signalUrl(origin, l.id, `ticket=${encodeURIComponent(ticket)}`),
        );
        assert.equal(refused.status, 401);
        assert.equal((await refused.json()).error.code, "unauthorized");
        // A ticket without the session claim is not accepted either.
        const sessionless = await new SignJWT({ bid: l.id })
          .setProtectedHeader({ alg: "HS256", typ: "JWT" })
          .setIssuer("talkroom")
          .setAudience("talkroom-signal")
          .setSubject(l.student.id)
          .setIssuedAt()
          .setExpirationTime("1m")
          .sign(app.jwtSecret);
        const noSession = await tryUpgrade(
          signalUrl(origin, l.id, `ticket=${sessionless}`),
        );
        assert.equal(noSession.status, 401);
        await noSession.body?.cancel();
      },
    );

    await t.step(
      "tickets and TURN credentials follow the booking: only while its room is open",
      async () => {
        const early = await lesson({ startInMinutes: 120 });
        const cancelled = await lesson({ status: "cancelled" });
        const ended = await lesson({ startInMinutes: -120 });
        const open = await lesson();
        const cases: [string, Lesson, number][] = [
          ["an open room", open, 200],
          ["a booking still to start", early, 409],
          ["a cancelled booking", cancelled, 409],
          ["a lesson that is over", ended, 409],
        ];
        for (const [name, l, status] of cases) {
          const ticket = await api(`/api/bookings/${l.id}/signal-ticket`, {
            method: "POST",
            cookie: l.studentCookie,
          });
          const ice = await api(`/api/bookings/${l.id}/ice-servers`, {
            cookie: l.studentCookie,
          });
          const answers: [string, Response][] = [
            ["ticket", ticket],
            ["ice", ice],
          ];
          for (const [what, res] of answers) {
            assert.equal(res.status, status, `${what}: ${name}`);
            const body = await res.json();
            if (status === 409) {
              assert.equal(body.error.code, "room_closed", `${what}: ${name}`);
              assert.equal(JSON.stringify(body).includes("turn"), false);
            }
          }
        }
      },
    );

    await t.step(
      "invalid messages get an error frame and never reach the peer",
      async () => {
        const l = await lesson();
        const { teacher, student } = await bothIn(l);
        const bad: [string, string][] = [
          ["{not json", "invalid_json"],
          ["", "invalid_json"],
          ['{"type":"webrtc:offer","sdp":"v=0"', "invalid_json"],
          ["[1,2,3]", "invalid_message"],
          ["null", "invalid_message"],
          ['"webrtc:ready"', "invalid_message"],
          ['{"type":"webrtc:hangup"}', "unknown_type"],
          ['{"sdp":"v=0"}', "unknown_type"],
          ['{"type":42}', "unknown_type"],
          ['{"type":"booking:user-left","userId":"x"}', "unknown_type"],
          ['{"type":"webrtc:offer"}', "invalid_message"],
          ['{"type":"webrtc:answer","sdp":""}', "invalid_message"],
          ['{"type":"webrtc:ice-candidate"}', "invalid_message"],
          ['{"type":"media:toggle-mic","isMuted":"yes"}', "invalid_message"],
          ['{"type":"media:toggle-video"}', "invalid_message"],
        ];
        for (const [text, code] of bad) {
          teacher.send(text);
          const error = await teacher.expect("error");
          assert.equal(error.code, code, text);
          assert.equal(typeof error.message, "string");
          assert.deepEqual(Object.keys(error).sort(), [
            "code",
            "message",
            "type",
          ]);
        }
        // The next valid message is the first thing the peer receives.
        teacher.send({ type: "webrtc:offer", sdp: "after the errors" });
        assert.deepEqual(await student.next(), {
          type: "webrtc:offer",
          sdp: "after the errors",
          fromUserId: l.teacher.id,
        });
        await teacher.expectSilence(100);
        await teacher.close();
        await student.close();
      },
    );

    await t.step(
      "more than 20 invalid messages in a row close the socket with 1008",
      async () => {
        const l = await lesson();
        const { teacher, student } = await bothIn(l);
        // Exactly 21: frames still arriving after a server-side close make
        // Deno drop the connection without the close frame (see the flood).
        for (let i = 0; i < 21; i++) teacher.send(`garbage ${i}`);
        for (let i = 0; i < 20; i++) await teacher.expect("error");
        assert.equal((await teacher.closedWithin()).code, CLOSE.POLICY);
        assert.deepEqual(await student.next(), {
          type: "booking:user-left",
          userId: l.teacher.id,
        });
        await student.expectSilence(100);
        await student.close();
      },
    );

    await t.step(
      "an oversize frame closes with 1009 and a binary frame with 1003; the peer only sees them leave",
      async () => {
        const l = await lesson();
        const { teacher, student } = await bothIn(l);
        // Exactly at the limit is still a frame the relay reads.
        const atLimit = JSON.stringify({ type: "webrtc:offer", sdp: "" });
        teacher.send(
          atLimit.replace(
            '"sdp":""',
            `"sdp":"${"x".repeat(MAX_FRAME_BYTES - atLimit.length)}"`,
          ),
        );
        assert.equal((await teacher.expect("error")).code, "invalid_message");
        teacher.send({
          type: "webrtc:offer",
          sdp: "x".repeat(MAX_FRAME_BYTES),
        });
        assert.equal((await teacher.closedWithin()).code, CLOSE.TOO_BIG);
        assert.deepEqual(await student.next(), {
          type: "booking:user-left",
          userId: l.teacher.id,
        });

        const { client: again } = await join(l.id, l.teacherCookie);
        await student.expect("booking:user-joined");
        again.send(new TextEncoder().encode('{"type":"webrtc:ready"}'));
        assert.equal((await again.closedWithin()).code, CLOSE.UNSUPPORTED_DATA);
        assert.deepEqual(await student.next(), {
          type: "booking:user-left",
          userId: l.teacher.id,
        });
        await student.expectSilence(100);

        // Multi-byte text over the limit in bytes but not in characters.
        const { client: third } = await join(l.id, l.teacherCookie);
        await student.expect("booking:user-joined");
        third.send({
          type: "webrtc:offer",
          sdp: "é".repeat(MAX_FRAME_BYTES / 2 + 10),
        });
        assert.equal((await third.closedWithin()).code, CLOSE.TOO_BIG);
        await student.expect("booking:user-left");

        const { client: fourth } = await join(l.id, l.teacherCookie);
        await student.expect("booking:user-joined");
        fourth.send({ type: "webrtc:offer", sdp: "still served" });
        assert.equal((await student.next()).sdp, "still served");
        await fourth.close();
        await student.close();
      },
    );

    await t.step(
      "a flood closes the flooder with 1008 and the peer keeps working",
      async () => {
        const l = await lesson();
        const { teacher, student } = await bothIn(l);
        for (let i = 0; i < 1_000; i++) {
          teacher.send({ type: "webrtc:ice-candidate", candidate: null });
        }
        // The server closes with 1008, but Deno's server drops a connection
        // whose peer keeps sending after the close frame, so the flooder may
        // see an abnormal closure (0 in Deno, 1006 in browsers) instead.
        const { code } = await teacher.closedWithin();
        assert.ok(
          [CLOSE.POLICY, 0, 1006].includes(code as 1008),
          `closed with ${code}`,
        );
        let relayed = 0;
        while (true) {
          const m = await student.next();
          if (m.type === "booking:user-left") break;
          assert.equal(m.type, "webrtc:ice-candidate");
          assert.equal(m.fromUserId, l.teacher.id);
          relayed++;
        }
        assert.ok(
          relayed >= 200 && relayed < 260,
          `the burst of 200 got through, not the flood (${relayed})`,
        );
        await student.expectSilence(200);

        const { client: again } = await join(l.id, l.teacherCookie);
        await student.expect("booking:user-joined");
        student.send({ type: "webrtc:offer", sdp: "peer still works" });
        assert.deepEqual(await again.next(), {
          type: "webrtc:offer",
          sdp: "peer still works",
          fromUserId: l.student.id,
        });
        again.send({ type: "webrtc:answer", sdp: "and back" });
        assert.equal((await student.next()).sdp, "and back");
        await again.close();
        await student.close();
      },
    );

    await t.step(
      "a randomized fuzz of 10,000 frames leaves the relay healthy",
      async () => {
        const seed = Number(
          Deno.env.get("FUZZ_SEED") ?? Math.floor(Math.random() * 2 ** 31),
        );
        const fuzz = new Fuzzer(seed);
        let l = await lesson();
        let { client: peer } = await join(l.id, l.studentCookie);
        const stats = { seed, ok: 0, bad: 0, sockets: 0, killers: 0 };
        let sent = 0;
        let marker = 0;
        while (sent < 10_000) {
          // A new lesson every 25 sockets: reconnecting this fast is a loop
          // the per-user reconnect budget (30 at once) is there to stop.
          if (stats.sockets > 0 && stats.sockets % 25 === 0) {
            await peer.expectSilence(50);
            await peer.close();
            l = await lesson();
            ({ client: peer } = await join(l.id, l.studentCookie));
          }
          const { client: fuzzer } = await join(l.id, l.teacherCookie);
          stats.sockets++;
          assert.deepEqual(
            await peer.next(),
            {
              type: "booking:user-joined",
              userId: l.teacher.id,
              username: l.teacher.username,
              isMuted: false,
              isVideoOff: false,
            },
            `seed ${seed}`,
          );
          const expected: unknown[] = [];
          const errors: string[] = [];
          let invalidInARow = 0;
          for (let i = 0; i < 150 && sent < 10_000; i++) {
            let text = fuzz.frame();
            let parsed = parseClientMessage(text);
            if (parsed.ok && parsed.message.type === "booking:leave") {
              text = "{}";
              parsed = parseClientMessage(text);
            }
            if (!parsed.ok && invalidInARow === 15) {
              // Stay under the invalid-in-a-row limit with a valid message.
              text = JSON.stringify({
                type: "media:toggle-mic",
                isMuted: true,
              });
              parsed = parseClientMessage(text);
            }
            fuzzer.send(text);
            sent++;
            if (parsed.ok) {
              invalidInARow = 0;
              stats.ok++;
              expected.push(asRelayed(parsed.message, l.teacher.id));
            } else {
              invalidInARow++;
              stats.bad++;
              errors.push(parsed.code);
            }
          }
          const sdp = `marker ${marker++}`;
          fuzzer.send({ type: "webrtc:offer", sdp });
          expected.push({
            type: "webrtc:offer",
            sdp,
            fromUserId: l.teacher.id,
          });
          for (const [n, want] of expected.entries()) {
            assert.deepEqual(
              await peer.next(),
              want,
              `seed ${seed}, socket ${stats.sockets}, relay ${n}`,
            );
          }
          for (const code of errors) {
            const error = await fuzzer.next();
            assert.equal(error.type, "error", `seed ${seed}`);
            assert.equal(error.code, code, `seed ${seed}`);
          }

          // Now and then a frame that must end the socket.
          const killer = stats.sockets % 10 === 0 ? fuzz.killer() : null;
          if (killer) {
            stats.killers++;
            fuzzer.send(killer.frame);
            sent++;
            assert.equal(
              (await fuzzer.closedWithin()).code,
              killer.code,
              `seed ${seed}`,
            );
          } else {
            await fuzzer.close();
          }
          assert.deepEqual(await peer.next(), {
            type: "booking:user-left",
            userId: l.teacher.id,
          }, `seed ${seed}`);
          assert.equal(fuzzer.pending.length, 0, `seed ${seed}`);
        }
        assert.ok(stats.ok > 1_000 && stats.bad > 5_000, JSON.stringify(stats));
        await peer.expectSilence(100);
        await peer.close();

        // A fresh pair still talks, and the server still answers.
        const fresh = await lesson();
        const { teacher, student } = await bothIn(fresh);
        teacher.send({ type: "webrtc:offer", sdp: "after the fuzz" });
        assert.deepEqual(await student.next(), {
          type: "webrtc:offer",
          sdp: "after the fuzz",
          fromUserId: fresh.teacher.id,
        });
        student.send({ type: "webrtc:answer", sdp: "answered" });
        assert.equal((await teacher.next()).fromUserId, fresh.student.id);
        const health = await fetch(`${origin}/healthz`);
        assert.equal(health.status, 200);
        await health.body?.cancel();
        await teacher.close();
        await student.close();
        console.log(`fuzz: ${JSON.stringify(stats)}`);
      },
    );

    await t.step(
      "a second socket of the same user replaces the first with 4001; the peer sees no leave",
      async () => {
        const l = await lesson();
        const { teacher: first, student } = await bothIn(l);
        const { client: second, joined } = await join(l.id, l.teacherCookie);
        assert.deepEqual(joined.peers.map((p: Received) => p.userId), [
          l.student.id,
        ]);
        const closed: Closed = await first.closedWithin();
        assert.equal(closed.code, CLOSE.REPLACED);
        // The peer starts over with the new connection, without a leave.
        assert.deepEqual(await student.next(), {
          type: "booking:user-joined",
          userId: l.teacher.id,
          username: l.teacher.username,
          isMuted: false,
          isVideoOff: false,
        });
        await student.expectSilence(300);

        second.send({ type: "webrtc:offer", sdp: "from the new tab" });
        assert.deepEqual(await student.next(), {
          type: "webrtc:offer",
          sdp: "from the new tab",
          fromUserId: l.teacher.id,
        });
        student.send({ type: "webrtc:answer", sdp: "to the new tab" });
        assert.equal((await second.next()).sdp, "to the new tab");
        await second.close();
        assert.deepEqual(await student.next(), {
          type: "booking:user-left",
          userId: l.teacher.id,
        });
        await student.close();
      },
    );

    await t.step(
      "a replaced socket does not end the attendance of the socket that replaced it",
      async () => {
        const l = await lesson();
        // The first tab is a raw socket, so the test decides when its
        // connection ends: after the second tab's join is recorded.
        const first = await SilentSocket.open(signalUrl(origin, l.id), {
          Cookie: l.teacherCookie,
          Origin: origin,
        });
        assert.equal(first.status, 101);
        await eventually(async () => {
          const rows = await attendance(app.db, l.id);
          return rows.length === 1 ? rows : null;
        }, "the first join");
        const { client: second } = await join(l.id, l.teacherCookie);
        await eventually(async () => {
          const rows = await attendance(app.db, l.id);
          return rows.length === 2 ? rows : null;
        }, "the second join");
        try {
          const replaced = await first.readUntilClosed();
          assert.equal(replaced.code, CLOSE.REPLACED);
          first.close();
          await delay(300);
          assert.equal(second.isClosed, false);
          const rows = await attendance(app.db, l.id);
          assert.equal(
            rows.filter((r) => r.left_at === null).length,
            1,
            "the teacher is still in the room, so the second row stays open",
          );
        } finally {
          first.close();
          await second.close();
        }
        await allLeft(app.db, l.id);
      },
    );

    await t.step(
      "cancelling the booking closes both sockets with 4004",
      async () => {
        const l = await lesson({ startInMinutes: 5 });
        const { teacher, student } = await bothIn(l);
        const res = await api(`/api/bookings/${l.id}/cancel`, {
          method: "POST",
          cookie: l.studentCookie,
          body: { reason: "Something came up" },
        });
        assert.equal(res.status, 200);
        assert.equal((await res.json()).status, "cancelled");
        assert.equal((await teacher.closedWithin()).code, CLOSE.ROOM_CLOSED);
        assert.equal((await student.closedWithin()).code, CLOSE.ROOM_CLOSED);
        const again = await tryUpgrade(signalUrl(origin, l.id), {
          origin,
          cookie: l.teacherCookie,
        });
        assert.equal(again.status, 409);
        await again.body?.cancel();
      },
    );

    await t.step(
      "logging out closes that session's socket with 4003",
      async () => {
        const l = await lesson();
        const studentCookie = await signIn(l.student);
        const { client: teacher } = await join(l.id, l.teacherCookie);
        const { client: student } = await join(l.id, studentCookie);
        await teacher.expect("booking:user-joined");

        const out = await api("/api/auth/logout", {
          method: "POST",
          cookie: studentCookie,
        });
        assert.equal(out.status, 204);
        await out.body?.cancel();
        assert.equal(
          (await student.closedWithin()).code,
          CLOSE.SESSION_ENDED,
        );
        assert.deepEqual(await teacher.next(), {
          type: "booking:user-left",
          userId: l.student.id,
        });
        // The teacher's own session is untouched.
        assert.equal(teacher.isClosed, false);
        const refused = await tryUpgrade(signalUrl(origin, l.id), {
          origin,
          cookie: studentCookie,
        });
        assert.equal(refused.status, 401);
        await refused.body?.cancel();
        await teacher.close();
      },
    );

    await t.step(
      "attendance rows record each join and leave",
      async () => {
        const l = await lesson();
        const { client: teacher } = await join(l.id, l.teacherCookie);
        const afterTeacher = await eventually(async () => {
          const rows = await attendance(app.db, l.id);
          return rows.length === 1 ? rows : null;
        }, "the teacher's join");
        assert.equal(afterTeacher[0].user_id, l.teacher.id);
        assert.equal(afterTeacher[0].left_at, null);

        const { client: student } = await join(l.id, l.studentCookie);
        await teacher.expect("booking:user-joined");
        await eventually(async () => {
          const rows = await attendance(app.db, l.id);
          return rows.length === 2 ? rows : null;
        }, "the student's join");
        student.send({ type: "booking:leave" });
        await student.closedWithin();
        const afterLeave = await eventually(async () => {
          const rows = await attendance(app.db, l.id);
          const mine = rows.find((r) => r.user_id === l.student.id);
          return mine?.left_at ? rows : null;
        }, "the student's leave");
        assert.equal(afterLeave.length, 2);
        const studentRow = afterLeave.find((r) => r.user_id === l.student.id)!;
        assert.ok(studentRow.left_at! >= studentRow.joined_at);
        assert.equal(
          afterLeave.find((r) => r.user_id === l.teacher.id)!.left_at,
          null,
        );

        await teacher.close();
        await allLeft(app.db, l.id);
        const rows = await attendance(app.db, l.id);
        assert.deepEqual(
          rows.map((r) => r.user_id).sort(),
          [
            l.student.id,
            l.teacher.id,
          ].sort(),
        );
      },
    );

    await t.step(
      "a join followed at once by a leave still closes its attendance row",
      async () => {
        const l = await lesson();
        const joinAndLeave = async () => {
          const { client } = await join(l.id, l.studentCookie);
          client.send({ type: "booking:leave" });
          await client.closedWithin();
        };
        if (app.db.kind === "postgres") {
          // A slow INSERT of the join (here: held up by a lock on the
          // booking row its foreign key checks) must not let the leave be
          // recorded first and leave the row open for ever.
          await app.db.transaction(async (tx) => {
            await tx.query("SELECT 1 FROM bookings WHERE id = $1 FOR UPDATE", [
              l.id,
            ]);
            await joinAndLeave();
            await delay(200);
          });
        } else {
          for (let i = 0; i < 5; i++) await joinAndLeave();
        }
        await delay(300);
        const rows = await attendance(app.db, l.id);
        assert.ok(rows.length >= 1);
        assert.deepEqual(
          rows.filter((r) => r.left_at === null),
          [],
          "no attendance row stays open after the leave",
        );
      },
    );

    await t.step(
      "ICE servers: participants only, with coturn REST credentials",
      async () => {
        const l = await lesson();
        const outsider = await createTestUser(app.db);
        const path = `/api/bookings/${l.id}/ice-servers`;

        const anonymous = await api(path);
        assert.equal(anonymous.status, 401);
        await anonymous.body?.cancel();
        const forbidden = await api(path, {
          cookie: sessionCookie(await app.tokenFor(outsider)),
        });
        assert.equal(forbidden.status, 403);
        assert.equal((await forbidden.json()).error.code, "forbidden");
        const missing = await api(
          `/api/bookings/${crypto.randomUUID()}/ice-servers`,
          { cookie: l.studentCookie },
        );
        assert.equal(missing.status, 404);
        await missing.body?.cancel();

        const before = Math.floor(Date.now() / 1000);
        const res = await api(path, { cookie: l.studentCookie });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), JSON_TYPE);
        assert.equal(res.headers.get("cache-control"), "no-store");
        const body = await res.json();
        assert.equal(body.iceTransportPolicy, "all");
        assert.deepEqual(body.iceServers[0], {
          urls: "stun:stun.l.google.com:19302",
        });
        const turn = body.iceServers.find((s: RTCIceServer) =>
          JSON.stringify(s.urls).includes("turn:")
        );
        assert.deepEqual(turn.urls, ["turn:127.0.0.1:3478"]);
        const [expiryText, userId] = turn.username.split(":");
        assert.equal(userId, l.student.id);
        const expiry = Number(expiryText);
        assert.ok(Number.isInteger(expiry));
        assert.ok(
          expiry >= before + 5 * 60 && expiry <= before + 30 * 60 + 1,
          `expiry ${expiry - before} s ahead`,
        );
        assert.equal(
          turn.credential,
          createHmac("sha1", TURN_SECRET).update(turn.username).digest(
            "base64",
          ),
        );
        assert.equal(body.expiresAt, new Date(expiry * 1000).toISOString());

        const teacherRes = await api(path, { cookie: l.teacherCookie });
        const teacherTurn = (await teacherRes.json()).iceServers.at(-1);
        assert.match(teacherTurn.username, new RegExp(`:${l.teacher.id}$`));
      },
    );
  } finally {
    // Let the hub record the last leaves before the schema goes away.
    await eventually(
      () => Promise.resolve(app.signaling.socketCount === 0 ? true : null),
      "every socket to close",
    ).catch(() => {});
    await delay(300);
    await app.close();
    await server.shutdown();
  }
});

Deno.test("signaling relay (real server process on PostgreSQL)", async (t) => {
  const schema = await openTestSchema();
  const jwtSecret = randomSecret();
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    server = await startServer({
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      JWT_SECRET: jwtSecret,
      SIGNALING_BUS: "memory",
      SIGNALING_IDLE_TIMEOUT: "2",
    });
    const { origin } = server;
    const teacher = await createTestUser(schema.db, { role: "teacher" });
    const student = await createTestUser(schema.db);
    const booking = await createTestBooking(schema.db, {
      teacher,
      student,
      startInMinutes: -5,
    });
    const studentCookie = sessionCookie(
      (await createSession(
        schema.db,
        new TextEncoder().encode(jwtSecret),
        student.id,
      )).token,
    );
    let teacherCookie = "";

    await t.step("GET /healthz and login work", async () => {
      const health = await fetch(`${origin}/healthz`);
      assert.equal(health.status, 200);
      await health.body?.cancel();
      const login = await fetch(`${origin}/api/auth/login`, {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ email: teacher.email, password: TEST_PASSWORD }),
      });
      assert.equal(login.status, 200);
      await login.body?.cancel();
      teacherCookie = cookieFrom(login);
    });

    await t.step(
      "ICE servers default to public STUN without TURN",
      async () => {
        const res = await fetch(
          `${origin}/api/bookings/${booking.id}/ice-servers`,
          { headers: { cookie: teacherCookie } },
        );
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), {
          iceServers: [{ urls: "stun:stun.l.google.com:19302" }],
          iceTransportPolicy: "all",
          expiresAt: null,
        });
      },
    );

    await t.step(
      "a socket that never answers pings is closed and the peer sees it leave",
      async () => {
        const teacherClient = await SignalClient.connect(
          signalUrl(origin, booking.id),
          { cookie: teacherCookie, origin },
        );
        await teacherClient.expect("booking:joined");
        const silent = await SilentSocket.open(signalUrl(origin, booking.id), {
          Cookie: studentCookie,
          Origin: origin,
        });
        assert.equal(silent.status, 101);
        await teacherClient.expect("booking:user-joined");
        const started = Date.now();
        const ended = await silent.readUntilClosed();
        silent.close();
        const waited = Date.now() - started;
        assert.ok(ended.opcodes.includes(0x9), "the server pinged");
        assert.ok(waited < 8_000, `closed after ${waited} ms`);
        assert.deepEqual(await teacherClient.next(8_000), {
          type: "booking:user-left",
          userId: student.id,
        });
        // A client that answers pings stays past the timeout.
        await delay(2_500);
        assert.equal(teacherClient.isClosed, false);
        teacherClient.send({ type: "webrtc:ready" });
        await teacherClient.expectSilence(100);
        await teacherClient.close();
      },
    );

    await t.step(
      "SIGTERM closes open sockets with 1012 and the process exits",
      async () => {
        const a = await SignalClient.connect(signalUrl(origin, booking.id), {
          cookie: teacherCookie,
          origin,
        });
        await a.expect("booking:joined");
        const b = await SignalClient.connect(signalUrl(origin, booking.id), {
          cookie: studentCookie,
          origin,
        });
        await b.expect("booking:joined");
        await a.expect("booking:user-joined");
        const status = await server!.stop("SIGTERM");
        assert.equal((await a.closedWithin()).code, CLOSE.RESTART);
        assert.equal((await b.closedWithin()).code, CLOSE.RESTART);
        assert.equal(
          status.signal,
          null,
          `exited on its own:\n${server!.logs()}`,
        );
        assert.equal(status.code, 0, server!.logs());
      },
    );
  } catch (err) {
    console.error(`Server output:\n${server?.logs()}`);
    throw err;
  } finally {
    await server?.stop("SIGKILL");
    await schema.drop();
  }
});

/** What the peer receives for a valid client message of `from`. */
function asRelayed(message: ClientMessage, from: string): unknown {
  let out: unknown;
  switch (message.type) {
    case "webrtc:ready":
      out = { type: "webrtc:peer-ready", userId: from };
      break;
    case "webrtc:offer":
    case "webrtc:answer":
      out = { type: message.type, sdp: message.sdp, fromUserId: from };
      break;
    case "webrtc:ice-candidate":
      out = {
        type: message.type,
        candidate: message.candidate,
        fromUserId: from,
      };
      break;
    case "media:toggle-mic":
      out = {
        type: "media:user-muted",
        userId: from,
        isMuted: message.isMuted,
      };
      break;
    case "media:toggle-video":
      out = {
        type: "media:user-video-off",
        userId: from,
        isVideoOff: message.isVideoOff,
      };
      break;
    default:
      throw new Error(`Not relayed: ${message.type}`);
  }
  // As it travels: JSON drops undefined and turns -0 into 0.
  return JSON.parse(JSON.stringify(out));
}

/** Random frames, reproducible from a seed (set FUZZ_SEED to replay one). */
class Fuzzer {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** mulberry32 */
  #random(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  #int(n: number): number {
    return Math.floor(this.#random() * n);
  }

  #pick<T>(items: readonly T[]): T {
    return items[this.#int(items.length)];
  }

  #valid(): Record<string, unknown> {
    const candidate = () =>
      this.#random() < 0.2 ? null : {
        candidate: `candidate:${this.#int(1e9)} 1 udp ${
          this.#int(2 ** 31)
        } 10.0.${this.#int(255)}.${this.#int(255)} ${
          this.#int(65535)
        } typ host`,
        sdpMid: this.#pick(["0", "1", null, undefined]),
        sdpMLineIndex: this.#pick([0, 1, 2, null, undefined]),
        usernameFragment: this.#pick(["abcd", null, undefined]),
      };
    return this.#pick([
      () => ({ type: "webrtc:ready" }),
      () => ({ type: "webrtc:offer", sdp: `v=0\r\no=- ${this.#int(1e9)}\r\n` }),
      () => ({ type: "webrtc:answer", sdp: `v=0\r\ns=${this.#int(1e9)}\r\n` }),
      () => ({ type: "webrtc:ice-candidate", candidate: candidate() }),
      () => ({ type: "media:toggle-mic", isMuted: this.#random() < 0.5 }),
      () => ({ type: "media:toggle-video", isVideoOff: this.#random() < 0.5 }),
    ])();
  }

  #strange(): unknown {
    return this.#pick<() => unknown>([
      () => null,
      () => true,
      () => -0,
      () => 1e308,
      () => -1e308,
      () => Number.MAX_SAFE_INTEGER + 2,
      () => 0.1,
      () => "",
      () => "\u0000\u200b\ud83d\ude00",
      () => "\ud800",
      () => "x".repeat(this.#int(70_000)),
      () => [],
      () => ({}),
      () => ({ __proto__: { polluted: true } }),
      () => JSON.parse('{"__proto__":{"isAdmin":true}}'),
      () => ({ constructor: { prototype: { polluted: true } } }),
      () => this.#valid(),
    ])();
  }

  #deep(): string {
    const depth = 100 + this.#int(4_000);
    const [open, close] = this.#pick([["[", "]"], ['{"a":', "}"]]);
    const inner = open.repeat(depth) + "1" + close.repeat(depth);
    return this.#pick([
      inner,
      `{"type":"webrtc:offer","sdp":${inner}}`,
      `{"type":"webrtc:ice-candidate","candidate":{"candidate":"c","x":${inner}}}`,
      `{"type":"webrtc:ready","extra":${inner}}`,
    ]);
  }

  #mutate(text: string): string {
    const chars = [...text];
    const edits = 1 + this.#int(4);
    for (let i = 0; i < edits && chars.length > 0; i++) {
      const at = this.#int(chars.length);
      const op = this.#int(3);
      const ch = this.#pick([...'{}[]":,\\ 0123456789eE-+.tfn\u0000é']);
      if (op === 0) chars[at] = ch;
      else if (op === 1) chars.splice(at, 1);
      else chars.splice(at, 0, ch);
    }
    return chars.join("");
  }

  /** One text frame under the size limit. */
  frame(): string {
    const kind = this.#int(8);
    let text: string;
    switch (kind) {
      case 0: {
        const bytes = new Uint8Array(this.#int(300));
        for (let i = 0; i < bytes.length; i++) bytes[i] = this.#int(256);
        text = new TextDecoder().decode(bytes);
        break;
      }
      case 1: {
        const valid = JSON.stringify(this.#valid());
        text = valid.slice(0, this.#int(valid.length));
        break;
      }
      case 2:
        text = this.#mutate(JSON.stringify(this.#valid()));
        break;
      case 3: {
        const message = this.#valid();
        const keys = [
          "type",
          "sdp",
          "candidate",
          "isMuted",
          "isVideoOff",
          "fromUserId",
          "userId",
          "__proto__",
          "constructor",
          "toString",
        ];
        const key = this.#pick(keys);
        const value = this.#strange();
        if (key === "__proto__") {
          text = JSON.stringify(message).replace(
            /^\{/,
            `{"__proto__":${JSON.stringify(value) ?? "null"},`,
          );
        } else {
          text = JSON.stringify({ ...message, [key]: value });
        }
        break;
      }
      case 4:
        text = this.#deep();
        break;
      case 5:
        text = JSON.stringify({
          type: this.#pick([
            "webrtc:Offer",
            "webrtc:offer ",
            "booking:joined",
            "error",
            "__proto__",
            "constructor",
            "hasOwnProperty",
            "",
            "webrtc:ice-candidate\u0000",
          ]),
          sdp: "v=0",
        });
        break;
      case 6:
        text = JSON.stringify(this.#valid());
        break;
      default: {
        const alphabet = '{}[]":,0123456789truefalsnul\\ abcé-.';
        const length = this.#int(120);
        text = "";
        for (let i = 0; i < length; i++) text += this.#pick([...alphabet]);
      }
    }
    // Over the limit ends the socket; those are sent on purpose, as killers.
    return new TextEncoder().encode(text).length > MAX_FRAME_BYTES
      ? text.slice(0, 1_000)
      : text;
  }

  /** A frame that must end the socket, and the close code it must get. */
  killer(): { frame: string | Uint8Array; code: number } {
    return this.#pick<() => { frame: string | Uint8Array; code: number }>([
      () => ({
        frame: new Uint8Array(1 + this.#int(100)),
        code: CLOSE.UNSUPPORTED_DATA,
      }),
      () => ({
        frame: "{".repeat(MAX_FRAME_BYTES + 1 + this.#int(1_000)),
        code: CLOSE.TOO_BIG,
      }),
    ])();
  }
}
