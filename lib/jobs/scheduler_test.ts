import assert from "node:assert/strict";
import { openDatabase } from "@/lib/db/connection.ts";
import { type Job, Scheduler } from "@/lib/jobs/scheduler.ts";
import { jobFailures, jobRuns } from "@/lib/metrics.ts";
import { openTestDatabase, realPostgresUrl } from "@/tests/_db.ts";

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!await predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${what}`);
    await delay(10);
  }
}

/** A job name no other test (or earlier run) uses, for the metrics labels. */
function uniqueName(prefix: string): string {
  return `${prefix}.${crypto.randomUUID().slice(0, 8)}`;
}

async function counterValue(
  counter: typeof jobRuns,
  job: string,
): Promise<number> {
  const { values } = await counter.get();
  return values.find((v) => v.labels.job === job)?.value ?? 0;
}

Deno.test("two schedulers on one PostgreSQL run a job once per interval between them, and a slow job never twice at once", async () => {
  const { db, close } = await openTestDatabase(realPostgresUrl());
  const [{ schema }] = await db.query<{ schema: string }>(
    "SELECT current_schema() AS schema",
  );
  const other = await openDatabase({ url: realPostgresUrl(), schema });
  await db.query(
    "CREATE TABLE job_log (instance text, started_at timestamptz)",
  );
  const name = uniqueName("test.once");
  const INTERVAL = 300;
  let running = 0;
  let mostAtOnce = 0;
  const job = (instance: string): Job => ({
    name,
    intervalMs: INTERVAL,
    async run() {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      // The time of this run's claim (nobody else can claim while it runs).
      await db.query(
        `INSERT INTO job_log (instance, started_at)
         SELECT $1, last_started_at FROM scheduled_jobs WHERE name = $2`,
        [instance, name],
      );
      await delay(100);
      running--;
    },
  });
  // A job slower than its interval is not started again while it runs.
  const slowName = uniqueName("test.slow");
  let slowRunning = 0;
  let slowMostAtOnce = 0;
  let slowRuns = 0;
  const slow: Job = {
    name: slowName,
    intervalMs: 100,
    async run() {
      slowRuns++;
      slowRunning++;
      slowMostAtOnce = Math.max(slowMostAtOnce, slowRunning);
      await delay(250);
      slowRunning--;
    },
  };
  const a = new Scheduler(db, { checkMs: 20 }).add(job("a")).add(slow);
  const b = new Scheduler(other, { checkMs: 20 }).add(job("b")).add(slow);
  try {
    a.start();
    b.start();
    await delay(2_500);
    await Promise.all([a.stop(), b.stop()]);
    const log = await db.query<{ instance: string; ms: number }>(
      `SELECT instance, extract(epoch FROM started_at) * 1000 AS ms
         FROM job_log ORDER BY started_at`,
    );
    // Claims at 0, 300, … 2400 ms at the most: 9 runs (a loaded machine
    // may manage fewer), each at least an interval after the last.
    assert.ok(log.length >= 5 && log.length <= 9, `${log.length} runs`);
    for (let i = 1; i < log.length; i++) {
      const gap = Number(log[i].ms) - Number(log[i - 1].ms);
      assert.ok(gap >= INTERVAL - 1, `run ${i} came ${gap} ms after the last`);
    }
    assert.equal(mostAtOnce, 1);
    assert.equal(slowMostAtOnce, 1);
    // Back to back, 250 ms each: 10 at the most in 2.5 s.
    assert.ok(slowRuns >= 4 && slowRuns <= 10, `${slowRuns} slow runs`);
    assert.equal(await counterValue(jobRuns, name), log.length);
  } finally {
    await a.stop();
    await b.stop();
    await other.close();
    await close();
  }
});

Deno.test("a failing job is counted and logged, and its next run still happens", async () => {
  const { db, close } = await openTestDatabase();
  const name = uniqueName("test.failing");
  const errors: string[] = [];
  const consoleError = console.error;
  console.error = (line: unknown) => errors.push(String(line));
  let runs = 0;
  const scheduler = new Scheduler(db, { checkMs: 10 }).add({
    name,
    intervalMs: 50,
    run() {
      runs++;
      return runs === 1
        ? Promise.reject(new Error("Cannot reach the mail server: refused"))
        : Promise.resolve();
    },
  });
  try {
    scheduler.start();
    await waitUntil(() => runs >= 2, "a second run");
    await scheduler.stop();
    assert.equal(await counterValue(jobFailures, name), 1);
    assert.equal(await counterValue(jobRuns, name), runs);
    const logged = errors.map((line) => JSON.parse(line)).filter((e) =>
      e.job === name
    );
    assert.equal(logged.length, 1);
    assert.equal(logged[0].event, "job.failed");
    assert.equal(
      logged[0].error.message,
      "Cannot reach the mail server: refused",
    );
    const [row] = await db.query<{ last_error: string | null }>(
      "SELECT last_error FROM scheduled_jobs WHERE name = $1",
      [name],
    );
    assert.equal(row.last_error, null, "the later success clears the error");
  } finally {
    console.error = consoleError;
    await scheduler.stop();
    await close();
  }
});

Deno.test("stop() waits for the run in progress, aborts its signal and starts no new run", async () => {
  const { db, close } = await openTestDatabase();
  const name = uniqueName("test.stop");
  let release = () => {};
  const held = new Promise<void>((resolve) => release = resolve);
  let runs = 0;
  let signal: AbortSignal | null = null;
  let finished = false;
  const scheduler = new Scheduler(db, { checkMs: 10 }).add({
    name,
    intervalMs: 20,
    async run(s) {
      runs++;
      signal = s;
      await held;
      await db.query("SELECT 1");
      finished = true;
    },
  });
  try {
    scheduler.start();
    await waitUntil(() => runs === 1, "the first run");
    let stopped = false;
    const stopping = scheduler.stop().then(() => stopped = true);
    await delay(200);
    assert.equal(stopped, false, "stop() returned while the job ran");
    assert.equal(signal!.aborted, true);
    release();
    await stopping;
    assert.equal(finished, true);
    const [row] = await db.query<{ claim: string | null }>(
      "SELECT claim FROM scheduled_jobs WHERE name = $1",
      [name],
    );
    assert.equal(row.claim, null, "the run let go of the job");
    await delay(100);
    assert.equal(runs, 1);
  } finally {
    release();
    await scheduler.stop();
    await close();
  }
});

Deno.test("a job held by an instance that died runs again once the dead run's lease has passed", async () => {
  const { db, close } = await openTestDatabase();
  const name = uniqueName("test.lease");
  // What a process killed mid-run leaves behind: a claim with a lease.
  const [{ lease_end }] = await db.query<{ lease_end: Date }>(
    `INSERT INTO scheduled_jobs (name, next_run_at, claim, running_until)
     VALUES ($1, now(), gen_random_uuid(), clock_timestamp() + interval '400 milliseconds')
     RETURNING running_until AS lease_end`,
    [name],
  );
  let ranAt: Date | null = null;
  const scheduler = new Scheduler(db, { checkMs: 10 }).add({
    name,
    intervalMs: 60_000,
    async run() {
      [{ now: ranAt }] = await db.query<{ now: Date }>(
        "SELECT clock_timestamp() AS now",
      );
    },
  });
  try {
    scheduler.start();
    await waitUntil(() => ranAt !== null, "the run after the lease");
    // Checked every 10 ms, it ran only once the lease had passed, by the
    // database's clock.
    assert.ok(
      ranAt!.getTime() >= lease_end.getTime(),
      `ran at ${ranAt!.toISOString()}, lease until ${lease_end.toISOString()}`,
    );
  } finally {
    await scheduler.stop();
    await close();
  }
});

Deno.test("add() refuses a taken name, bad intervals and jobs after start()", async () => {
  const { db, close } = await openTestDatabase();
  const scheduler = new Scheduler(db);
  try {
    const job = { name: "x", intervalMs: 1_000, run: () => Promise.resolve() };
    scheduler.add(job);
    assert.throws(() => scheduler.add(job), /name is empty or taken/);
    assert.throws(
      () => scheduler.add({ ...job, name: "y", intervalMs: 0 }),
      /must be positive/,
    );
    assert.throws(
      () => scheduler.add({ ...job, name: "z", leaseMs: Number.NaN }),
      /must be positive/,
    );
    scheduler.start();
    assert.throws(
      () => scheduler.add({ ...job, name: "later" }),
      /the scheduler has started/,
    );
  } finally {
    await scheduler.stop();
    await close();
  }
});
