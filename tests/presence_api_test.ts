// GET /api/bookings/:id/presence: what the pre-join panel reads to say
// whether the other participant is already in the room. Real app, real
// signaling sockets, real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL).
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "@/tests/_app.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { sessionCookie, SignalClient, signalUrl } from "@/tests/_server.ts";

async function eventually(
  check: () => Promise<boolean>,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!await check()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("presence endpoint", async (t) => {
  const app: TestApp = await createTestApp();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => app.handler(req),
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  try {
    const teacher = await createTestUser(app.db, { role: "teacher" });
    const student = await createTestUser(app.db);
    const outsider = await createTestUser(app.db);
    const booking = await createTestBooking(app.db, {
      teacher,
      student,
      startInMinutes: 5,
    });
    const path = `/api/bookings/${booking.id}/presence`;
    const studentToken = await app.tokenFor(student);
    const otherInRoom = async () => {
      const res = await app.request(path, { token: studentToken });
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /application\/json/);
      return (await res.json()).other_in_room as boolean;
    };

    await t.step(
      "refuses a visitor without a session, a non-participant and a missing booking",
      async () => {
        const anonymous = await app.request(path);
        assert.equal(anonymous.status, 401);
        await anonymous.body?.cancel();
        const stranger = await app.request(path, {
          token: await app.tokenFor(outsider),
        });
        assert.equal(stranger.status, 403);
        const body = await stranger.json();
        assert.equal(body.error.code, "forbidden");
        const missing = await app.request(
          `/api/bookings/${crypto.randomUUID()}/presence`,
          { token: studentToken },
        );
        assert.equal(missing.status, 404);
        await missing.body?.cancel();
      },
    );

    await t.step(
      "says the teacher is in the room while their socket is open, and not after it closes",
      async () => {
        assert.equal(await otherInRoom(), false);
        const socket = await SignalClient.connect(
          signalUrl(origin, booking.id),
          { cookie: sessionCookie(await app.tokenFor(teacher)), origin },
        );
        await socket.expect("booking:joined");
        await eventually(otherInRoom, "the teacher to be in the room");
        socket.socket.close();
        await socket.closed;
        await eventually(
          async () => !await otherInRoom(),
          "the teacher's leave to show",
        );
      },
    );

    await t.step("reading it records no attendance", async () => {
      await otherInRoom();
      const rows = await app.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM attendance WHERE booking_id = $1 AND user_id = $2",
        [booking.id, student.id],
      );
      assert.equal(rows[0].n, 0);
    });
  } finally {
    await server.shutdown();
    await app.close();
  }
});
