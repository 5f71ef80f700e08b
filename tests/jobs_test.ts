// The app process runs its periodic jobs: started on a PostgreSQL schema with
// a finished booking, expired sessions and old throttle counters, it settles
// and prunes them from its first minute, counts the runs in /metrics, and
// stops cleanly on SIGTERM.
import assert from "node:assert/strict";
import {
  openTestSchema,
  randomSecret,
  type ServerProcess,
  startServer,
} from "@/tests/_server.ts";
import { cleared, insertStaleRows } from "@/tests/_jobs.ts";

Deno.test("the app process settles finished bookings, prunes sessions and throttle rows, and counts its job runs in /metrics", async () => {
  const schema = await openTestSchema({ prefix: "test_jobs" });
  const token = crypto.randomUUID().replaceAll("-", "");
  let app: ServerProcess | null = null;
  try {
    const read = await insertStaleRows(schema.db);
    app = await startServer({
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      JWT_SECRET: randomSecret(),
      METRICS_TOKEN: token,
      TALKROOM_LOG: "off",
    });
    const deadline = Date.now() + 20_000;
    let rows = await read();
    while (!cleared(rows)) {
      assert.ok(Date.now() < deadline, JSON.stringify(rows));
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await read();
    }
    const res = await fetch(`${app.origin}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await res.text();
    assert.equal(res.status, 200);
    for (
      const job of ["bookings.settle", "sessions.prune", "login_throttle.prune"]
    ) {
      assert.match(
        text,
        new RegExp(`^talkroom_jobs_run_total\\{job="${job}"\\} 1$`, "m"),
      );
      assert.match(
        text,
        new RegExp(`^talkroom_jobs_failed_total\\{job="${job}"\\} 0$`, "m"),
      );
    }
    const { code } = await app.stop();
    assert.equal(code, 0, app.logs());
    const left = await schema.db.query<{ name: string }>(
      "SELECT name FROM scheduled_jobs WHERE claim IS NOT NULL",
    );
    assert.deepEqual(left, [], "no run is left holding its job");
  } finally {
    await app?.stop();
    await schema.drop();
  }
});
