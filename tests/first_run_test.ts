// `deno task start` on the embedded database, as a new user runs it twice:
// the demo sign-ins and the open room's link are printed on every start.
import assert from "node:assert/strict";
import { appEnv, spawnDaemon } from "@/tests/_daemon.ts";

const ROOT = new URL("../", import.meta.url);
const START_TIMEOUT_MS = 60_000;

/** Starts main.ts on `dataDir`, waits until it listens, stops it; returns its output. */
async function startAndStop(dataDir: string): Promise<string> {
  const app = spawnDaemon(Deno.execPath(), ["run", "-A", "main.ts"], {
    cwd: ROOT,
    env: appEnv({ DATA_DIR: dataDir, PORT: "0", TALKROOM_LOG: "off" }),
  });
  try {
    await app.waitFor(
      /Listening on http:\/\/localhost:\d+\//,
      START_TIMEOUT_MS,
    );
  } finally {
    await app.stop(10_000);
  }
  return app.output();
}

Deno.test("every start on the embedded database prints the demo sign-ins and the open room's link", async () => {
  const root = await Deno.makeTempDir();
  try {
    const link =
      /Open-room booking: http:\/\/localhost:\d+\/bookings\/([0-9a-f-]{36})/;
    const first = await startAndStop(`${root}/data`);
    const second = await startAndStop(`${root}/data`);
    for (const out of [first, second]) {
      assert.match(out, /Demo accounts \(password: demo-password\):/);
      assert.match(out, /teacher@demo\.test/);
      assert.match(out, /student@demo\.test/);
      assert.match(out, link);
    }
    // The room is still open: the same booking, not a new one.
    assert.equal(link.exec(second)![1], link.exec(first)![1]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
