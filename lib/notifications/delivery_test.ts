import assert from "node:assert/strict";
import ICAL from "ical.js";
import {
  deliverDue,
  type DeliveryOptions,
  outboxStats,
  retryDelayMs,
} from "@/lib/notifications/delivery.ts";
import { createSmtpMailer, type Mailer } from "@/lib/notifications/mailer.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import type {
  BookingFacts,
  NotificationKind,
} from "@/lib/notifications/model.ts";
import type { Database } from "@/lib/db/connection.ts";
import type { EmailChangeFacts } from "@/lib/auth/profile.ts";
import {
  createTestBooking,
  createTestUser,
  openTestDatabase,
} from "@/tests/_db.ts";
import { parseMessage, type SmtpSink, startSmtpSink } from "@/tests/_smtp.ts";
import { freePort } from "@/tests/_daemon.ts";
import { until } from "@/tests/_wait.ts";

const ORIGIN = "https://talkroom.example";
const FROM = "Talkroom <no-reply@talkroom.example>";
const FAST: DeliveryOptions = { origin: ORIGIN, retryBaseMs: 20 };

interface Row {
  email_status: string;
  email_attempts: number;
  email_last_error: string | null;
  email_sent_at: Date | null;
  next_in_ms: number;
}

async function readRow(db: Database, id: string): Promise<Row> {
  const [row] = await db.query<Row>(
    `SELECT email_status, email_attempts, email_last_error, email_sent_at,
            (extract(epoch FROM email_next_at - now()) * 1000)::float8 AS next_in_ms
       FROM notifications WHERE id = $1`,
    [id],
  );
  return row;
}

/** A booking between two new users and a notification about it to the student. */
async function bookingNotification(
  db: Database,
  kind: NotificationKind = "booking_confirmed",
  teacherName = "Tess Teacher",
): Promise<{ id: string; studentEmail: string; bookingId: string }> {
  const teacher = await createTestUser(db, {
    role: "teacher",
    username: "Tess",
  });
  const student = await createTestUser(db, { timeZone: "Europe/Paris" });
  const booking = await createTestBooking(db, { teacher, student });
  const facts: BookingFacts = {
    booking_id: booking.id,
    start_at: booking.start_at.toISOString(),
    end_at: booking.end_at.toISOString(),
    status: "confirmed",
    sequence: 1,
    teacher: { id: teacher.id, name: teacherName, email: teacher.email },
    student: { id: student.id, name: student.username, email: student.email },
    actor_id: teacher.id,
  };
  const id = await enqueueNotification(db, {
    userId: student.id,
    kind,
    bookingId: booking.id,
    facts,
  });
  return { id: id!, studentEmail: student.email, bookingId: booking.id };
}

/** Runs `fn` with a database, a sink and a mailer on it, then closes them. */
async function withSink(
  fn: (db: Database, sink: SmtpSink, mailer: Mailer) => Promise<void>,
): Promise<void> {
  const { db, close } = await openTestDatabase();
  const sink = await startSmtpSink();
  const mailer = createSmtpMailer(sink.url, FROM);
  try {
    await fn(db, sink, mailer);
  } finally {
    mailer.close();
    await sink.stop();
    await close();
  }
}

Deno.test("deliverDue() e-mails a booking notification over SMTP: text, HTML, a text/calendar invite and the notification's Message-ID", async () => {
  await withSink(async (db, sink, mailer) => {
    const { id, studentEmail } = await bookingNotification(db);
    assert.deepEqual(await deliverDue(db, mailer, FAST), {
      sent: 1,
      retried: 0,
      failed: 0,
    });
    // Sent is final: nothing is due any more.
    assert.equal((await deliverDue(db, mailer, FAST)).sent, 0);
    const [message] = await sink.waitFor(1);
    assert.deepEqual(message.to, [studentEmail]);
    const mail = await parseMessage(message);
    assert.equal(mail.messageId, `<${id}@talkroom.example>`);
    assert.equal(mail.from?.value[0].address, "no-reply@talkroom.example");
    assert.ok(mail.subject);
    assert.ok(mail.text && mail.text.length > 0);
    assert.ok(typeof mail.html === "string" && mail.html.length > 0);
    assert.match(
      message.raw,
      /Content-Type: text\/calendar; .*method=REQUEST/i,
    );
    assert.match(message.raw, /BEGIN:VCALENDAR/);
    const row = await readRow(db, id);
    assert.equal(row.email_status, "sent");
    assert.equal(row.email_attempts, 1);
    assert.ok(row.email_sent_at);
    assert.equal(sink.received.length, 1);
  });
});

