// Two real server processes on one PostgreSQL schema with
// SIGNALING_BUS=postgres, a participant on each, as on Deno Deploy or
// behind a load balancer: presence, relay, large messages, order,
// replacement, cancellation, logout, and an instance that dies.
import assert from "node:assert/strict";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import {
  delay,
  openTestSchema,
  randomSecret,
  type Received,
  type ServerProcess,
  sessionCookie,
  SignalClient,
  signalUrl,
  startServer,
  type TestSchema,
} from "@/tests/_server.ts";
import { createSession } from "@/lib/auth/session.ts";
import type { User } from "@/lib/auth/users.ts";
import { CLOSE } from "@/lib/signaling/protocol.ts";
import { channelFor } from "@/lib/signaling/bus.ts";

/** The public origin both instances serve, as behind one load balancer. */
const APP_ORIGIN = "http://talkroom.test";

/** A realistic SDP of about `bytes` bytes (over NOTIFY's 8000-byte limit). */
function bigSdp(bytes: number, tag: string): string {
  const lines = ["v=0", `o=- ${tag} 2 IN IP4 127.0.0.1`, "s=-", "t=0 0"];
  let i = 0;
  while (lines.join("\r\n").length < bytes) {
    lines.push(
      `a=candidate:${i} 1 udp ${2122260223 - i} 192.0.2.${i % 250} ${
        50000 + i
      } typ host generation 0 ufrag Ünïcødé network-id ${i}`,
    );
    i++;
  }
  return lines.join("\r\n") + "\r\n";
}

