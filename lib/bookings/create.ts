// Making a booking: a student books a published one-off slot (by `slot_id`)
// or a time computed from the teacher's rules (by teacher, start and length).
// Either way the booking carries the teacher's buffers, starts `pending` or
// `confirmed` by the teacher's policy, and writes its history event and
// notifications in its own transaction. The database constraints are the
// final guard against double booking; their violations become
// ConflictErrors with a reason.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  msg,
  NotFoundError,
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
import { type Booking, isUuid, type Slot } from "@/lib/bookings/model.ts";
import { getBooking } from "@/lib/bookings/queries.ts";
import { recordEvent } from "@/lib/bookings/history.ts";
import { notify } from "@/lib/bookings/notify.ts";
import { isBookableTime } from "@/lib/availability/bookable.ts";
import { getSchedulePolicy } from "@/lib/availability/store.ts";

const MINUTE = 60_000;

/** What booking by time needs (`POST /api/bookings` with a teacher). */
export interface TimeBookingInput {
  teacher_id: string;
  start_at: Date;
  length_minutes: number;
  notes?: string | null;
}

/**
 * Books an open future one-off slot for a student: `confirmed` when the
 * teacher confirms automatically, `pending` otherwise.
 * @throws {ForbiddenError} when the user is not a student
 * @throws {NotFoundError} for an unknown slot
 * @throws {ConflictError} when the slot is taken, has started, or overlaps
 *   another active booking of either participant
 */
export async function createBooking(
  db: Database,
  student: User,
  input: { slot_id: string; notes?: string | null },
  now = new Date(),
): Promise<Booking> {
  assertStudent(student);
  if (!isUuid(input.slot_id)) {
    throw new NotFoundError(msg("error.slot.notFound"));
  }
  const id = await guarded(
    "slot",
    () => db.transaction((tx) => bookSlot(tx, student, input, now)),
  );
  return (await getBooking(db, id, now))!;
}

/**
 * Books a lesson of `length_minutes` at `start_at` with a teacher, when the
 * teacher's rules offer that time now (a one-off slot at that time is booked
 * as the slot).
 * @throws {ForbiddenError} when the user is not a student
 * @throws {NotFoundError} when the id is not a teacher's
 * @throws {BadRequestError} for a length the teacher does not offer
 * @throws {ConflictError} outside the rules, inside the minimum notice,
 *   beyond the horizon, or overlapping an active booking of either side
 */
export async function createBookingAtTime(
  db: Database,
  student: User,
  input: TimeBookingInput,
  now = new Date(),
): Promise<Booking> {
  assertStudent(student);
  const id = await guarded("time", () =>
    db.transaction(async (tx) => {
      const check = await isBookableTime(
        tx,
        input.teacher_id,
        input.start_at,
        input.length_minutes,
        now,
      );
      if (!check.ok) {
        if (check.reason === "length") {
          throw new BadRequestError(
            msg("error.book.time", { why: check.why }),
            { length_minutes: msg("error.book.lengthField") },
          );
        }
        throw new ConflictError(msg("error.book.time", { why: check.why }));
      }
      if (check.time.slot_id) {
        return await bookSlot(tx, student, {
          slot_id: check.time.slot_id,
          notes: input.notes,
        }, now);
      }
      return await insertBooking(tx, student, {
        slot_id: null,
        teacher_id: input.teacher_id,
        start_at: check.time.start_at,
        end_at: check.time.end_at,
        notes: input.notes,
      });
    }));
  return (await getBooking(db, id, now))!;
}

function assertStudent(user: User): void {
  if (user.role !== "student") {
    throw new ForbiddenError(msg("error.book.studentsOnly"));
  }
}