Deno.test("deliverDue() retries a 451 with exponential backoff and then sends the same Message-ID once", async () => {
  await withSink(async (db, sink, mailer) => {
    const { id, studentEmail } = await bookingNotification(db);
    sink.refuse(studentEmail, 451, 2);
    const options = { ...FAST, retryBaseMs: 60_000 };
    const makeDue = () =>
      db.query("UPDATE notifications SET email_next_at = now() WHERE id = $1", [
        id,
      ]);
    assert.equal((await deliverDue(db, mailer, options)).retried, 1);
    const first = await readRow(db, id);
    assert.equal(first.email_status, "pending");
    assert.equal(first.email_attempts, 1);
    assert.match(first.email_last_error ?? "", /451/);
    // 60 s with 50-100 % jitter; until then nothing is claimed.
    assert.ok(first.next_in_ms > 25_000 && first.next_in_ms <= 60_000);
    assert.equal((await deliverDue(db, mailer, options)).retried, 0);
    await makeDue();
    assert.equal((await deliverDue(db, mailer, options)).retried, 1);
    const second = await readRow(db, id);
    assert.equal(second.email_attempts, 2);
    assert.ok(second.next_in_ms > 55_000 && second.next_in_ms <= 120_000);
    await makeDue();
    assert.equal((await deliverDue(db, mailer, options)).sent, 1);
    const row = await readRow(db, id);
    assert.equal(row.email_status, "sent");
    assert.equal(row.email_attempts, 3);
    assert.equal(sink.received.length, 1);
    assert.equal(
      (await parseMessage(sink.received[0])).messageId,
      `<${id}@talkroom.example>`,
    );
  });
});

Deno.test("deliverDue() gives up at once on a 550 and records the error", async () => {
  await withSink(async (db, sink, mailer) => {
    const { id, studentEmail } = await bookingNotification(db);
    sink.refuse(studentEmail, 550);
    assert.deepEqual(await deliverDue(db, mailer, FAST), {
      sent: 0,
      retried: 0,
      failed: 1,
    });
    assert.equal((await deliverDue(db, mailer, FAST)).failed, 0);
    const row = await readRow(db, id);
    assert.equal(row.email_status, "failed");
    assert.equal(row.email_attempts, 1);
    assert.match(row.email_last_error ?? "", /550/);
    assert.equal(sink.received.length, 0);
  });
});

Deno.test("deliverDue() retries an unreachable server and gives up after maxAttempts", async () => {
  const { db, close } = await openTestDatabase();
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${freePort()}`, FROM);
  try {
    const { id } = await bookingNotification(db);
    const options = { ...FAST, maxAttempts: 3, retryBaseMs: 1 };
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      outcomes.push(await deliverDue(db, mailer, options));
    }
    assert.deepEqual(outcomes.map((o) => [o.retried, o.failed]), [
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    const row = await readRow(db, id);
    assert.equal(row.email_status, "failed");
    assert.equal(row.email_attempts, 3);
    assert.match(row.email_last_error ?? "", /ECONNREFUSED|connect/i);
  } finally {
    mailer.close();
    await close();
  }
});

Deno.test("no CR/LF from the data reaches a header: a name with a Bcc line stays text, an address with one is never sent", async () => {
  await withSink(async (db, sink, mailer) => {
    const evil = "Tess\r\nBcc: victim@evil.test\r\nSubject: pwned";
    const { id, studentEmail } = await bookingNotification(
      db,
      "booking_confirmed",
      evil,
    );
    const user = await createTestUser(db);
    const change: EmailChangeFacts = {
      link_path: "/confirm-email?token=x",
      expires_at: new Date().toISOString(),
      new_email: "new@talkroom.example",
      send_to: "new@talkroom.example\r\nBcc: victim@evil.test",
      notice: false,
    };
    const changeId = await enqueueNotification(db, {
      userId: user.id,
      kind: "email_change",
      facts: change,
    });
    assert.deepEqual(await deliverDue(db, mailer, FAST), {
      sent: 1,
      retried: 0,
      failed: 1,
    });
    const [message] = await sink.waitFor(1);
    assert.deepEqual(message.to, [studentEmail]);
    const headers = message.raw.split(/\r\n\r\n/)[0];
    assert.doesNotMatch(headers, /^(Bcc|Subject: pwned)/im);
    const mail = await parseMessage(message);
    assert.equal(mail.messageId, `<${id}@talkroom.example>`);
    assert.equal(mail.bcc, undefined);
    // The name is in the subject, on its one line.
    assert.match(
      mail.subject ?? "",
      /^Lesson confirmed: Tess Bcc: victim@evil\.test Subject: pwned on /,
    );
    const refused = await readRow(db, changeId!);
    assert.equal(refused.email_status, "failed");
    assert.match(refused.email_last_error ?? "", /address is not usable/);
  });
});

Deno.test("retryDelayMs() doubles from the base up to the cap, with 50-100 % jitter", () => {
  assert.equal(retryDelayMs(1, 1000, 60_000, () => 1), 1000);
  assert.equal(retryDelayMs(3, 1000, 60_000, () => 1), 4000);
  assert.equal(retryDelayMs(3, 1000, 60_000, () => 0), 2000);
  assert.equal(retryDelayMs(20, 1000, 60_000, () => 1), 60_000);
  for (let i = 0; i < 100; i++) {
    const d = retryDelayMs(4, 1000, 60_000);
    assert.ok(d >= 4000 && d <= 8000, String(d));
  }
});

Deno.test("outboxStats() counts the pending e-mails and the age of the oldest, not sent or failed ones", async () => {
  const { db, close } = await openTestDatabase();
  try {
    assert.deepEqual(await outboxStats(db), { depth: 0, oldestAgeSeconds: 0 });
    const a = await bookingNotification(db);
    await bookingNotification(db);
    const c = await bookingNotification(db);
    await db.query(
      "UPDATE notifications SET created_at = now() - interval '90 seconds' WHERE id = $1",
      [a.id],
    );
    await db.query(
      "UPDATE notifications SET email_status = 'sent', created_at = now() - interval '1 hour' WHERE id = $1",
      [c.id],
    );
    const stats = await outboxStats(db);
    assert.equal(stats.depth, 2);
    assert.ok(
      stats.oldestAgeSeconds >= 90 && stats.oldestAgeSeconds < 120,
      String(stats.oldestAgeSeconds),
    );
  } finally {
    await close();
  }
});

Deno.test("deliverDue() after a connection outage: the first e-mail that goes through makes those waiting out their backoff due at once", async () => {
  await withSink(async (db, sink, mailer) => {
    const down = createSmtpMailer(`smtp://127.0.0.1:${freePort()}`, FROM);
    const slow = { ...FAST, retryBaseMs: 600_000 };
    try {
      await bookingNotification(db);
      await bookingNotification(db);
      assert.equal((await deliverDue(db, down, slow)).retried, 2);
    } finally {
      down.close();
    }
    // A 451 is about one message: it keeps its backoff.
    const greylisted = await bookingNotification(db);
    sink.refuse(greylisted.studentEmail, 451);
    assert.equal((await deliverDue(db, mailer, slow)).retried, 1);
    assert.equal((await deliverDue(db, mailer, slow)).sent, 0);
    await bookingNotification(db);
    assert.equal((await deliverDue(db, mailer, slow)).sent, 1);
    assert.equal((await deliverDue(db, mailer, slow)).sent, 2);
    assert.equal((await readRow(db, greylisted.id)).email_status, "pending");
    assert.equal(sink.received.length, 3);
  });
});

