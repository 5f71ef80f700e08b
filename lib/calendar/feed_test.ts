import assert from "node:assert/strict";
import {
  createFeedToken,
  feedCalendar,
  feedPath,
  findFeedOwner,
  getFeedCreatedAt,
  revokeFeed,
} from "@/lib/calendar/feed.ts";
import {
  createTestBooking,
  createTestUser,
  openTestDatabase,
} from "@/tests/_db.ts";
import { listFeedEntries } from "@/lib/calendar/entries.ts";
import { bookingFacts } from "@/lib/notifications/booking_facts.ts";
import { parseIcs, prop } from "@/lib/calendar/_ical_testing.ts";

const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";
const DAY = 24 * 60;

Deno.test(`calendar feeds and entries (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    await t.step(
      "createFeedToken() returns a 32-byte token and stores only its SHA-256",
      async () => {
        const user = await createTestUser(db);
        const token = await createFeedToken(db, user.id);
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        assert.equal(feedPath(token), `/calendar/${token}.ics`);
        const [row] = await db.query<{ hex: string }>(
          "SELECT encode(token_hash, 'hex') AS hex FROM calendar_feeds WHERE user_id = $1",
          [user.id],
        );
        const digest = new Uint8Array(
          await crypto.subtle.digest(
            "SHA-256",
            new TextEncoder().encode(token),
          ),
        );
        const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0"))
          .join("");
        assert.equal(row.hex, hex);
        assert.equal(await findFeedOwner(db, token), user.id);
        assert.ok(await getFeedCreatedAt(db, user.id));
      },
    );

    await t.step(
      "findFeedOwner() refuses unknown, altered and malformed tokens",
      async () => {
        const user = await createTestUser(db);
        const token = await createFeedToken(db, user.id);
        const altered = (token[0] === "A" ? "B" : "A") + token.slice(1);
        assert.equal(await findFeedOwner(db, altered), null);
        assert.equal(await findFeedOwner(db, token.slice(1)), null);
        assert.equal(await findFeedOwner(db, `${token}x`), null);
        assert.equal(await findFeedOwner(db, ""), null);
        assert.equal(await findFeedOwner(db, "'; DROP TABLE users; --"), null);
      },
    );

    await t.step(
      "createFeedToken() again replaces the old token, and revokeFeed() ends the feed",
      async () => {
        const user = await createTestUser(db);
        const first = await createFeedToken(db, user.id);
        const second = await createFeedToken(db, user.id);
        assert.notEqual(first, second);
        assert.equal(await findFeedOwner(db, first), null);
        assert.equal(await findFeedOwner(db, second), user.id);
        await revokeFeed(db, user.id);
        assert.equal(await findFeedOwner(db, second), null);
        assert.equal(await getFeedCreatedAt(db, user.id), null);
      },
    );

    await t.step(
      "listFeedEntries() lists the user's upcoming and recent lessons, cancelled ones too, with their SEQUENCE and both addresses",
      async () => {
        const teacher = await createTestUser(db, {
          role: "teacher",
          username: "Tess",
        });
        const student = await createTestUser(db, { username: "Stu" });
        const other = await createTestUser(db);
        const old = await createTestBooking(db, {
          teacher,
          student,
          startInMinutes: -40 * DAY,
        });
        const recent = await createTestBooking(db, {
          teacher,
          student,
          startInMinutes: -2 * DAY,
          status: "completed",
        });
        const cancelled = await createTestBooking(db, {
          teacher,
          student,
          startInMinutes: 2 * DAY,
          status: "cancelled",
        });
        const upcoming = await createTestBooking(db, {
          teacher,
          student,
          startInMinutes: DAY,
          status: "pending",
        });
        const foreign = await createTestBooking(db, {
          teacher,
          student: other,
          startInMinutes: 3 * DAY,
        });
        await db.query("UPDATE bookings SET ics_sequence = 3 WHERE id = $1", [
          cancelled.id,
        ]);

        for (const user of [teacher, student]) {
          const entries = await listFeedEntries(db, user.id);
          const ids = entries.map((e) => e.booking_id);
          const expected = [recent.id, upcoming.id, cancelled.id];
          if (user === teacher) expected.push(foreign.id);
          assert.deepEqual(ids, expected);
          assert.ok(!ids.includes(old.id));
        }
        const [entry] = (await listFeedEntries(db, student.id))
          .filter((e) => e.booking_id === cancelled.id);
        assert.equal(entry.sequence, 3);
        assert.equal(entry.status, "cancelled");
        assert.equal(entry.reason, "Test cancellation");
        // The same facts as the invites are made from.
        assert.deepEqual(
          entry,
          await bookingFacts(db, cancelled.id, { reason: entry.reason }),
        );
        assert.deepEqual(entry.teacher, {
          id: teacher.id,
          name: "Tess",
          email: teacher.email,
        });
        assert.deepEqual(entry.student, {
          id: student.id,
          name: "Stu",
          email: student.email,
        });
        assert.deepEqual(
          await listFeedEntries(db, other.id).then((l) =>
            l.map((e) => e.booking_id)
          ),
          [foreign.id],
        );
      },
    );

    await t.step(
      "feedCalendar() serves the owner's lessons, named and written in their locale, and nothing for a refused token",
      async () => {
        const teacher = await createTestUser(db, {
          role: "teacher",
          username: "Tilde",
        });
        const student = await createTestUser(db, { username: "Sol" });
        await db.query("UPDATE users SET locale = 'en-US' WHERE id = $1", [
          student.id,
        ]);
        const booking = await createTestBooking(db, { teacher, student });
        const token = await createFeedToken(db, student.id);
        const text = await feedCalendar(db, token, "https://talkroom.example");
        assert.ok(text);
        const { method, calendar, events } = parseIcs(text);
        assert.equal(method, "PUBLISH");
        assert.equal(
          calendar.getFirstPropertyValue("x-wr-calname"),
          "Talkroom lessons",
        );
        assert.deepEqual(events.map((e) => prop(e, "uid")), [
          `${booking.id}@talkroom.example`,
        ]);
        assert.equal(
          prop(events[0], "summary"),
          "Talkroom lesson: Tilde with Sol",
        );
        assert.equal(
          await feedCalendar(db, `${token.slice(1)}A`, "https://t.example"),
          null,
        );
      },
    );
  } finally {
    await close();
  }
});