Deno.test("signaling across two server processes on one PostgreSQL", async (t) => {
  const schema: TestSchema = await openTestSchema();
  const jwtSecret = randomSecret();
  const key = new TextEncoder().encode(jwtSecret);
  const env = {
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    JWT_SECRET: jwtSecret,
    SIGNALING_BUS: "postgres",
    APP_ORIGIN,
  };
  let a: ServerProcess | null = null;
  let b: ServerProcess | null = null;
  const clients: SignalClient[] = [];

  const cookieFor = async (user: User) =>
    sessionCookie((await createSession(schema.db, key, user.id)).token);

  async function connect(
    server: ServerProcess,
    bookingId: string,
    cookie: string,
  ): Promise<{ client: SignalClient; joined: Received }> {
    const client = await SignalClient.connect(
      signalUrl(server.origin, bookingId),
      { cookie, origin: APP_ORIGIN },
    );
    clients.push(client);
    return { client, joined: await client.expect("booking:joined") };
  }

  /**
   * Waits until a client knows a peer: in `booking:joined` when its instance
   * had already heard of them, otherwise by a `booking:user-joined`.
   */
  async function learnsOf(
    client: SignalClient,
    joined: Received | null,
    user: User,
  ): Promise<Received> {
    const known = joined?.peers.find((p: Received) => p.userId === user.id);
    if (known) return known;
    return await client.waitFor(
      (m) => m.type === "booking:user-joined" && m.userId === user.id,
      10_000,
    );
  }

  try {
    // One after the other: the second must not race the first's start-up.
    a = await startServer(env);
    b = await startServer(env);
    const A = a, B = b;

    const teacher = await createTestUser(schema.db, { role: "teacher" });
    const student = await createTestUser(schema.db);
    const booking = await createTestBooking(schema.db, {
      teacher,
      student,
      startInMinutes: -5,
    });
    const teacherCookie = await cookieFor(teacher);
    const studentCookie = await cookieFor(student);
    let onA: SignalClient;
    let onB: SignalClient;

    await t.step("presence reaches across instances both ways", async () => {
      const first = await connect(A, booking.id, teacherCookie);
      onA = first.client;
      assert.deepEqual(first.joined.peers, []);
      const second = await connect(B, booking.id, studentCookie);
      onB = second.client;
      assert.equal(second.joined.you.userId, student.id);
      const { type: _type, ...seenByTeacher } = await learnsOf(
        onA,
        null,
        student,
      );
      assert.deepEqual(
        seenByTeacher,
        {
          userId: student.id,
          username: student.username,
          isMuted: false,
          isVideoOff: false,
        },
      );
      const seenByStudent = await learnsOf(onB, second.joined, teacher);
      assert.equal(seenByStudent.username, teacher.username);
      assert.equal(seenByStudent.isMuted, false);
    });

    await t.step(
      "offer, answer, candidates and media state cross with the true sender id",
      async () => {
        // Presence announcements may still arrive; only relays matter here.
        const relayed = (c: SignalClient, type: string) =>
          c.waitFor((m) => m.type === type);
        onA.send({ type: "webrtc:ready", userId: student.id });
        assert.deepEqual(await relayed(onB, "webrtc:peer-ready"), {
          type: "webrtc:peer-ready",
          userId: teacher.id,
        });
        onA.send({
          type: "webrtc:offer",
          sdp: "v=0\r\noffer",
          fromUserId: student.id,
        });
        assert.deepEqual(await relayed(onB, "webrtc:offer"), {
          type: "webrtc:offer",
          sdp: "v=0\r\noffer",
          fromUserId: teacher.id,
        });
        onB.send({
          type: "webrtc:answer",
          sdp: "v=0\r\nanswer",
          fromUserId: teacher.id,
        });
        assert.deepEqual(await relayed(onA, "webrtc:answer"), {
          type: "webrtc:answer",
          sdp: "v=0\r\nanswer",
          fromUserId: student.id,
        });
        const candidate = {
          candidate: "candidate:7 1 udp 1686052607 203.0.113.9 61000 typ srflx",
          sdpMid: "0",
          sdpMLineIndex: 0,
        };
        onB.send({ type: "webrtc:ice-candidate", candidate, extra: 1 });
        assert.deepEqual(await relayed(onA, "webrtc:ice-candidate"), {
          type: "webrtc:ice-candidate",
          candidate,
          fromUserId: student.id,
        });
        onA.send({ type: "webrtc:ice-candidate", candidate: null });
        assert.deepEqual(await relayed(onB, "webrtc:ice-candidate"), {
          type: "webrtc:ice-candidate",
          candidate: null,
          fromUserId: teacher.id,
        });
        onB.send({ type: "media:toggle-video", isVideoOff: true });
        assert.deepEqual(await relayed(onA, "media:user-video-off"), {
          type: "media:user-video-off",
          userId: student.id,
          isVideoOff: true,
        });
        onB.send({ type: "media:toggle-video", isVideoOff: false });
        await relayed(onA, "media:user-video-off");
      },
    );

    await t.step(
      "an offer of about 20 KB (over NOTIFY's 8000-byte limit) arrives intact",
      async () => {
        const sdp = bigSdp(20_000, "big-offer");
        assert.ok(new TextEncoder().encode(sdp).length > 20_000);
        onA.send({ type: "webrtc:offer", sdp });
        assert.deepEqual(
          await onB.waitFor((m) => m.type === "webrtc:offer"),
          { type: "webrtc:offer", sdp, fromUserId: teacher.id },
        );
        const answer = bigSdp(12_000, "big-answer");
        onB.send({ type: "webrtc:answer", sdp: answer });
        assert.deepEqual(
          await onA.waitFor((m) => m.type === "webrtc:answer"),
          { type: "webrtc:answer", sdp: answer, fromUserId: student.id },
        );
      },
    );

    await t.step(
      "a sender's order is kept: 200 numbered candidates around a large offer",
      async () => {
        const sent: string[] = [];
        for (let i = 0; i < 200; i++) {
          if (i === 100) {
            const sdp = bigSdp(15_000, "in-between");
            sent.push(`offer:${sdp.length}`);
            onB.send({ type: "webrtc:offer", sdp });
          }
          const candidate = `candidate:${i} 1 udp ${i} 198.51.100.1 ${
            40000 + i
          } typ host`;
          sent.push(candidate);
          onB.send({ type: "webrtc:ice-candidate", candidate: { candidate } });
          // Stay inside the flood limit (a burst of 200, then 50 a second).
          if (i % 50 === 49) await delay(100);
        }
        const received: string[] = [];
        while (received.length < sent.length) {
          const m = await onA.waitFor((m) =>
            m.type === "webrtc:ice-candidate" || m.type === "webrtc:offer"
          );
          assert.equal(m.fromUserId, student.id);
          received.push(
            m.type === "webrtc:offer"
              ? `offer:${m.sdp.length}`
              : m.candidate.candidate,
          );
        }
        assert.deepEqual(received, sent);
      },
    );

    await t.step(
      "a participant leaving on one instance is seen leaving on the other",
      async () => {
        onB.send({ type: "booking:leave" });
        assert.equal((await onB.closedWithin()).code, CLOSE.NORMAL);
        assert.deepEqual(
          await onA.waitFor((m) => m.type === "booking:user-left"),
          { type: "booking:user-left", userId: student.id },
        );
        const again = await connect(B, booking.id, studentCookie);
        onB = again.client;
        await learnsOf(onA, null, student);
        await learnsOf(onB, again.joined, teacher);
      },
    );

    await t.step(
      "the same user opening the room on the other instance replaces the first socket (4001)",
      async () => {
        const moved = await connect(A, booking.id, studentCookie);
        assert.equal((await onB.closedWithin()).code, CLOSE.REPLACED);
        assert.deepEqual(
          moved.joined.peers.map((p: Received) => p.userId),
          [teacher.id],
        );
        const back = await connect(B, booking.id, studentCookie);
        assert.equal(
          (await moved.client.closedWithin()).code,
          CLOSE.REPLACED,
        );
        onB = back.client;
        await learnsOf(onB, back.joined, teacher);
        // The teacher saw the student come back, and never leave.
        await delay(500);
        const seen = onA.pending.filter((m) =>
          typeof m !== "string" && m.userId === student.id
        ).map((m) => (m as Received).type);
        assert.ok(
          !seen.includes("booking:user-left"),
          `the teacher saw: ${seen.join(", ")}`,
        );
        onB.send({ type: "webrtc:offer", sdp: "after moving" });
        assert.deepEqual(
          await onA.waitFor((m) => m.type === "webrtc:offer"),
          { type: "webrtc:offer", sdp: "after moving", fromUserId: student.id },
        );
      },
    );

    await t.step(
      "with both participants on one instance negotiation stays off the bus; after a move it crosses again",
      async () => {
        const t3 = await createTestUser(schema.db, { role: "teacher" });
        const s3 = await createTestUser(schema.db);
        const room = await createTestBooking(schema.db, {
          teacher: t3,
          student: s3,
          startInMinutes: -5,
        });
        // What the instances tell each other about this room's relays.
        const relays: string[] = [];
        const unlisten = await schema.db.listen(
          await channelFor(schema.schema),
          (payload) => {
            const parsed = JSON.parse(payload);
            for (const e of parsed.events ?? []) {
              if (e.room === room.id && e.event.kind === "relay") {
                relays.push(e.event.message.type);
              }
            }
          },
        );
        try {
          const teacherHere = (await connect(A, room.id, await cookieFor(t3)))
            .client;
          const studentHere = (await connect(A, room.id, await cookieFor(s3)))
            .client;
          await learnsOf(teacherHere, null, s3);
          studentHere.send({ type: "webrtc:ready" });
          await teacherHere.expect("webrtc:peer-ready");
          teacherHere.send({ type: "webrtc:offer", sdp: "local offer" });
          await studentHere.expect("webrtc:offer");
          studentHere.send({ type: "webrtc:answer", sdp: "local answer" });
          await teacherHere.expect("webrtc:answer");
          // Media state still goes out, for the presence kept elsewhere;
          // it also proves the listener hears this room's relays.
          studentHere.send({ type: "media:toggle-mic", isMuted: true });
          await teacherHere.expect("media:user-muted");
          const heard = async (type: string) => {
            const deadline = Date.now() + 5_000;
            while (!relays.includes(type)) {
              assert.ok(Date.now() < deadline, `no ${type} on the bus`);
              await delay(20);
            }
          };
          await heard("media:user-muted");
          assert.deepEqual(relays, ["media:user-muted"]);

          // The student moves to B: the negotiation crosses instances again.
          const moved = (await connect(B, room.id, await cookieFor(s3)))
            .client;
          assert.equal(
            (await studentHere.closedWithin()).code,
            CLOSE.REPLACED,
          );
          moved.send({ type: "webrtc:ready" });
          await teacherHere.waitFor((m) => m.type === "webrtc:peer-ready");
          teacherHere.send({ type: "webrtc:offer", sdp: "across" });
          assert.deepEqual(
            await moved.waitFor((m) => m.type === "webrtc:offer"),
            { type: "webrtc:offer", sdp: "across", fromUserId: t3.id },
          );
          await heard("webrtc:offer");
        } finally {
          await unlisten();
        }
      },
    );

    await t.step(
      "cancelling on one instance closes the room on both (4004)",
      async () => {
        const t2 = await createTestUser(schema.db, { role: "teacher" });
        const s2 = await createTestUser(schema.db);
        const soon = await createTestBooking(schema.db, {
          teacher: t2,
          student: s2,
          startInMinutes: 5,
        });
        const s2Cookie = await cookieFor(s2);
        const { client: x } = await connect(A, soon.id, await cookieFor(t2));
        const { client: y, joined } = await connect(B, soon.id, s2Cookie);
        await learnsOf(y, joined, t2);
        const res = await fetch(`${A.origin}/api/bookings/${soon.id}/cancel`, {
          method: "POST",
          headers: {
            cookie: s2Cookie,
            origin: APP_ORIGIN,
            "content-type": "application/json",
          },
          body: JSON.stringify({ reason: "Sick" }),
        });
        assert.equal(res.status, 200);
        await res.body?.cancel();
        assert.equal((await x.closedWithin()).code, CLOSE.ROOM_CLOSED);
        assert.equal((await y.closedWithin()).code, CLOSE.ROOM_CLOSED);
      },
    );

    await t.step(
      "logging out on one instance closes that session's socket on the other (4003)",
      async () => {
        const t3 = await createTestUser(schema.db, { role: "teacher" });
        const s3 = await createTestUser(schema.db);
        const lesson = await createTestBooking(schema.db, {
          teacher: t3,
          student: s3,
          startInMinutes: -1,
        });
        const s3Cookie = await cookieFor(s3);
        const { client: x } = await connect(A, lesson.id, await cookieFor(t3));
        const { client: y } = await connect(B, lesson.id, s3Cookie);
        await learnsOf(x, null, s3);
        const res = await fetch(`${A.origin}/api/auth/logout`, {
          method: "POST",
          headers: { cookie: s3Cookie, origin: APP_ORIGIN },
        });
        assert.equal(res.status, 204);
        await res.body?.cancel();
        assert.equal((await y.closedWithin()).code, CLOSE.SESSION_ENDED);
        await x.waitFor((m) =>
          m.type === "booking:user-left" && m.userId === s3.id
        );
        await x.close();
      },
    );

    await t.step(
      "attendance rows record joins and leaves from both instances",
      async () => {
        const rows = await schema.db.query<
          { user_id: string; left_at: Date | null }
        >(
          "SELECT user_id, left_at FROM attendance WHERE booking_id = $1",
          [booking.id],
        );
        assert.ok(rows.some((r) => r.user_id === teacher.id));
        assert.ok(
          rows.filter((r) => r.user_id === student.id).length >= 3,
          "one row per student connection",
        );
        assert.ok(
          rows.some((r) => r.user_id === student.id && r.left_at !== null),
          "the student's leave was recorded",
        );
      },
    );

    await t.step(
      "when instance A dies (SIGKILL) the student on B sees the teacher leave within ~20 s",
      async () => {
        const started = Date.now();
        await A.stop("SIGKILL");
        const left = await onB.waitFor(
          (m) => m.type === "booking:user-left",
          25_000,
        );
        assert.deepEqual(left, {
          type: "booking:user-left",
          userId: teacher.id,
        });
        const waited = Date.now() - started;
        assert.ok(waited <= 22_000, `after ${waited} ms`);
        // B keeps serving the student.
        assert.equal(onB.isClosed, false);
        const health = await fetch(`${B.origin}/healthz`);
        assert.equal(health.status, 200);
        await health.body?.cancel();
      },
    );
  } catch (err) {
    console.error(`Instance A:\n${a?.logs()}\nInstance B:\n${b?.logs()}`);
    throw err;
  } finally {
    for (const c of clients) if (!c.isClosed) await c.close().catch(() => {});
    await Promise.all([a?.stop(), b?.stop()]);
    await schema.drop();
  }
});
