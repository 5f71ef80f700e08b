// What an oversize WebSocket frame costs the server: a 60 MiB text frame from
// a real client to a real server process (on real PostgreSQL), with the
// server's resident memory read from /proc. Deno 2.9 reads a whole frame
// (up to its own 64 MiB cap) before the app sees it and offers no option to
// lower that, so the app's part is to add no copy of its own and to close at
// once with 1009.
import assert from "node:assert/strict";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import {
  delay,
  openTestSchema,
  randomSecret,
  sessionCookie,
  SignalClient,
  signalUrl,
  startServer,
} from "@/tests/_server.ts";
import { createSession } from "@/lib/auth/session.ts";
import { CLOSE } from "@/lib/signaling/protocol.ts";

const MIB = 1024 * 1024;

/** A memory figure of a process from /proc/<pid>/status, in MiB. */
async function memory(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kib = Number(
    new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1],
  );
  return kib / 1024;
}

Deno.test("an oversize signaling frame is closed with 1009 and the server keeps no copy of its own", async () => {
  const schema = await openTestSchema();
  const jwtSecret = randomSecret();
  const server = await startServer({
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    JWT_SECRET: jwtSecret,
    SIGNALING_BUS: "memory",
  });
  try {
    const pid = server.process.pid;
    const teacher = await createTestUser(schema.db, { role: "teacher" });
    const student = await createTestUser(schema.db);
    const booking = await createTestBooking(schema.db, {
      teacher,
      student,
      startInMinutes: -5,
    });
    const session = await createSession(
      schema.db,
      new TextEncoder().encode(jwtSecret),
      student.id,
    );
    const url = signalUrl(server.origin, booking.id);
    const headers = {
      cookie: sessionCookie(session.token),
      origin: server.origin,
    };
    /** Sends one text frame of `mib` MiB on a fresh socket; the server's memory around it. */
    const attack = async (mib: number) => {
      const client = await SignalClient.connect(url, headers);
      await client.expect("booking:joined");
      client.send({ type: "media:toggle-mic", isMuted: true });
      await delay(300);
      // Reset the peak so that it measures this frame only.
      await Deno.writeTextFile(`/proc/${pid}/clear_refs`, "5");
      const before = await memory(pid, "VmRSS");
      client.send("x".repeat(mib * MIB));
      const { code } = await client.closedWithin(30_000);
      await delay(500);
      const peak = await memory(pid, "VmHWM") - before;
      const kept = await memory(pid, "VmRSS") - before;
      console.log(
        `${mib} MiB frame: RSS ${before.toFixed(0)} MiB before, peak +${
          peak.toFixed(0)
        } MiB, +${kept.toFixed(0)} MiB 0.5 s after; closed ${code}`,
      );
      return { code, peak, kept };
    };

    const big = await attack(60);
    assert.equal(big.code, CLOSE.TOO_BIG);
    // Deno holds about three copies while it reads the frame (its read
    // buffer, the message, the string it hands over); the app adds none.
    assert.ok(big.peak < 200, `peak growth ${big.peak.toFixed(0)} MiB`);
    // What stays is the string Deno made, until V8 collects it (an extra
    // copy of the app's, to measure the frame, used to keep 60 MiB more).
    assert.ok(big.kept < 90, `kept ${big.kept.toFixed(0)} MiB`);

    // Over Deno's own 64 MiB cap a frame is refused from its header, unread.
    const huge = await attack(70);
    assert.notEqual(huge.code, CLOSE.NORMAL);
    assert.ok(huge.peak < 20, `peak growth ${huge.peak.toFixed(0)} MiB`);
  } finally {
    await server.stop();
    await schema.drop();
  }
});
