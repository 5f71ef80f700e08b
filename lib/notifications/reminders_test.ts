import assert from "node:assert/strict";
import { sendDueReminders } from "@/lib/notifications/reminders.ts";
import { listNotifications } from "@/lib/notifications/inbox.ts";
import { renderNotification } from "@/lib/notifications/render.ts";
import {
  at,
  createLesson,
  notificationsOf,
  startKey,
  withDatabase,
} from "@/lib/notifications/_reminders_testing.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

Deno.test("sendDueReminders() reminds both participants of a confirmed lesson 24 hours ahead, once however often it runs", () =>
  withDatabase(async ({ db }) => {
    const lesson = await createLesson(db, 20 * 60);
    assert.equal(await sendDueReminders(db), 2);
    assert.equal(await sendDueReminders(db), 0);
    assert.equal(
      await sendDueReminders(db, { now: at(lesson.start_at, -HOUR) }),
      0,
    );
    const key = `reminder:${lesson.id}:${startKey(lesson.start_at)}:24h`;
    assert.deepEqual(
      await notificationsOf(db, lesson.id),
      [lesson.teacher.id, lesson.student.id].sort().map((userId) => ({
        user_id: userId,
        kind: "reminder",
        dedupe_key: `${key}:${userId}`,
        minutes_before: 1440,
        status: "confirmed",
        start_at: lesson.start_at.toISOString(),
        actor_id: null,
      })).sort((a, b) => a.dedupe_key < b.dedupe_key ? -1 : 1),
    );
  }));

Deno.test("sendDueReminders() sends the 15-minute reminder from 15 minutes before the start, and skips the 24-hour one when both are due", () =>
  withDatabase(async ({ db }) => {
    const early = await createLesson(db, 20 * 60);
    const late = await createLesson(db, 10);
    assert.equal(await sendDueReminders(db), 4);
    assert.deepEqual(
      (await notificationsOf(db, late.id)).map((n) => n.minutes_before),
      [15, 15],
    );
    assert.equal(
      await sendDueReminders(db, {
        now: at(early.start_at, -15 * MINUTE - 1),
      }),
      0,
    );
    assert.equal(
      await sendDueReminders(db, { now: at(early.start_at, -15 * MINUTE) }),
      2,
    );
    assert.deepEqual(
      (await notificationsOf(db, early.id)).map((n) =>
        `${n.minutes_before} ${n.user_id}`
      ).sort(),
      [
        `1440 ${early.student.id}`,
        `1440 ${early.teacher.id}`,
        `15 ${early.student.id}`,
        `15 ${early.teacher.id}`,
      ].sort(),
    );
  }));

Deno.test("sendDueReminders() sends a reminder whose time passed while nothing ran, until the lesson starts", () =>
  withDatabase(async ({ db }) => {
    const missed = await createLesson(db, 5);
    const started = await createLesson(db, 5);
    assert.equal(await sendDueReminders(db, { now: started.start_at }), 0);
    assert.equal(
      await sendDueReminders(db, { now: at(missed.start_at, -1) }),
      4,
    );
    assert.equal(
      await sendDueReminders(db, { now: at(missed.start_at, 1) }),
      0,
    );
  }));

Deno.test("sendDueReminders() reminds only the teacher of a pending request, with the pending status for the message", () =>
  withDatabase(async ({ db }) => {
    const request = await createLesson(db, 3 * 60, "pending");
    assert.equal(await sendDueReminders(db), 1);
    const [n] = await notificationsOf(db, request.id);
    assert.equal(n.user_id, request.teacher.id);
    assert.equal(n.status, "pending");
    assert.equal(n.minutes_before, 1440);
    const [item] = (await listNotifications(db, request.teacher.id)).items;
    assert.match(
      renderNotification(item, request.teacher, "https://talkroom.test")
        .subject,
      new RegExp(`^Answer ${request.student.username}'s lesson request`),
    );
    // Confirmed later: the student gets the reminder the teacher already had.
    await db.query("UPDATE bookings SET status = 'confirmed' WHERE id = $1", [
      request.id,
    ]);
    assert.equal(await sendDueReminders(db), 1);
    assert.deepEqual(
      (await notificationsOf(db, request.id)).map((x) => x.user_id).sort(),
      [request.student.id, request.teacher.id].sort(),
    );
  }));

Deno.test("sendDueReminders() never reminds of a cancelled, started, settled or far-off booking", () =>
  withDatabase(async ({ db }) => {
    const lessons = [
      await createLesson(db, 20 * 60, "cancelled"),
      await createLesson(db, -5),
      await createLesson(db, -5, "pending"),
      await createLesson(db, -120, "completed"),
      await createLesson(db, -120, "no_show"),
      await createLesson(db, 24 * 60 + 5),
      await createLesson(db, 30 * 60, "pending"),
    ];
    assert.equal(await sendDueReminders(db), 0);
    for (const lesson of lessons) {
      assert.deepEqual(await notificationsOf(db, lesson.id), []);
    }
  }));

Deno.test("sendDueReminders() re-times the reminders of a moved lesson: none while it is far off, again for its new start", () =>
  withDatabase(async ({ db }) => {
    const lesson = await createLesson(db, 20 * 60);
    assert.equal(await sendDueReminders(db), 2);
    const moved = at(lesson.start_at, 20 * HOUR);
    await db.query(
      "UPDATE bookings SET start_at = $2, end_at = $3 WHERE id = $1",
      [lesson.id, moved, at(moved, HOUR)],
    );
    assert.equal(await sendDueReminders(db), 0);
    assert.equal(await sendDueReminders(db, { now: at(moved, -24 * HOUR) }), 2);
    assert.equal(
      await sendDueReminders(db, { now: at(moved, -10 * MINUTE) }),
      2,
    );
    const starts = (await notificationsOf(db, lesson.id)).map((n) =>
      `${n.start_at} ${n.minutes_before}`
    );
    assert.deepEqual(
      starts.sort(),
      [
        `${lesson.start_at.toISOString()} 1440`,
        `${lesson.start_at.toISOString()} 1440`,
        `${moved.toISOString()} 1440`,
        `${moved.toISOString()} 1440`,
        `${moved.toISOString()} 15`,
        `${moved.toISOString()} 15`,
      ].sort(),
    );
  }));

Deno.test("sendDueReminders() runs racing on one database write each reminder exactly once", () =>
  withDatabase(async ({ db }) => {
    const lessons = [];
    for (let i = 0; i < 12; i++) lessons.push(await createLesson(db, 60 + i));
    const counts = await Promise.all(
      Array.from({ length: 4 }, () => sendDueReminders(db, { batchSize: 5 })),
    );
    assert.equal(counts.reduce((a, b) => a + b, 0), 24);
    const [{ count }] = await db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM notifications WHERE kind = 'reminder'",
    );
    assert.equal(count, 24);
  }));

Deno.test("sendDueReminders() goes through every batch and stops at an aborted signal", () =>
  withDatabase(async ({ db }) => {
    for (let i = 0; i < 7; i++) await createLesson(db, 60 + i);
    const aborted = AbortSignal.abort();
    assert.equal(await sendDueReminders(db, { signal: aborted }), 0);
    assert.equal(await sendDueReminders(db, { batchSize: 2 }), 14);
  }));
