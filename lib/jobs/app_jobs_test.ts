import assert from "node:assert/strict";
import { appJobs, startAppJobs } from "@/lib/jobs/app_jobs.ts";
import { openTestDatabase } from "@/tests/_db.ts";
import { cleared, insertStaleRows } from "@/tests/_jobs.ts";

Deno.test("the app's jobs have distinct names and intervals of at least a minute", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const jobs = appJobs(db);
    assert.deepEqual(jobs.map((j) => j.name).sort(), [
      "bookings.settle",
      "login_throttle.prune",
      "notifications.peer_waiting",
      "notifications.reminders",
      "sessions.prune",
      "signal_messages.prune",
    ]);
    for (const job of jobs) assert.ok(job.intervalMs >= 60_000, job.name);
  } finally {
    await close();
  }
});

Deno.test("startAppJobs() settles finished bookings and prunes old sessions, throttle counters and bus messages at once", async () => {
  const { db, kind, close } = await openTestDatabase();
  const read = await insertStaleRows(db);
  assert.equal(cleared(await read()), false);
  const jobs = startAppJobs({ db }, { checkMs: 50 });
  try {
    const deadline = Date.now() + 10_000;
    let rows = await read();
    while (!cleared(rows)) {
      assert.ok(Date.now() < deadline, `${kind}: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      rows = await read();
    }
  } finally {
    await jobs.stop();
    await close();
  }
});