Deno.test("deliverDue() stopped mid-batch finishes and records the batch under way and claims nothing more: no row is left held", async () => {
  await withSink(async (db, sink, mailer) => {
    for (let i = 0; i < 10; i++) await bookingNotification(db);
    sink.hold();
    const stop = new AbortController();
    const run = deliverDue(db, mailer, { ...FAST, batchSize: 4 }, stop.signal);
    await until(() => sink.held() === 4, "a batch of 4 at the sink", 10_000);
    stop.abort();
    sink.release();
    assert.deepEqual(await run, { sent: 4, retried: 0, failed: 0 });
    const rows = await db.query<
      { email_status: string; email_attempts: number }
    >(
      `SELECT email_status, email_attempts FROM notifications
        ORDER BY email_status, email_attempts`,
    );
    assert.deepEqual(
      rows.map((r) => `${r.email_status}:${r.email_attempts}`),
      [...Array(6).fill("pending:0"), ...Array(4).fill("sent:1")],
    );
  });
});

Deno.test("deliverDue() gives up an e-mail not sent within maxAgeMs (a backlog from before SMTP_URL) instead of sending it", async () => {
  await withSink(async (db, sink, mailer) => {
    const old = await bookingNotification(db);
    const fresh = await bookingNotification(db);
    await db.query(
      "UPDATE notifications SET created_at = now() - interval '25 hours' WHERE id = $1",
      [old.id],
    );
    assert.deepEqual(await deliverDue(db, mailer, FAST), {
      sent: 1,
      retried: 0,
      failed: 1,
    });
    const row = await readRow(db, old.id);
    assert.equal(row.email_status, "failed");
    assert.equal(row.email_attempts, 0);
    assert.equal(row.email_last_error, "Not sent within 24 hours");
    assert.equal((await readRow(db, fresh.id)).email_status, "sent");
    assert.equal(sink.received.length, 1);
  });
});

Deno.test("a booking e-mail's text/calendar part parses with ical.js: the method, the booking's UID and SEQUENCE", async () => {
  await withSink(async (db, sink, mailer) => {
    const { bookingId } = await bookingNotification(db, "booking_cancelled");
    assert.equal((await deliverDue(db, mailer, FAST)).sent, 1);
    const mail = await parseMessage((await sink.waitFor(1))[0]);
    const part = mail.attachments.find((a) =>
      a.contentType === "text/calendar"
    );
    assert.ok(part, "a text/calendar part");
    const calendar = new ICAL.Component(ICAL.parse(part.content.toString()));
    assert.equal(calendar.getFirstPropertyValue("method"), "CANCEL");
    const event = calendar.getFirstSubcomponent("vevent")!;
    assert.match(
      String(event.getFirstPropertyValue("uid")),
      new RegExp(bookingId),
    );
    assert.equal(Number(event.getFirstPropertyValue("sequence")), 1);
  });
});
