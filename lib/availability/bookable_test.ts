import assert from "node:assert/strict";
import { ENGINE, fixtures, rejectsWith } from "@/lib/bookings/_testing.ts";
import { openTestDatabase } from "@/tests/_db.ts";
import { bookableTimes, isBookableTime } from "@/lib/availability/bookable.ts";
import {
  getAvailabilityRules,
  saveAvailability,
} from "@/lib/availability/store.ts";
import { createBookingAtTime } from "@/lib/bookings/create.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/errors.ts";

// A Monday, far enough ahead that notice never matters.
const NOW = new Date("2030-01-06T12:00:00Z"); // Sunday
const MON = "2030-01-07";
const at = (hhmm: string) => new Date(`${MON}T${hhmm}:00Z`);

Deno.test(`bookable times from stored rules (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student } = fixtures(db);
  try {
    const ada = await teacher();
    await saveAvailability(db, ada.id, {
      weekly: [
        { weekday: 1, start: 9 * 60, end: 12 * 60 },
        { weekday: 1, start: 14 * 60, end: 15 * 60 },
      ],
      overrides: [{ date: "2030-01-14", intervals: [] }],
      lesson_lengths: [30, 60],
      grid_minutes: 30,
      buffer_after_minutes: 30,
      min_notice_minutes: 60,
    });

    await t.step(
      "the rules read back as saved, with the defaults",
      async () => {
        const rules = await getAvailabilityRules(db, ada.id);
        assert.ok(rules);
        assert.equal(rules.time_zone, "UTC");
        assert.deepEqual(rules.weekly, [
          { weekday: 1, start: 540, end: 720 },
          { weekday: 1, start: 840, end: 900 },
        ]);
        assert.deepEqual(rules.overrides, [{
          date: "2030-01-14",
          intervals: [],
        }]);
        assert.deepEqual(rules.lesson_lengths, [30, 60]);
        assert.equal(rules.horizon_days, 56);
        assert.equal(rules.requires_confirmation, true);
        assert.equal(await getAvailabilityRules(db, crypto.randomUUID()), null);
      },
    );

    await t.step(
      "a booking by time takes its time and its buffer",
      async () => {
        const bob = await student();
        const booking = await createBookingAtTime(db, bob, {
          teacher_id: ada.id,
          start_at: at("10:00"),
          length_minutes: 60,
          notes: " hi ",
        }, NOW);
        assert.equal(booking.status, "pending");
        assert.equal(booking.slot_id, null);
        assert.equal(booking.notes, "hi");
        assert.equal(booking.end_at.toISOString(), at("11:00").toISOString());
        const [row] = await db.query<{ blocked_until: Date }>(
          "SELECT blocked_until FROM bookings WHERE id = $1",
          [booking.id],
        );
        assert.equal(
          row.blocked_until.toISOString(),
          at("11:30").toISOString(),
        );
        const events = await listEvents(db, booking.id);
        assert.deepEqual(
          events.map((e) => [e.kind, e.actor_id, e.to_status]),
          [["requested", bob.id, "pending"]],
        );
        const times = await bookableTimes(db, ada.id, {
          from: new Date(`${MON}T00:00Z`),
          to: new Date(`${MON}T23:59Z`),
          lengthMinutes: 30,
        }, NOW);
        assert.deepEqual(
          times.map((x) => x.start_at.toISOString().slice(11, 16)),
          // 09:30 would end at 10:00, but its own 30-minute buffer after
          // reaches into the booking; 11:00 is inside the booking's buffer.
          ["09:00", "11:30", "14:00", "14:30"],
        );
      },
    );

    await t.step("a too-close time is refused with the reason", async () => {
      const bob = await student();
      await rejectsWith(
        createBookingAtTime(db, bob, {
          teacher_id: ada.id,
          start_at: at("11:00"),
          length_minutes: 30,
        }, NOW),
        ConflictError,
        "Cannot book time: the teacher already has a booking at that time",
      );
      await rejectsWith(
        createBookingAtTime(db, bob, {
          teacher_id: ada.id,
          start_at: at("12:00"),
          length_minutes: 30,
        }, NOW),
        ConflictError,
        "Cannot book time: the teacher is not available then",
      );
      await rejectsWith(
        createBookingAtTime(db, bob, {
          teacher_id: ada.id,
          start_at: at("09:00"),
          length_minutes: 45,
        }, NOW),
        BadRequestError,
        "Cannot book time: the teacher does not offer 45-minute lessons",
      );
      await rejectsWith(
        createBookingAtTime(db, bob, {
          teacher_id: ada.id,
          start_at: at("09:00"),
          length_minutes: 30,
        }, new Date(`${MON}T08:30Z`)),
        ConflictError,
        "Cannot book time: the teacher needs at least 1 hour of notice",
      );
      await rejectsWith(
        createBookingAtTime(db, bob, {
          teacher_id: ada.id,
          start_at: new Date("2030-01-14T09:00Z"),
          length_minutes: 30,
        }, NOW),
        ConflictError,
        "Cannot book time: the teacher is not available then",
      );
      await rejectsWith(
        createBookingAtTime(db, bob, {
          teacher_id: bob.id,
          start_at: at("09:00"),
          length_minutes: 30,
        }, NOW),
        NotFoundError,
        "Teacher not found",
      );
      const [{ count }] = await db.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM bookings WHERE student_id = $1",
        [bob.id],
      );
      assert.equal(count, 0);
    });

    await t.step("isBookableTime() can leave one booking out", async () => {
      const [{ id }] = await db.query<{ id: string }>(
        "SELECT id FROM bookings WHERE teacher_id = $1",
        [ada.id],
      );
      const taken = await isBookableTime(db, ada.id, at("10:30"), 30, NOW);
      assert.equal(taken.ok, false);
      const free = await isBookableTime(db, ada.id, at("10:30"), 30, NOW, {
        ignoreBookingId: id,
      });
      assert.equal(free.ok, true);
    });

    await t.step(
      "an auto-confirming teacher's booking is confirmed",
      async () => {
        const bea = await teacher({ autoConfirm: true });
        await saveAvailability(db, bea.id, {
          weekly: [{ weekday: 1, start: 0, end: 1440 }],
        });
        const bob = await student();
        const booking = await createBookingAtTime(db, bob, {
          teacher_id: bea.id,
          start_at: at("10:00"),
          length_minutes: 30,
        }, NOW);
        assert.equal(booking.status, "confirmed");
        const events = await listEvents(db, booking.id);
        assert.deepEqual(events.map((e) => e.kind), ["confirmed"]);
      },
    );
  } finally {
    await close();
  }
});
