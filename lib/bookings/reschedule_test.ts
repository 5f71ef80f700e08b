import assert from "node:assert/strict";
import {
  ENGINE,
  fixtures,
  MINUTE,
  rejectsWith,
} from "@/lib/bookings/_testing.ts";
import { openTestDatabase } from "@/tests/_db.ts";
import type { User } from "@/lib/auth/users.ts";
import { saveAvailability } from "@/lib/availability/store.ts";
import { createBookingAtTime } from "@/lib/bookings/create.ts";
import { cancelBooking, confirmBooking } from "@/lib/bookings/lifecycle.ts";
import {
  acceptReschedule,
  declineReschedule,
  proposeReschedule,
} from "@/lib/bookings/reschedule.ts";
import { getOpenProposal, listProposals } from "@/lib/bookings/proposals.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { getBooking } from "@/lib/bookings/queries.ts";
import { expireDue } from "@/lib/bookings/expiry.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from "@/lib/errors.ts";

const NOW = new Date("2030-01-06T12:00:00Z"); // a Sunday
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00Z`);
const MON = "2030-01-07";
const TUE = "2030-01-08";

Deno.test(`rescheduling that keeps the booking (${ENGINE})`, async (t) => {
  const { db, close } = await openTestDatabase();
  const { teacher, student, status } = fixtures(db);
  // A teacher open 08:00–20:00 UTC every day, 60-minute lessons.
  const openTeacher = async () => {
    const ada = await teacher();
    await saveAvailability(db, ada.id, {
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        start: 8 * 60,
        end: 20 * 60,
      })),
      lesson_lengths: [60],
      min_notice_minutes: 60,
    });
    return ada;
  };
  const book = async (ada: User, bob: User, start: Date, confirm = true) => {
    const b = await createBookingAtTime(db, bob, {
      teacher_id: ada.id,
      start_at: start,
      length_minutes: 60,
    }, NOW);
    if (confirm) await confirmBooking(db, ada, b.id, NOW);
    return b;
  };
  const kinds = async (id: string) =>
    (await listEvents(db, id)).map((e) => e.kind);
  const told = async (id: string, kind: string) =>
    (await db.query<{ user_id: string }>(
      "SELECT user_id FROM notifications WHERE booking_id = $1 AND kind = $2",
      [id, kind],
    )).map((r) => r.user_id).sort();
  const sequence = async (id: string) =>
    Number(
      (await db.query<{ s: number }>(
        "SELECT ics_sequence AS s FROM bookings WHERE id = $1",
        [id],
      ))[0].s,
    );
  try {
    await t.step(
      "a student proposes a free time, the teacher accepts: same booking, new time, old time freed, SEQUENCE + 1, both told",
      async () => {
        const ada = await openTeacher();
        const bob = await student();
        const b = await book(ada, bob, at(MON, "10:00"));
        const seq = await sequence(b.id);
        const p = await proposeReschedule(
          db,
          bob,
          b.id,
          at(TUE, "15:00"),
          NOW,
        );
        assert.equal(p.status, "open");
        assert.equal(p.end_at.toISOString(), at(TUE, "16:00").toISOString());
        assert.equal(
          p.previous_start_at.toISOString(),
          at(MON, "10:00").toISOString(),
        );
        // The earlier of the two starts: the booking's own.
        assert.equal(
          p.expires_at.toISOString(),
          at(MON, "10:00").toISOString(),
        );
        assert.deepEqual(await told(b.id, "reschedule_proposed"), [ada.id]);
        assert.equal(await sequence(b.id), seq, "a proposal changes no invite");

        const decided = await acceptReschedule(db, ada, b.id, NOW);
        assert.equal(decided.status, "accepted");
        assert.equal(decided.decided_by, ada.id);
        const moved = (await getBooking(db, b.id, NOW))!;
        assert.equal(moved.id, b.id);
        assert.equal(moved.status, "confirmed");
        assert.equal(
          moved.start_at.toISOString(),
          at(TUE, "15:00").toISOString(),
        );
        assert.equal(
          moved.end_at.toISOString(),
          at(TUE, "16:00").toISOString(),
        );
        assert.equal(
          moved.rescheduled_from?.toISOString(),
          at(MON, "10:00").toISOString(),
        );
        assert.equal(await sequence(b.id), seq + 1);
        assert.deepEqual(
          await told(b.id, "booking_rescheduled"),
          [ada.id, bob.id].sort(),
        );
        const [facts] = await db.query<
          { facts: { previous_start_at: string } }
        >(
          "SELECT facts FROM notifications WHERE booking_id = $1 AND kind = 'booking_rescheduled' LIMIT 1",
          [b.id],
        );
        assert.equal(
          facts.facts.previous_start_at,
          at(MON, "10:00").toISOString(),
        );
        assert.deepEqual(await kinds(b.id), [
          "requested",
          "confirmed",
          "reschedule_proposed",
          "reschedule_accepted",
        ]);
        const accepted = (await listEvents(db, b.id)).at(-1)!;
        assert.equal(accepted.actor_id, ada.id);
        assert.equal(accepted.details.start_at, at(TUE, "15:00").toISOString());
        // The old time is free: another student books it.
        const eve = await student();
        await book(ada, eve, at(MON, "10:00"), false);
        assert.equal(await getOpenProposal(db, b.id, NOW), null);
      },
    );

    await t.step(
      "a student may only propose the teacher's bookable times, ignoring the booking's own time",
      async () => {
        const ada = await openTeacher();
        const bob = await student();
        const eve = await student();
        const b = await book(ada, bob, at(MON, "10:00"));
        await book(ada, eve, at(MON, "14:00"));
        await rejectsWith(
          proposeReschedule(db, bob, b.id, at(MON, "14:30"), NOW),
          ConflictError,
          "Cannot reschedule booking: the teacher already has a booking at that time",
        );
        await rejectsWith(
          proposeReschedule(db, bob, b.id, at(MON, "21:00"), NOW),
          ConflictError,
          "Cannot reschedule booking: the teacher is not available then",
        );
        await rejectsWith(
          proposeReschedule(db, bob, b.id, at(MON, "10:10"), NOW),
          ConflictError,
          /^Cannot reschedule booking: /,
        );
        await rejectsWith(
          proposeReschedule(db, bob, b.id, at("2030-06-01", "10:00"), NOW),
          ConflictError,
          "Cannot reschedule booking: the teacher takes bookings at most 56 days ahead",
        );
        // Half an hour later overlaps only its own current time: allowed.
        const p = await proposeReschedule(db, bob, b.id, at(MON, "10:30"), NOW);
        assert.equal(p.status, "open");
        assert.equal((await listProposals(db, b.id)).length, 1);
      },
    );

    await t.step(
      "the teacher may propose any future time free of both participants' other bookings",
      async () => {
        const ada = await openTeacher();
        const bob = await student();
        const b = await book(ada, bob, at(MON, "10:00"));
        const other = await openTeacher();
        await book(other, bob, at(TUE, "09:00"));
        const eve = await student();
        await book(ada, eve, at(TUE, "12:00"));
        await rejectsWith(
          proposeReschedule(db, ada, b.id, at(TUE, "09:30"), NOW),
          ConflictError,
          "Cannot reschedule booking: the student already has a booking at that time",
        );
        await rejectsWith(
          proposeReschedule(db, ada, b.id, at(TUE, "11:30"), NOW),
          ConflictError,
          "Cannot reschedule booking: you already have a booking at that time",
        );
        // Outside the weekly hours is the teacher's own choice.
        const p = await proposeReschedule(db, ada, b.id, at(TUE, "21:00"), NOW);
        assert.deepEqual(await told(b.id, "reschedule_proposed"), [bob.id]);
        await rejectsWith(
          acceptReschedule(db, ada, b.id, NOW),
          ForbiddenError,
          "Only the student can accept this proposal",
        );
        await rejectsWith(
          declineReschedule(db, ada, b.id, NOW),
          ForbiddenError,
          "Only the student can decline this proposal",
        );
        await acceptReschedule(db, bob, b.id, NOW);
        const moved = (await getBooking(db, b.id, NOW))!;
        assert.equal(moved.start_at.toISOString(), p.start_at.toISOString());
      },
    );

    await t.step(
      "bad input: the past, the booking's own time, a second proposal, outsiders and unknown bookings",
      async () => {
        const ada = await openTeacher();
        const bob = await student();
        const b = await book(ada, bob, at(MON, "10:00"));
        await rejectsWith(
          proposeReschedule(db, bob, b.id, at("2030-01-05", "10:00"), NOW),
          BadRequestError,
          "Cannot reschedule booking: the new time is in the past",
        );
        await rejectsWith(
          proposeReschedule(db, ada, b.id, at("2030-01-05", "10:00"), NOW),
          BadRequestError,
          "Cannot reschedule booking: the new time is in the past",
        );
        await rejectsWith(
          proposeReschedule(db, ada, b.id, at(MON, "10:00"), NOW),
          BadRequestError,
          "Cannot reschedule booking: the new time is the booking's own time",
        );
        const outsider = await student();
        await rejectsWith(
          proposeReschedule(db, outsider, b.id, at(TUE, "10:00"), NOW),
          ForbiddenError,
          "This booking is not yours",
        );
        await rejectsWith(
          proposeReschedule(
            db,
            bob,
            crypto.randomUUID(),
            at(TUE, "10:00"),
            NOW,
          ),
          NotFoundError,
          "Booking not found",
        );
        await rejectsWith(
          acceptReschedule(db, ada, b.id, NOW),
          ConflictError,
          "Cannot accept the new time: there is no open proposal",
        );
        await proposeReschedule(db, bob, b.id, at(TUE, "10:00"), NOW);
        await rejectsWith(
          proposeReschedule(db, ada, b.id, at(TUE, "11:00"), NOW),
          ConflictError,
          "Cannot reschedule booking: a proposal to move it is already open",
        );
        await rejectsWith(
          acceptReschedule(db, outsider, b.id, NOW),
          ForbiddenError,
          "This booking is not yours",
        );
        assert.deepEqual(await kinds(b.id), [
          "requested",
          "confirmed",
          "reschedule_proposed",
        ]);
      },
    );

    await t.step(
      "a declined proposal leaves the booking where it is; a new one can follow",
      async () => {
        const ada = await openTeacher();
        const bob = await student();
        const b = await book(ada, bob, at(MON, "10:00"));
        await proposeReschedule(db, bob, b.id, at(TUE, "10:00"), NOW);
        const declined = await declineReschedule(db, ada, b.id, NOW);
        assert.equal(declined.status, "declined");
        assert.deepEqual(await told(b.id, "reschedule_declined"), [bob.id]);
        const same = (await getBooking(db, b.id, NOW))!;
        assert.equal(
          same.start_at.toISOString(),
          at(MON, "10:00").toISOString(),
        );
        assert.equal(same.rescheduled_from, null);
        await proposeReschedule(db, ada, b.id, at(TUE, "11:00"), NOW);
        assert.deepEqual((await kinds(b.id)).slice(2), [
          "reschedule_proposed",
          "reschedule_declined",
          "reschedule_proposed",
        ]);
      },
    );

    await t.step(
      "a cancelled booking cannot be moved; cancelling closes the open proposal and an accept after it is refused",
      async () => {
        const ada = await openTeacher();
        const bob = await student();
        const b = await book(ada, bob, at(MON, "10:00"));
        await proposeReschedule(db, bob, b.id, at(TUE, "10:00"), NOW);
        await cancelBooking(db, bob, b.id, "Changed my mind", NOW);
        const [p] = await listProposals(db, b.id);
        assert.equal(p.status, "closed");
        await rejectsWith(
          acceptReschedule(db, ada, b.id, NOW),
          ConflictError,
          "Cannot accept the new time: it is cancelled",
        );
        await rejectsWith(
          proposeReschedule(db, ada, b.id, at(TUE, "12:00"), NOW),
          ConflictError,
          "Cannot reschedule booking: it is cancelled",
        );
        assert.equal(await status(b.id), "cancelled");
      },
    );

    await t.step(
      "a proposal expires at the earlier of the two starts, by the scheduler, and cannot be accepted after",
      async () => {
        const ada = await openTeacher();
        const bob = await student();
        const b = await book(ada, bob, at(TUE, "16:00"));
        const p = await proposeReschedule(db, ada, b.id, at(MON, "18:00"), NOW);
        assert.equal(
          p.expires_at.toISOString(),
          at(MON, "18:00").toISOString(),
        );
        const later = at(MON, "18:00");
        await rejectsWith(
          acceptReschedule(db, bob, b.id, later),
          ConflictError,
          "Cannot accept the new time: the proposal has expired",
        );
        await expireDue(db, new Date(later.getTime() - MINUTE));
        assert.equal((await listProposals(db, b.id))[0].status, "open");
        assert.ok((await expireDue(db, later)).proposals >= 1);
        const [expired] = await listProposals(db, b.id);
        assert.equal(expired.status, "expired");
        assert.equal(
          (await listEvents(db, b.id)).at(-1)!.kind,
          "reschedule_expired",
        );
        assert.equal((await listEvents(db, b.id)).at(-1)!.actor_id, null);
        assert.equal(
          (await getBooking(db, b.id, later))!.start_at.toISOString(),
          at(TUE, "16:00").toISOString(),
        );
      },
    );

    await t.step(
      "a technical failure can be rescheduled and becomes confirmed at the new time",
      async () => {
        const ada = await openTeacher();
        const bob = await student();
        const b = await book(ada, bob, at(MON, "10:00"));
        await db.query(
          "UPDATE bookings SET status = 'technical_failure' WHERE id = $1",
          [b.id],
        );
        const after = at(MON, "12:00");
        const p = await proposeReschedule(
          db,
          bob,
          b.id,
          at(TUE, "10:00"),
          after,
        );
        // The old start is past: the proposal lives until its own start.
        assert.equal(
          p.expires_at.toISOString(),
          at(TUE, "10:00").toISOString(),
        );
        await acceptReschedule(db, ada, b.id, after);
        const moved = (await getBooking(db, b.id, after))!;
        assert.equal(moved.status, "confirmed");
        assert.equal(
          moved.start_at.toISOString(),
          at(TUE, "10:00").toISOString(),
        );
        const last = (await listEvents(db, b.id)).at(-1)!;
        assert.equal(last.from_status, "technical_failure");
        assert.equal(last.to_status, "confirmed");
      },
    );

    await t.step(
      "accepting a time taken meanwhile is refused with the reason and writes nothing",
      async () => {
        const ada = await openTeacher();
        const bob = await student();
        const b = await book(ada, bob, at(MON, "10:00"));
        await proposeReschedule(db, ada, b.id, at(TUE, "21:00"), NOW);
        const eve = await student();
        await db.query(
          `INSERT INTO bookings (student_id, teacher_id, start_at, end_at, status)
           VALUES ($1, $2, $3, $4, 'confirmed')`,
          [eve.id, ada.id, at(TUE, "21:30"), at(TUE, "22:30")],
        );
        const seq = await sequence(b.id);
        const events = await kinds(b.id);
        await rejectsWith(
          acceptReschedule(db, bob, b.id, NOW),
          ConflictError,
          "Cannot reschedule booking: the teacher already has a booking at that time",
        );
        assert.equal(await sequence(b.id), seq);
        assert.deepEqual(await kinds(b.id), events);
        assert.equal((await getOpenProposal(db, b.id, NOW))?.status, "open");
        assert.deepEqual(await told(b.id, "booking_rescheduled"), []);
      },
    );
  } finally {
    await close();
  }
});
