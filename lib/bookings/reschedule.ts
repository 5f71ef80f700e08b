// Rescheduling that keeps the booking: a participant proposes a new time
// (the student one of the teacher's bookable times, the teacher any future
// time free of both participants' other bookings); the other participant
// accepts or declines. On accept the booking itself moves: the same id,
// page, room and history; the old time is freed, `rescheduled_from` keeps
// the previous start and the invite's SEQUENCE goes up. Every step takes the
// booking's row lock first (as a cancel does), so an accept racing a cancel
// or the expiry job sees the other's result; the database constraints stay
// the final guard against an overlap.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  msg,
  type Text,
} from "@/lib/errors.ts";
import {
  PG_DEADLOCK,
  PG_EXCLUSION_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_SERIALIZATION,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
} from "@/lib/db/errors.ts";
import { type Booking, isParticipant } from "@/lib/bookings/model.ts";
import { describeStatus, loadForChange } from "@/lib/bookings/lifecycle.ts";
import { recordEvent } from "@/lib/bookings/history.ts";
import { notify } from "@/lib/bookings/notify.ts";
import {
  getOpenProposal,
  type RescheduleProposal,
} from "@/lib/bookings/proposals.ts";
import { isBookableTime } from "@/lib/availability/bookable.ts";
import { checkTeacherTime } from "@/lib/bookings/_reschedule_checks.ts";

const MINUTE = 60_000;

/**
 * Proposes moving a booking to `startAt` (same length). One open proposal
 * per booking; it expires at the earlier of the two starts (a booking whose
 * lesson failed technically: at the new start).
 * @throws {NotFoundError} | {ForbiddenError}
 * @throws {BadRequestError} for a time in the past or the booking's own time
 * @throws {ConflictError} on a cancelled or finished booking, with an open
 *   proposal already, or for a time that is not free
 */
export async function proposeReschedule(
  db: Database,
  user: User,
  bookingId: string,
  startAt: Date,
  now = new Date(),
): Promise<RescheduleProposal> {
  return await guarded(() =>
    db.transaction(async (tx) => {
      const booking = await loadMovable(tx, user, bookingId, "reschedule", now);
      if (startAt <= now) {
        throw new BadRequestError(
          msg("error.reschedule.because", { why: msg("error.why.newInPast") }),
          { start_at: msg("error.reschedule.futureField") },
        );
      }
      if (startAt.getTime() === booking.start_at.getTime()) {
        throw new BadRequestError(
          msg("error.reschedule.because", { why: msg("error.why.sameTime") }),
          { start_at: msg("error.reschedule.otherField") },
        );
      }
      await expireStale(tx, booking, now);
      if (await getOpenProposal(tx, booking.id, now)) {
        throw new ConflictError(
          msg("error.reschedule.because", {
            why: msg("error.why.proposalOpen"),
          }),
        );
      }
      const minutes = (booking.end_at.getTime() - booking.start_at.getTime()) /
        MINUTE;
      const endAt = new Date(startAt.getTime() + minutes * MINUTE);
      let slotId: string | null = null;
      if (user.id === booking.student_id) {
        const check = await isBookableTime(
          tx,
          booking.teacher_id,
          startAt,
          minutes,
          now,
          { ignoreBookingId: booking.id },
        );
        if (!check.ok) {
          const message = msg("error.reschedule.because", { why: check.why });
          if (check.reason === "past") {
            throw new BadRequestError(message, {
              start_at: msg("error.reschedule.futureField"),
            });
          }
          throw new ConflictError(message);
        }
        slotId = check.time.slot_id ?? null;
      } else {
        await checkTeacherTime(tx, booking, startAt, endAt);
      }
      const current = booking.start_at > now ? booking.start_at : startAt;
      const expiresAt = current < startAt ? current : startAt;
      const [proposal] = await tx.query<RescheduleProposal>(
        `INSERT INTO reschedule_proposals
           (booking_id, proposed_by, start_at, end_at, previous_start_at, slot_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, booking_id, proposed_by, start_at, end_at, previous_start_at,
                   slot_id, expires_at, status, created_at, decided_at, decided_by`,
        [
          booking.id,
          user.id,
          startAt,
          endAt,
          booking.start_at,
          slotId,
          expiresAt,
        ],
      );
      await recordEvent(tx, {
        booking_id: booking.id,
        actor_id: user.id,
        kind: "reschedule_proposed",
        from_status: booking.status,
        to_status: booking.status,
        details: {
          proposal_id: proposal.id,
          start_at: startAt.toISOString(),
          end_at: endAt.toISOString(),
          previous_start_at: booking.start_at.toISOString(),
          expires_at: expiresAt.toISOString(),
        },
      });
      await notify(tx, booking.id, {
        actor_id: user.id,
        proposed_start_at: startAt.toISOString(),
        proposed_end_at: endAt.toISOString(),
      }, [[otherOf(booking, user.id), "reschedule_proposed"]]);
      return proposal;
    })
  );
}

