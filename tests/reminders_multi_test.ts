// Reminders and "waiting for you" nudges with several instances on one real
// PostgreSQL: exactly one notification per booking, kind and user, whether
// two schedulers share the jobs or two connection pools race the same run
// (the dedupe key decides, not the scheduler's claim), and none for a booking
// cancelled while a run waits for it.
import assert from "node:assert/strict";
import { openDatabase } from "@/lib/db/connection.ts";
import type { Database } from "@/lib/db/connection.ts";
import { startAppJobs } from "@/lib/jobs/app_jobs.ts";
import { sendDueReminders } from "@/lib/notifications/reminders.ts";
import { sendPeerWaitingNudges } from "@/lib/notifications/peer_waiting.ts";
import {
  at,
  createLesson,
  insertVisit,
  notificationsOf,
} from "@/lib/notifications/_reminders_testing.ts";
import { openTestSchema, type TestSchema } from "@/tests/_server.ts";

const MINUTE = 60_000;

/** 6 confirmed lessons tomorrow, 4 requests in 10 minutes, 1 lesson with one waiting. */
async function insertDueWork(db: Database): Promise<number> {
  for (let i = 0; i < 6; i++) await createLesson(db, 20 * 60 + i * 10);
  for (let i = 0; i < 4; i++) await createLesson(db, 10, "pending");
  const waiting = await createLesson(db, -3);
  await insertVisit(
    db,
    waiting.id,
    waiting.student.id,
    at(waiting.start_at, -MINUTE),
  );
  return 6 * 2 + 4 + 1;
}

/** Notifications per (booking, user, kind, lead) written more than once. */
async function duplicates(db: Database): Promise<unknown[]> {
  return await db.query(
    `SELECT booking_id, user_id, kind, facts::text, count(*)::int AS count
       FROM notifications
      GROUP BY booking_id, user_id, kind, facts::text
     HAVING count(*) > 1`,
  );
}

async function count(db: Database): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    "SELECT count(*)::int AS count FROM notifications",
  );
  return row.count;
}

async function withTwoPools(
  fn: (schema: TestSchema, second: Database) => Promise<void>,
): Promise<void> {
  const schema = await openTestSchema({
    prefix: "test_reminders",
    poolSize: 10,
  });
  const second = await openDatabase({
    url: schema.url,
    schema: schema.schema,
    poolSize: 10,
  });
  try {
    await fn(schema, second);
  } finally {
    await second.close();
    await schema.drop();
  }
}

Deno.test("two schedulers on one PostgreSQL write exactly one reminder per booking, lead and user, and one nudge", () =>
  withTwoPools(async ({ db }, second) => {
    const expected = await insertDueWork(db);
    const first = startAppJobs({ db }, { checkMs: 50 });
    const other = startAppJobs({ db: second }, { checkMs: 50 });
    try {
      const deadline = Date.now() + 15_000;
      while (await count(db) < expected) {
        assert.ok(Date.now() < deadline, `${await count(db)} of ${expected}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Both instances go on checking their jobs for a while.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await Promise.all([first.stop(), other.stop()]);
    }
    assert.equal(await count(db), expected);
    assert.deepEqual(await duplicates(db), []);
    const kinds = await db.query<{ kind: string; count: number }>(
      `SELECT kind, count(*)::int AS count FROM notifications
        GROUP BY kind ORDER BY kind`,
    );
    assert.deepEqual(kinds, [
      { kind: "peer_waiting", count: 1 },
      { kind: "reminder", count: expected - 1 },
    ]);
  }));

Deno.test("runs racing on two connection pools write each reminder and nudge exactly once (the dedupe key, without the scheduler)", () =>
  withTwoPools(async ({ db }, second) => {
    const expected = await insertDueWork(db);
    const runs = [db, second, db, second, db, second].flatMap((pool) => [
      sendDueReminders(pool, { batchSize: 3 }),
      sendPeerWaitingNudges(pool, { batchSize: 1 }),
    ]);
    const written = (await Promise.all(runs)).reduce((a, b) => a + b, 0);
    assert.equal(written, expected);
    assert.equal(await count(db), expected);
    assert.deepEqual(await duplicates(db), []);
  }));

Deno.test("a booking cancelled while a reminder run waits for it gets no reminder", () =>
  withTwoPools(async ({ db }, second) => {
    const lesson = await createLesson(db, 60);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => release = resolve);
    let cancelling!: (pid: number) => void;
    const cancellerPid = new Promise<number>((resolve) => cancelling = resolve);
    const cancel = db.transaction(async (tx) => {
      await tx.query(
        `UPDATE bookings SET status = 'cancelled', cancel_reason = 'Ill',
                cancelled_by = student_id WHERE id = $1`,
        [lesson.id],
      );
      const [{ pid }] = await tx.query<{ pid: number }>(
        "SELECT pg_backend_pid() AS pid",
      );
      cancelling(pid);
      await gate;
    });
    const pid = await cancellerPid;
    // The run still sees the booking confirmed, and waits for its row lock
    // (unless it wrongly goes ahead: then it ends first).
    let ended = false;
    const run = sendDueReminders(second).finally(() => ended = true);
    try {
      const deadline = Date.now() + 10_000;
      while (!ended) {
        const [{ waiting }] = await second.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE $1 = ANY (pg_blocking_pids(pid))`,
          [pid],
        );
        if (waiting > 0) break;
        assert.ok(Date.now() < deadline, "the run never reached the booking");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      release();
      await cancel;
    }
    assert.equal(await run, 0);
    assert.deepEqual(await notificationsOf(db, lesson.id), []);
  }));
