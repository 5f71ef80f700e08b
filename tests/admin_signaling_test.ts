// Disabling an account closes its open call sockets at once, over real
// WebSockets: the app in-process behind Deno.serve (on TEST_DATABASE_URL
// when set, PGlite otherwise), with the hub's periodic session check left at
// its default 30 s, so only the prompt close can pass the test.
import assert from "node:assert/strict";
import { createTestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import {
  sessionCookie,
  SignalClient,
  signalUrl,
  tryUpgrade,
} from "@/tests/_server.ts";
import { CLOSE } from "@/lib/signaling/protocol.ts";

Deno.test("disabling an account closes its signaling sockets within a second, and it cannot reconnect", async () => {
  const app = await createTestApp();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => app.handler(req),
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  const sockets: SignalClient[] = [];
  try {
    assert.ok(app.signaling.options.sessionCheckMs >= 30_000);
    const admin = await createTestUser(app.db, { role: "admin" });
    const teacher = await createTestUser(app.db, { role: "teacher" });
    const student = await createTestUser(app.db);
    const booking = await createTestBooking(app.db, {
      teacher,
      student,
      startInMinutes: -5,
    });
    const cookie = async (user: typeof admin) =>
      sessionCookie(await app.tokenFor(user));
    const teacherCookie = await cookie(teacher);
    // Two sessions of the student (two devices); one has the call open.
    const studentCookie = await cookie(student);
    const otherDevice = await cookie(student);

    const join = async (c: string) => {
      const client = await SignalClient.connect(
        signalUrl(origin, booking.id),
        { cookie: c, origin },
      );
      sockets.push(client);
      await client.expect("booking:joined");
      return client;
    };
    const teacherSocket = await join(teacherCookie);
    const studentSocket = await join(studentCookie);
    await teacherSocket.expect("booking:user-joined");

    const started = performance.now();
    const res = await fetch(`${origin}/admin/users`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie: await cookie(admin),
        origin,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ action: "disable", user_id: student.id }),
    });
    assert.equal(res.status, 303);
    await res.body?.cancel();

    const closed = await studentSocket.closedWithin(1_000);
    const ms = performance.now() - started;
    assert.equal(closed.code, CLOSE.SESSION_ENDED);
    assert.ok(ms < 1_000, `closed after ${Math.round(ms)} ms`);
    assert.deepEqual(await teacherSocket.next(), {
      type: "booking:user-left",
      userId: student.id,
    });
    assert.equal(teacherSocket.isClosed, false);

    // Neither the ended session nor the student's other one opens a socket.
    for (const c of [studentCookie, otherDevice]) {
      const again = await tryUpgrade(signalUrl(origin, booking.id), {
        origin,
        cookie: c,
      });
      assert.equal(again.status, 401);
      await again.body?.cancel();
    }
  } finally {
    for (const s of sockets) await s.close();
    await server.shutdown();
    await app.close();
  }
});
