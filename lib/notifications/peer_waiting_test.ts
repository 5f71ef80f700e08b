import assert from "node:assert/strict";
import { sendPeerWaitingNudges } from "@/lib/notifications/peer_waiting.ts";
import { listNotifications } from "@/lib/notifications/inbox.ts";
import { renderNotification } from "@/lib/notifications/render.ts";
import {
  at,
  createLesson,
  insertVisit,
  notificationsOf,
  startKey,
  withDatabase,
} from "@/lib/notifications/_reminders_testing.ts";

const MINUTE = 60_000;

Deno.test("sendPeerWaitingNudges() nudges the absent participant once, 2 minutes after the start, naming the one waiting", () =>
  withDatabase(async ({ db }) => {
    const lesson = await createLesson(db, -10);
    const start = lesson.start_at;
    await insertVisit(db, lesson.id, lesson.student.id, at(start, -MINUTE));
    assert.equal(
      await sendPeerWaitingNudges(db, { now: at(start, 2 * MINUTE - 1) }),
      0,
    );
    assert.equal(
      await sendPeerWaitingNudges(db, { now: at(start, 2 * MINUTE) }),
      1,
    );
    assert.equal(
      await sendPeerWaitingNudges(db, { now: at(start, 5 * MINUTE) }),
      0,
    );
    assert.deepEqual(await notificationsOf(db, lesson.id), [{
      user_id: lesson.teacher.id,
      kind: "peer_waiting",
      dedupe_key: `peer_waiting:${lesson.id}:${
        startKey(start)
      }:${lesson.teacher.id}`,
      minutes_before: null,
      status: "confirmed",
      start_at: start.toISOString(),
      actor_id: lesson.student.id,
    }]);
    const [item] = (await listNotifications(db, lesson.teacher.id)).items;
    const mail = renderNotification(item, lesson.teacher, "https://t.test");
    assert.equal(
      mail.subject,
      `${lesson.student.username} is waiting for you in the lesson room`,
    );
    assert.ok(mail.text.includes(`https://t.test/bookings/${lesson.id}`));
  }));

Deno.test("sendPeerWaitingNudges() counts the 2 minutes from a late arrival, and nudges the student when the teacher waits", () =>
  withDatabase(async ({ db }) => {
    const lesson = await createLesson(db, -10);
    const start = lesson.start_at;
    await insertVisit(db, lesson.id, lesson.teacher.id, at(start, 5 * MINUTE));
    assert.equal(
      await sendPeerWaitingNudges(db, { now: at(start, 7 * MINUTE - 1) }),
      0,
    );
    assert.equal(
      await sendPeerWaitingNudges(db, { now: at(start, 7 * MINUTE) }),
      1,
    );
    const [nudge] = await notificationsOf(db, lesson.id);
    assert.equal(nudge.user_id, lesson.student.id);
    assert.equal(nudge.actor_id, lesson.teacher.id);
  }));

Deno.test("sendPeerWaitingNudges() leaves alone a lesson with both there, one whose waiting participant left, and one whose other left under 2 minutes ago", () =>
  withDatabase(async ({ db }) => {
    // Hours apart: at each one's moment the others are not in progress.
    const both = await createLesson(db, -10);
    const gone = await createLesson(db, -200);
    const blip = await createLesson(db, -400);
    for (const l of [both, gone, blip]) {
      await insertVisit(db, l.id, l.student.id, at(l.start_at, -MINUTE));
    }
    await insertVisit(db, both.id, both.teacher.id, at(both.start_at, MINUTE));
    await db.query("UPDATE attendance SET left_at = $2 WHERE booking_id = $1", [
      gone.id,
      at(gone.start_at, MINUTE),
    ]);
    await insertVisit(
      db,
      blip.id,
      blip.teacher.id,
      at(blip.start_at, -5 * MINUTE),
      at(blip.start_at, 90_000),
    );
    for (const l of [both, gone, blip]) {
      const now = at(l.start_at, 3 * MINUTE);
      assert.equal(await sendPeerWaitingNudges(db, { now }), 0);
    }
    // Gone for 2 minutes now: the teacher who dropped out is nudged.
    assert.equal(
      await sendPeerWaitingNudges(db, { now: at(blip.start_at, 210_000) }),
      1,
    );
    assert.deepEqual(
      (await notificationsOf(db, blip.id)).map((n) => n.user_id),
      [blip.teacher.id],
    );
  }));

Deno.test("sendPeerWaitingNudges() never nudges for a cancelled, settled or ended lesson", () =>
  withDatabase(async ({ db }) => {
    const cancelled = await createLesson(db, -10, "cancelled");
    const settled = await createLesson(db, -90, "no_show");
    const ended = await createLesson(db, -90);
    for (const l of [cancelled, settled, ended]) {
      await insertVisit(db, l.id, l.student.id, at(l.start_at, -MINUTE));
    }
    assert.equal(
      await sendPeerWaitingNudges(db, {
        now: at(cancelled.start_at, 5 * MINUTE),
      }),
      0,
    );
    // The hour-long lessons: 5 minutes after the start, then at the end.
    assert.equal(
      await sendPeerWaitingNudges(db, { now: at(ended.start_at, 5 * MINUTE) }),
      1,
    );
    assert.equal(
      (await notificationsOf(db, settled.id)).length,
      0,
    );
    await db.query("DELETE FROM notifications");
    assert.equal(
      await sendPeerWaitingNudges(db, { now: ended.end_at }),
      0,
    );
  }));