async function bookSlot(
  tx: Queryable,
  student: User,
  input: { slot_id: string; notes?: string | null },
  now: Date,
): Promise<string> {
  const [slot] = await tx.query<Slot>(
    `SELECT id, teacher_id, start_at, end_at FROM slots
     WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
    [input.slot_id],
  );
  if (!slot) throw new NotFoundError(msg("error.slot.notFound"));
  // The slot row lock queues concurrent bookings of one slot; this next
  // statement sees what the one before committed, so the reason is exact.
  const [{ taken }] = await tx.query<{ taken: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM bookings WHERE slot_id = $1 AND status IN ('pending', 'confirmed')
     ) AS taken`,
    [slot.id],
  );
  if (taken) {
    throw new ConflictError(
      msg("error.book.slot", { why: msg("error.why.taken") }),
    );
  }
  if (slot.start_at <= now) {
    throw new ConflictError(
      msg("error.book.slot", { why: msg("error.why.started") }),
    );
  }
  return await insertBooking(tx, student, {
    slot_id: slot.id,
    teacher_id: slot.teacher_id,
    start_at: slot.start_at,
    end_at: slot.end_at,
    notes: input.notes,
  });
}

// Inserts the booking with the teacher's buffers and confirmation policy,
// its first history event and the notifications.
async function insertBooking(
  tx: Queryable,
  student: User,
  b: {
    slot_id: string | null;
    teacher_id: string;
    start_at: Date;
    end_at: Date;
    notes?: string | null;
  },
): Promise<string> {
  const policy = await getSchedulePolicy(tx, b.teacher_id);
  const status = policy.requires_confirmation ? "pending" : "confirmed";
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO bookings (slot_id, student_id, teacher_id, start_at, end_at, status,
       notes, buffer_before_minutes, buffer_after_minutes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      b.slot_id,
      student.id,
      b.teacher_id,
      b.start_at,
      b.end_at,
      status,
      b.notes?.trim() || null,
      policy.buffer_before_minutes,
      policy.buffer_after_minutes,
    ],
  );
  await recordEvent(tx, {
    booking_id: row.id,
    actor_id: student.id,
    kind: status === "confirmed" ? "confirmed" : "requested",
    to_status: status,
    details: {
      start_at: b.start_at.toISOString(),
      length_minutes: (b.end_at.getTime() - b.start_at.getTime()) / MINUTE,
      ...(b.slot_id ? { slot_id: b.slot_id } : {}),
      ...(status === "confirmed" ? { automatic: true } : {}),
    },
  });
  await notify(tx, row.id, { actor_id: student.id }, [
    [b.teacher_id, "booking_requested"],
    ...(status === "confirmed"
      ? [[student.id, "booking_confirmed"] as const]
      : []),
  ]);
  return row.id;
}

// Runs a booking transaction, retrying a deadlock, and turns the database's
// refusals into ConflictErrors with a reason.
async function guarded<T>(
  what: "slot" | "time",
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await retryOnDeadlock(fn);
  } catch (err) {
    const code = pgErrorCode(err);
    if (
      code === PG_UNIQUE_VIOLATION || code === PG_EXCLUSION_VIOLATION ||
      (code === PG_FOREIGN_KEY_VIOLATION &&
        pgConstraint(err) === "bookings_slot_live_fkey")
    ) {
      throw new ConflictError(conflictMessage(what, pgConstraint(err)));
    }
    throw err;
  }
}

// Racing bookings that overlap in two exclusion constraints can deadlock
// inside PostgreSQL; the loser is rolled back and simply tries again.
async function retryOnDeadlock<T>(
  fn: () => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let i = 1;; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = pgErrorCode(err);
      if (
        i >= attempts || (code !== PG_DEADLOCK && code !== PG_SERIALIZATION)
      ) throw err;
    }
  }
}

function conflictMessage(
  what: "slot" | "time",
  constraint: string | null,
): Text {
  const why = constraint === "bookings_student_no_overlap"
    ? "error.why.youBusy"
    : constraint === "bookings_teacher_no_overlap"
    ? "error.why.teacherBusy"
    : constraint === "bookings_slot_live_fkey"
    ? "error.why.removed"
    : "error.why.taken";
  return msg(`error.book.${what}`, { why: msg(why) });
}
