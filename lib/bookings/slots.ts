// Publishing and removing a teacher's lesson slots. The database refuses
// overlapping slots of one teacher, and deleting a slot an active booking
// holds (migration 0005).
import type { Database } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  msg,
  NotFoundError,
} from "@/lib/errors.ts";
import {
  PG_EXCLUSION_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  pgConstraint,
  pgErrorCode,
} from "@/lib/db/errors.ts";
import {
  isUuid,
  MAX_REPEAT_WEEKS,
  MAX_SLOT_MINUTES,
  MIN_SLOT_MINUTES,
  type Slot,
} from "@/lib/bookings/model.ts";

function assertTeacher(
  user: User,
  refusal: "error.slot.publishTeachersOnly" | "error.slot.deleteTeachersOnly",
): void {
  if (user.role !== "teacher") throw new ForbiddenError(msg(refusal));
}

/** What a teacher asks for when publishing a slot. */
export interface SlotInput {
  start_at: Date;
  end_at: Date;
  /** Publish the same time this many weeks in a row (1 = once). */
  repeat_weeks?: number;
}

/**
 * Publishes one slot, or the same slot weekly for `repeat_weeks` weeks.
 * @throws {ForbiddenError} when the user is not a teacher
 * @throws {BadRequestError} for a slot in the past, too short or too long
 * @throws {ConflictError} when a slot overlaps another of the teacher's slots
 */
export async function createSlots(
  db: Database,
  teacher: User,
  input: SlotInput,
  now = new Date(),
): Promise<Slot[]> {
  assertTeacher(teacher, "error.slot.publishTeachersOnly");
  const minutes = (input.end_at.getTime() - input.start_at.getTime()) / 60_000;
  if (!(minutes > 0)) {
    throw new BadRequestError(
      msg("error.slot.create", { why: msg("error.why.endBeforeStart") }),
      { end_at: msg("error.slot.endField") },
    );
  }
  if (minutes < MIN_SLOT_MINUTES || minutes > MAX_SLOT_MINUTES) {
    throw new BadRequestError(
      msg("error.slot.create", {
        why: msg("error.why.slotLength", {
          min: MIN_SLOT_MINUTES,
          max: MAX_SLOT_MINUTES,
        }),
      }),
      {
        end_at: msg("error.slot.lengthField", {
          min: MIN_SLOT_MINUTES,
          max: MAX_SLOT_MINUTES,
        }),
      },
    );
  }
  if (input.start_at <= now) {
    throw new BadRequestError(
      msg("error.slot.create", { why: msg("error.why.startsInPast") }),
      { start_at: msg("error.slot.startField") },
    );
  }
  const weeks = input.repeat_weeks ?? 1;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_REPEAT_WEEKS) {
    throw new BadRequestError(
      msg("error.slot.create", {
        why: msg("error.why.repeat", { max: MAX_REPEAT_WEEKS }),
      }),
      {
        repeat_weeks: msg("error.slot.repeatField", { max: MAX_REPEAT_WEEKS }),
      },
    );
  }
  try {
    return await db.transaction(async (tx) => {
      const slots: Slot[] = [];
      for (let week = 0; week < weeks; week++) {
        const [slot] = await tx.query<Slot>(
          // Weekly in the teacher's zone, so the local start time survives
          // DST changes; every slot of a series lasts as long as the first.
          // A start that does not exist on a change day (02:30 when clocks
          // jump from 02:00 to 03:00) moves forward by the gap (03:30).
          `WITH s AS (
             SELECT CASE WHEN $3::int = 0 THEN $2::timestamptz
               ELSE (($2::timestamptz AT TIME ZONE $4) + make_interval(weeks => $3::int))
                 AT TIME ZONE $4 END AS start_at
           )
           INSERT INTO slots (teacher_id, start_at, end_at)
           SELECT $1, s.start_at, s.start_at + make_interval(secs => $5::double precision)
           FROM s
           RETURNING id, teacher_id, start_at, end_at, created_at`,
          [teacher.id, input.start_at, week, teacher.time_zone, minutes * 60],
        );
        slots.push(slot);
      }
      return slots;
    });
  } catch (err) {
    if (pgErrorCode(err) === PG_EXCLUSION_VIOLATION) {
      throw new ConflictError(
        msg("error.slot.create", { why: msg("error.why.overlap") }),
      );
    }
    throw err;
  }
}

/**
 * Removes an unbooked slot of the teacher's. Slots with booking history are
 * kept in the database but no longer listed.
 * @throws {NotFoundError} for an unknown slot
 * @throws {ForbiddenError} when the slot is another teacher's
 * @throws {ConflictError} when the slot has an active booking
 */
export async function deleteSlot(
  db: Database,
  teacher: User,
  slotId: string,
): Promise<void> {
  assertTeacher(teacher, "error.slot.deleteTeachersOnly");
  if (!isUuid(slotId)) throw new NotFoundError(msg("error.slot.notFound"));
  try {
    await db.transaction(async (tx) => {
      const [slot] = await tx.query<{ teacher_id: string }>(
        "SELECT teacher_id FROM slots WHERE id = $1 AND deleted_at IS NULL FOR UPDATE",
        [slotId],
      );
      if (!slot) throw new NotFoundError(msg("error.slot.notFound"));
      if (slot.teacher_id !== teacher.id) {
        throw new ForbiddenError(msg("error.slot.notYours"));
      }
      // A booking of this slot that committed while we waited for the lock
      // is seen only by a statement after it (READ COMMITTED snapshots).
      const [{ booked }] = await tx.query<{ booked: boolean }>(
        `SELECT EXISTS (
           SELECT 1 FROM bookings WHERE slot_id = $1 AND status IN ('pending', 'confirmed')
         ) AS booked`,
        [slotId],
      );
      if (booked) throw new ConflictError(msg("error.slot.booked"));
      await tx.query("UPDATE slots SET deleted_at = now() WHERE id = $1", [
        slotId,
      ]);
    });
  } catch (err) {
    if (
      pgErrorCode(err) === PG_FOREIGN_KEY_VIOLATION &&
      pgConstraint(err) === "bookings_slot_live_fkey"
    ) {
      throw new ConflictError(msg("error.slot.booked"));
    }
    throw err;
  }
}