/**
 * Accepts the booking's open proposal (the other participant only): the
 * booking moves to the new time and is confirmed (both sides agreed on it).
 * @throws {NotFoundError} | {ForbiddenError}
 * @throws {ConflictError} without an open proposal, on a cancelled booking,
 *   or when the new time has been taken meanwhile
 */
export async function acceptReschedule(
  db: Database,
  user: User,
  bookingId: string,
  now = new Date(),
): Promise<RescheduleProposal> {
  return await guarded(() =>
    db.transaction(async (tx) => {
      const booking = await loadMovable(tx, user, bookingId, "accept", now);
      const proposal = await openProposalFor(tx, booking, user, "accept", now);
      const [moved] = await tx.query<{ id: string }>(
        `UPDATE bookings
         SET start_at = $2, end_at = $3, rescheduled_from = start_at,
             slot_id = $4, status = 'confirmed', absent_user_ids = '{}',
             actual_duration_seconds = NULL,
             ics_sequence = ics_sequence + 1, updated_at = now()
         WHERE id = $1 RETURNING id`,
        [booking.id, proposal.start_at, proposal.end_at, proposal.slot_id],
      );
      if (!moved) throw new Error("The locked booking vanished");
      const decided = await decide(tx, proposal.id, "accepted", user.id);
      await recordEvent(tx, {
        booking_id: booking.id,
        actor_id: user.id,
        kind: "reschedule_accepted",
        from_status: booking.status,
        to_status: "confirmed",
        details: {
          proposal_id: proposal.id,
          proposed_by: proposal.proposed_by,
          start_at: proposal.start_at.toISOString(),
          end_at: proposal.end_at.toISOString(),
          previous_start_at: booking.start_at.toISOString(),
        },
      });
      await notify(tx, booking.id, {
        actor_id: user.id,
        previous_start_at: booking.start_at.toISOString(),
      }, [
        [booking.student_id, "booking_rescheduled"],
        [booking.teacher_id, "booking_rescheduled"],
      ]);
      return decided;
    })
  );
}

/**
 * Declines the booking's open proposal (the other participant only); the
 * booking stays where it is and the proposer is told.
 * @throws {NotFoundError} | {ForbiddenError}
 * @throws {ConflictError} without an open proposal
 */
export async function declineReschedule(
  db: Database,
  user: User,
  bookingId: string,
  now = new Date(),
): Promise<RescheduleProposal> {
  return await db.transaction(async (tx) => {
    const booking = await loadForChange(tx, bookingId);
    if (!isParticipant(booking, user.id)) {
      throw new ForbiddenError(msg("error.booking.notYours"));
    }
    const proposal = await openProposalFor(tx, booking, user, "decline", now);
    const decided = await decide(tx, proposal.id, "declined", user.id);
    await recordEvent(tx, {
      booking_id: booking.id,
      actor_id: user.id,
      kind: "reschedule_declined",
      from_status: booking.status,
      to_status: booking.status,
      details: {
        proposal_id: proposal.id,
        proposed_by: proposal.proposed_by,
        start_at: proposal.start_at.toISOString(),
      },
    });
    await notify(tx, booking.id, {
      actor_id: user.id,
      proposed_start_at: proposal.start_at.toISOString(),
      proposed_end_at: proposal.end_at.toISOString(),
    }, [[proposal.proposed_by, "reschedule_declined"]]);
    return decided;
  });
}

/** True when the booking can be moved at `now` (the pages offer it then). */
export function canReschedule(
  booking: Pick<Booking, "status" | "start_at">,
  now = new Date(),
): boolean {
  return booking.status === "technical_failure" ||
    ((booking.status === "pending" || booking.status === "confirmed") &&
      booking.start_at > now);
}

