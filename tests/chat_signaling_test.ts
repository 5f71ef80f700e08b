// The call's chat through the signaling relay over real sockets (the app
// in-process behind Deno.serve, on TEST_DATABASE_URL when set, PGlite
// otherwise): a message is stored, acknowledged, relayed, stored once when
// resent, refused when invalid or too fast, and read back by the API.
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import {
  delay,
  type Received,
  sessionCookie,
  SignalClient,
  signalUrl,
} from "@/tests/_server.ts";
import { CHAT_BURST } from "@/lib/signaling/chat.ts";
import { MAX_CHAT_LENGTH } from "@/lib/signaling/protocol.ts";

Deno.test("chat over the signaling relay (real sockets)", async (t) => {
  const app: TestApp = await createTestApp();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => app.handler(req),
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  const open: SignalClient[] = [];

  async function lesson() {
    const teacher = await createTestUser(app.db, { role: "teacher" });
    const student = await createTestUser(app.db);
    const booking = await createTestBooking(app.db, {
      teacher,
      student,
      startInMinutes: -5,
    });
    return {
      id: booking.id,
      teacher,
      student,
      teacherCookie: sessionCookie(await app.tokenFor(teacher)),
      studentCookie: sessionCookie(await app.tokenFor(student)),
    };
  }

  async function join(bookingId: string, cookie: string) {
    const client = await SignalClient.connect(signalUrl(origin, bookingId), {
      cookie,
      origin,
    });
    open.push(client);
    await client.expect("booking:joined");
    return client;
  }

  async function messages(bookingId: string, cookie: string) {
    const res = await fetch(`${origin}/api/bookings/${bookingId}/messages`, {
      headers: { cookie },
    });
    assert.equal(res.status, 200);
    return (await res.json()).messages as Received[];
  }

  try {
    await t.step(
      "a message is stored, acknowledged to the sender and relayed under the sender's true id",
      async () => {
        const l = await lesson();
        const teacher = await join(l.id, l.teacherCookie);
        const student = await join(l.id, l.studentCookie);
        await teacher.expect("booking:user-joined");
        student.send({
          type: "chat:send",
          id: "m-1",
          text: "  Hello, teacher  ",
          authorId: l.teacher.id, // ignored: identity comes from the session
        });
        const ack = await student.expect("chat:message");
        assert.equal(ack.id, "m-1");
        assert.equal(ack.authorId, l.student.id);
        assert.equal(ack.text, "Hello, teacher");
        assert.ok(!Number.isNaN(Date.parse(ack.at)));
        assert.deepEqual(await teacher.expect("chat:message"), ack);
        const stored = await messages(l.id, l.teacherCookie);
        assert.deepEqual(stored, [{
          id: "m-1",
          author_id: l.student.id,
          text: "Hello, teacher",
          created_at: ack.at,
        }]);
      },
    );

    await t.step(
      "a resent message is acknowledged again but stored and relayed once",
      async () => {
        const l = await lesson();
        const teacher = await join(l.id, l.teacherCookie);
        const student = await join(l.id, l.studentCookie);
        await teacher.expect("booking:user-joined");
        student.send({ type: "chat:send", id: "dup", text: "Once" });
        const first = await student.expect("chat:message");
        await teacher.expect("chat:message");
        student.send({ type: "chat:send", id: "dup", text: "Once" });
        assert.deepEqual(await student.expect("chat:message"), first);
        await teacher.expectSilence(300);
        assert.equal((await messages(l.id, l.studentCookie)).length, 1);
      },
    );

    await t.step(
      "a message sent while the other side is away survives for later",
      async () => {
        const l = await lesson();
        const student = await join(l.id, l.studentCookie);
        student.send({ type: "chat:send", id: "early", text: "I am here" });
        await student.expect("chat:message");
        student.send({ type: "booking:leave" });
        await student.closedWithin();
        const teacher = await join(l.id, l.teacherCookie);
        await teacher.expectSilence(200);
        assert.deepEqual(
          (await messages(l.id, l.teacherCookie)).map((m) => m.text),
          ["I am here"],
        );
      },
    );

    await t.step(
      "a blank, too long or control-character message is refused and never relayed",
      async () => {
        const l = await lesson();
        const teacher = await join(l.id, l.teacherCookie);
        const student = await join(l.id, l.studentCookie);
        await teacher.expect("booking:user-joined");
        for (
          const text of [
            "   ",
            "x".repeat(MAX_CHAT_LENGTH + 1),
            "ring \u0007",
          ]
        ) {
          student.send({ type: "chat:send", id: "bad", text });
          const error = await student.expect("error");
          assert.equal(error.code, "invalid_message");
          assert.match(error.message, /^Invalid chat:send: text: /);
        }
        await teacher.expectSilence(200);
        assert.deepEqual(await messages(l.id, l.studentCookie), []);
      },
    );

    await t.step(
      "past 10 messages at once the sender gets rate_limited and nothing more is stored",
      async () => {
        const l = await lesson();
        const teacher = await join(l.id, l.teacherCookie);
        const student = await join(l.id, l.studentCookie);
        await teacher.expect("booking:user-joined");
        for (let i = 0; i <= CHAT_BURST; i++) {
          student.send({ type: "chat:send", id: `f${i}`, text: `n${i}` });
        }
        // The refusal comes at once; the stored ones as they are written.
        const got: Received[] = [];
        for (let i = 0; i <= CHAT_BURST; i++) got.push(await student.next());
        const refused = got.filter((m) => m.type === "error");
        assert.deepEqual(refused, [{
          type: "error",
          code: "rate_limited",
          message: "Too many chat messages: wait a moment",
          id: `f${CHAT_BURST}`,
        }]);
        assert.deepEqual(
          got.filter((m) => m.type === "chat:message").map((m) => m.id),
          Array.from({ length: CHAT_BURST }, (_, i) => `f${i}`),
          "stored and acknowledged in the order sent",
        );
        const stored = await messages(l.id, l.teacherCookie);
        assert.deepEqual(
          stored.map((m) => m.id),
          Array.from({ length: CHAT_BURST }, (_, i) => `f${i}`),
        );
        for (let i = 0; i < CHAT_BURST; i++) {
          assert.equal((await teacher.expect("chat:message")).id, `f${i}`);
        }
        // The socket stays open: the limit is on chat, not a violation.
        assert.equal(student.isClosed, false);
      },
    );

    await t.step(
      "GET messages is for participants only, with the error shape",
      async () => {
        const l = await lesson();
        const outsider = await createTestUser(app.db);
        const cookie = sessionCookie(await app.tokenFor(outsider));
        const refused = await fetch(
          `${origin}/api/bookings/${l.id}/messages`,
          { headers: { cookie } },
        );
        assert.equal(refused.status, 403);
        assert.equal((await refused.json()).error.code, "forbidden");
        const missing = await fetch(
          `${origin}/api/bookings/${crypto.randomUUID()}/messages`,
          { headers: { cookie } },
        );
        assert.equal(missing.status, 404);
        assert.equal((await missing.json()).error.code, "not_found");
        const anonymous = await fetch(
          `${origin}/api/bookings/${l.id}/messages`,
        );
        assert.equal(anonymous.status, 401);
        await anonymous.body?.cancel();
      },
    );
  } finally {
    for (const c of open) {
      if (!c.isClosed) c.socket.close();
    }
    await Promise.all(open.map((c) => c.closed));
    // The hub records the leaves after the closes; let it finish first.
    const deadline = Date.now() + 5_000;
    while (
      Date.now() < deadline &&
      (await app.db.query(
          "SELECT 1 FROM attendance WHERE left_at IS NULL LIMIT 1",
        )).length > 0
    ) await delay(20);
    await app.close();
    await server.shutdown();
  }
});
