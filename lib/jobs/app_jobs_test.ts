import assert from "node:assert/strict";
import { appJobs, startAppJobs } from "@/lib/jobs/app_jobs.ts";
import { openTestDatabase } from "@/tests/_db.ts";
import { cleared, insertStaleRows } from "@/tests/_jobs.ts";
import { createSmtpMailer } from "@/lib/notifications/mailer.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import { createTestUser } from "@/tests/_db.ts";
import { parseMessage, startSmtpSink } from "@/tests/_smtp.ts";

Deno.test("the app's jobs have distinct names and intervals of at least a minute, but the outbox's", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const jobs = appJobs(db);
    assert.deepEqual(jobs.map((j) => j.name).sort(), [
      "bookings.expire",
      "bookings.settle",
      "login_throttle.prune",
      "notifications.peer_waiting",
      "notifications.reminders",
      "sessions.prune",
      "signal_messages.prune",
      "teachers.next_free",
    ]);
    for (const job of jobs) assert.ok(job.intervalMs >= 60_000, job.name);
    const mailer = createSmtpMailer("smtp://127.0.0.1:1", "a@b.example");
    const withMail = appJobs(db, { mailer, options: { origin: "http://x" } });
    mailer.close();
    const outbox = withMail.find((j) => j.name === "outbox.deliver");
    assert.equal(withMail.length, jobs.length + 1);
    // E-mail leaves within seconds; a run stays well inside its lease.
    assert.ok(outbox && outbox.intervalMs <= 5_000);
    assert.ok(outbox.leaseMs && outbox.leaseMs >= 30_000);
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

Deno.test("startAppJobs() with SMTP_URL set e-mails a pending notification, and without it sends nothing", async () => {
  const { db, close } = await openTestDatabase();
  const sink = await startSmtpSink();
  const user = await createTestUser(db);
  const facts = { link_path: "/reset-password?token=t", expires_at: "" };
  const id = await enqueueNotification(db, {
    userId: user.id,
    kind: "password_reset",
    facts,
  });
  const off = startAppJobs({
    db,
    config: { smtpUrl: null, mailFrom: null, appOrigin: null },
  }, { checkMs: 50 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await off.stop();
  assert.equal(sink.received.length, 0);
  const jobs = startAppJobs({
    db,
    config: {
      smtpUrl: sink.url,
      mailFrom: "no-reply@talkroom.example",
      appOrigin: "https://talkroom.example",
    },
  }, { checkMs: 50 });
  try {
    const [message] = await sink.waitFor(1);
    assert.equal(
      (await parseMessage(message)).messageId,
      `<${id}@talkroom.example>`,
    );
  } finally {
    await jobs.stop();
    await sink.stop();
    await close();
  }
});
