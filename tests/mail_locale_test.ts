// E-mails in the recipient's locale, through a real app process, the real
// PostgreSQL server and a real SMTP sink: two users in the same time zone get
// the same lesson's e-mail, the en-US one on a 12-hour clock, the en-GB one
// on a 24-hour clock.
import assert from "node:assert/strict";
import {
  openTestSchema,
  type ServerProcess,
  startServer,
} from "@/tests/_server.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";
import { parseMessage, smtpEnv, startSmtpSink } from "@/tests/_smtp.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import { bookingFacts } from "@/lib/notifications/booking_facts.ts";

const ORIGIN = "https://talkroom.example";

Deno.test("a booking e-mail shows its times on the recipient's clock: 12-hour for en-US, 24-hour for en-GB", async () => {
  const schema = await openTestSchema({ prefix: "mail_locale" });
  const sink = await startSmtpSink();
  let server: ServerProcess | undefined;
  try {
    const db = schema.db;
    const timeZone = "Europe/Berlin";
    const teacher = await createTestUser(db, { role: "teacher", timeZone });
    const student = await createTestUser(db, { role: "student", timeZone });
    await db.query("UPDATE users SET locale = 'en-GB' WHERE id = $1", [
      teacher.id,
    ]);
    await db.query("UPDATE users SET locale = 'en-US' WHERE id = $1", [
      student.id,
    ]);
    const booking = await createTestBooking(db, { teacher, student });
    // The facts are the message's snapshot: a lesson at 14:00–15:00 UTC,
    // 15:00–16:00 in Berlin.
    const facts = {
      ...await bookingFacts(db, booking.id),
      start_at: "2026-12-03T14:00:00.000Z",
      end_at: "2026-12-03T15:00:00.000Z",
    };
    for (const user of [teacher, student]) {
      await enqueueNotification(db, {
        userId: user.id,
        kind: "booking_confirmed",
        bookingId: booking.id,
        facts,
      });
    }
    server = await startServer(smtpEnv(schema, sink.url, ORIGIN));
    const received = await sink.waitFor(2, 30_000);
    const mail = async (address: string) => {
      const message = received.find((m) => m.to.includes(address));
      assert.ok(message, `an e-mail to ${address}`);
      return await parseMessage(message);
    };

    const us = await mail(student.email);
    assert.match(us.subject ?? "", /on Thu, Dec 3, 2026, 3:00\sPM$/);
    assert.match(
      us.text ?? "",
      /on Thu, Dec 3, 2026, 3:00\s–\s4:00\sPM \(Europe\/Berlin\) is confirmed\./,
    );
    assert.doesNotMatch(us.text ?? "", /15:00/);
    assert.match(String(us.html), /<html lang="en-US">/);

    const gb = await mail(teacher.email);
    assert.equal(
      gb.subject,
      `Lesson confirmed: ${student.username} on Thu, 3 Dec 2026, 15:00`,
    );
    assert.match(
      gb.text ?? "",
      /on Thu, 3 Dec 2026, 15:00–16:00 \(Europe\/Berlin\) is confirmed\./,
    );
    assert.doesNotMatch(gb.text ?? "", /\b[AP]M\b/);
    assert.match(String(gb.html), /<html lang="en-GB">/);
  } finally {
    await server?.stop();
    await sink.stop();
    await schema.drop();
  }
});
