// Attendance evidence from a real call in Chromium: once the peer
// connection is connected both sides' islands report it and the server
// stores it; when one side goes, both sides' connected stretches end.
import assert from "node:assert/strict";
import { launchBrowser } from "@/tests/_browser.ts";
import {
  type CallServer,
  createCallPair,
  delay,
  openRoomInTurn,
  type Participant,
  signIn,
  startCallServer,
  waitConnected,
} from "@/tests/_call.ts";

interface Row {
  user_id: string;
  disconnected_at: Date | null;
}

Deno.test("a real call stores when each side's media connected and disconnected", async () => {
  const server: CallServer = await startCallServer({ ICE_SERVERS: "[]" });
  const browser = await launchBrowser();
  let teacher: Participant | undefined;
  let student: Participant | undefined;
  try {
    const pair = await createCallPair(server.app);
    const rows = () =>
      server.app.db.query<Row>(
        "SELECT user_id, disconnected_at FROM call_connections WHERE booking_id = $1",
        [pair.bookingId],
      );
    const until = async (check: (r: Row[]) => boolean, what: string) => {
      const deadline = Date.now() + 20_000;
      let r = await rows();
      while (!check(r)) {
        if (Date.now() > deadline) {
          assert.fail(`Timed out waiting for ${what}: ${JSON.stringify(r)}`);
        }
        await delay(50);
        r = await rows();
      }
      return r;
    };
    [teacher, student] = await Promise.all([
      signIn(browser, server.origin, pair.teacher, { name: "teacher" }),
      signIn(browser, server.origin, pair.student, { name: "student" }),
    ]);
    assert.deepEqual(await rows(), [], "nothing before the call");
    await openRoomInTurn(teacher, student, pair.bookingId);
    await waitConnected(teacher, student);
    const open = await until(
      (r) =>
        new Set(r.filter((x) => !x.disconnected_at).map((x) => x.user_id))
          .size === 2,
      "both sides' connections",
    );
    assert.deepEqual(
      [...new Set(open.map((x) => x.user_id))].sort(),
      [pair.teacher.id, pair.student.id].sort(),
    );

    // The teacher's tab goes away: the server ends its visit, and the
    // student's island reports its call disconnected.
    await teacher.page.close();
    await until(
      (r) => r.length >= 2 && r.every((x) => x.disconnected_at !== null),
      "both connections to end after the leave",
    );
  } finally {
    await teacher?.context.close();
    await student?.context.close();
    await browser.close();
    await server.close();
  }
});
