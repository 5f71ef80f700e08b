// Attendance evidence over real sockets: `media:connected` and
// `media:disconnected` from the call island are validated, stored per visit
// under the sender's session identity, and never relayed (the app in-process
// behind Deno.serve, on TEST_DATABASE_URL when set, PGlite otherwise).
import assert from "node:assert/strict";
import { createTestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import {
  delay,
  sessionCookie,
  SignalClient,
  signalUrl,
} from "@/tests/_server.ts";
import type { User } from "@/lib/auth/users.ts";

interface ConnectionRow {
  user_id: string;
  visit_id: string;
  connected_at: Date;
  disconnected_at: Date | null;
}

Deno.test("signaling: media connected/disconnected become attendance evidence", async (t) => {
  const app = await createTestApp();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => app.handler(req),
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;

  const rows = (bookingId: string) =>
    app.db.query<ConnectionRow>(
      `SELECT user_id, visit_id, connected_at, disconnected_at
       FROM call_connections WHERE booking_id = $1 ORDER BY connected_at`,
      [bookingId],
    );

  /** Polls the booking's connections until `check` holds. */
  async function until(
    bookingId: string,
    check: (r: ConnectionRow[]) => boolean,
    what: string,
  ): Promise<ConnectionRow[]> {
    const deadline = Date.now() + 5_000;
    while (true) {
      const r = await rows(bookingId);
      if (check(r)) return r;
      if (Date.now() > deadline) {
        assert.fail(`Timed out waiting for ${what}: ${JSON.stringify(r)}`);
      }
      await delay(20);
    }
  }

  async function lesson() {
    const teacher = await createTestUser(app.db, { role: "teacher" });
    const student = await createTestUser(app.db);
    const booking = await createTestBooking(app.db, {
      teacher,
      student,
      startInMinutes: -5,
    });
    return { id: booking.id, teacher, student };
  }

  async function join(bookingId: string, user: User): Promise<SignalClient> {
    const client = await SignalClient.connect(signalUrl(origin, bookingId), {
      cookie: sessionCookie(await app.tokenFor(user)),
      origin,
    });
    await client.expect("booking:joined");
    return client;
  }

  try {
    await t.step(
      "they are stored per visit under the session's identity and never relayed",
      async () => {
        const l = await lesson();
        const teacher = await join(l.id, l.teacher);
        const student = await join(l.id, l.student);
        await teacher.expect("booking:user-joined");

        // A claimed identity in the message is ignored.
        student.send({ type: "media:connected", userId: l.teacher.id });
        let r = await until(l.id, (r) => r.length === 1, "the connection");
        assert.equal(r[0].user_id, l.student.id);
        assert.equal(r[0].disconnected_at, null);
        // Said twice, it is still one open connection.
        student.send({ type: "media:connected" });
        teacher.send({ type: "media:connected" });
        r = await until(
          l.id,
          (r) => r.length === 2,
          "the teacher's connection",
        );
        assert.deepEqual(
          r.map((x) => x.user_id).sort(),
          [l.student.id, l.teacher.id].sort(),
        );
        await teacher.expectSilence(150);
        await student.expectSilence(0);

        student.send({ type: "media:disconnected" });
        r = await until(
          l.id,
          (r) =>
            r.some((x) =>
              x.user_id === l.student.id && x.disconnected_at !== null
            ),
          "the student's disconnect",
        );
        student.send({ type: "media:connected" });
        r = await until(
          l.id,
          (r) => r.filter((x) => x.user_id === l.student.id).length === 2,
          "the student's second connection",
        );
        const studentRows = r.filter((x) => x.user_id === l.student.id);
        assert.equal(studentRows[0].visit_id, studentRows[1].visit_id);
        assert.ok(
          studentRows[0].disconnected_at! <= studentRows[1].connected_at,
        );
        await teacher.expectSilence(100);

        // A socket's end ends its open connection with its visit.
        await student.close();
        await teacher.expect("booking:user-left");
        await until(
          l.id,
          (r) =>
            r.filter((x) =>
              x.user_id === l.student.id && x.disconnected_at === null
            ).length === 0,
          "the student's connection to end with the socket",
        );
        const [visit] = await app.db.query<{ left_at: Date | null }>(
          "SELECT left_at FROM attendance WHERE id = $1",
          [studentRows[1].visit_id],
        );
        assert.ok(visit.left_at instanceof Date);
        assert.equal(
          (await rows(l.id)).filter((x) =>
            x.user_id === l.teacher.id && x.disconnected_at === null
          ).length,
          1,
          "the teacher's connection stays open",
        );
        await teacher.close();
        await until(
          l.id,
          (r) => r.every((x) => x.disconnected_at !== null),
          "every connection to end",
        );
      },
    );

    await t.step(
      "a 'connected' with nobody else in the room is ignored",
      async () => {
        const l = await lesson();
        const teacher = await join(l.id, l.teacher);
        teacher.send({ type: "media:connected" });
        // A message after it on the same socket is handled after it.
        teacher.send({ type: "media:disconnected" });
        await teacher.expectSilence(300);
        assert.deepEqual(await rows(l.id), []);
        await teacher.close();
      },
    );

    await t.step(
      "a bad media message gets an error frame, reaches nobody and stores nothing",
      async () => {
        const l = await lesson();
        const teacher = await join(l.id, l.teacher);
        const student = await join(l.id, l.student);
        await teacher.expect("booking:user-joined");
        student.send({ type: "media:connect" });
        assert.equal((await student.expect("error")).code, "unknown_type");
        student.send(JSON.stringify(["media:connected"]));
        assert.equal((await student.expect("error")).code, "invalid_message");
        student.send("media:connected");
        assert.equal((await student.expect("error")).code, "invalid_json");
        await teacher.expectSilence(150);
        assert.deepEqual(await rows(l.id), []);
        await student.close();
        await teacher.close();
      },
    );
  } finally {
    const deadline = Date.now() + 5_000;
    while (app.signaling.socketCount > 0 && Date.now() < deadline) {
      await delay(20);
    }
    await delay(300);
    await app.close();
    await server.shutdown();
  }
});