function otherOf(booking: Booking, userId: string): string {
  return booking.student_id === userId
    ? booking.teacher_id
    : booking.student_id;
}

// The booking, locked, when `user` takes part and it can still be moved.
async function loadMovable(
  tx: Queryable,
  user: User,
  bookingId: string,
  verb: "reschedule" | "accept",
  now: Date,
): Promise<Booking> {
  const booking = await loadForChange(tx, bookingId);
  if (!isParticipant(booking, user.id)) {
    throw new ForbiddenError(msg("error.booking.notYours"));
  }
  if (!canReschedule(booking, now)) {
    const why = booking.status === "pending" || booking.status === "confirmed"
      ? msg("error.why.started")
      : describeStatus(booking.status);
    throw new ConflictError(
      msg(
        verb === "accept"
          ? "error.acceptTime.because"
          : "error.reschedule.because",
        { why },
      ),
    );
  }
  return booking;
}

// The open proposal `user` may answer (the proposer may not), locked.
async function openProposalFor(
  tx: Queryable,
  booking: Booking,
  user: User,
  verb: "accept" | "decline",
  now: Date,
): Promise<RescheduleProposal> {
  const proposal = await getOpenProposal(tx, booking.id, now, {
    forUpdate: true,
  });
  if (!proposal) {
    const [stale] = await tx.query<{ id: string }>(
      "SELECT id FROM reschedule_proposals WHERE booking_id = $1 AND status = 'open'",
      [booking.id],
    );
    throw new ConflictError(
      msg(`error.${verb}Time.because`, {
        why: msg(stale ? "error.why.proposalExpired" : "error.why.noProposal"),
      }),
    );
  }
  if (proposal.proposed_by === user.id) {
    throw new ForbiddenError(
      msg(
        user.id === booking.student_id
          ? `error.${verb}Time.teacherOnly`
          : `error.${verb}Time.studentOnly`,
      ),
    );
  }
  return proposal;
}

async function decide(
  tx: Queryable,
  proposalId: string,
  status: "accepted" | "declined",
  by: string,
): Promise<RescheduleProposal> {
  const [row] = await tx.query<RescheduleProposal>(
    `UPDATE reschedule_proposals SET status = $2, decided_at = now(), decided_by = $3
     WHERE id = $1
     RETURNING id, booking_id, proposed_by, start_at, end_at, previous_start_at,
               slot_id, expires_at, status, created_at, decided_at, decided_by`,
    [proposalId, status, by],
  );
  return row;
}

// A proposal past its expiry that the job has not reached yet is expired
// here, so that a new one can be made at once.
async function expireStale(
  tx: Queryable,
  booking: Booking,
  now: Date,
): Promise<void> {
  const rows = await tx.query<{ id: string; start_at: Date }>(
    `UPDATE reschedule_proposals SET status = 'expired', decided_at = $2
     WHERE booking_id = $1 AND status = 'open' AND expires_at <= $2
     RETURNING id, start_at`,
    [booking.id, now],
  );
  for (const row of rows) {
    await recordEvent(tx, {
      booking_id: booking.id,
      actor_id: null,
      kind: "reschedule_expired",
      from_status: booking.status,
      to_status: booking.status,
      details: {
        proposal_id: row.id,
        start_at: new Date(row.start_at).toISOString(),
      },
    });
  }
}

// Runs a reschedule transaction, retrying a deadlock, and turns the
// database's refusals into ConflictErrors with a reason.
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = pgErrorCode(err);
      if ((code === PG_DEADLOCK || code === PG_SERIALIZATION) && attempt < 3) {
        continue;
      }
      if (
        code === PG_EXCLUSION_VIOLATION || code === PG_UNIQUE_VIOLATION ||
        code === PG_FOREIGN_KEY_VIOLATION
      ) {
        throw new ConflictError(conflictMessage(pgConstraint(err)));
      }
      throw err;
    }
  }
}

function conflictMessage(constraint: string | null): Text {
  const why = constraint === "bookings_student_no_overlap"
    ? "error.why.studentBusy"
    : constraint === "bookings_teacher_no_overlap"
    ? "error.why.teacherBusy"
    : constraint === "reschedule_proposals_one_open"
    ? "error.why.proposalOpen"
    : constraint === "bookings_slot_live_fkey"
    ? "error.why.timeRemoved"
    : "error.why.timeTaken";
  return msg("error.reschedule.because", { why: msg(why) });
}
