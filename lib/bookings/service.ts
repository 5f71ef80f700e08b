// Slots and bookings: who may do what, and when. The database constraints
// are the final guard against double booking; this module turns their
// violations into ConflictErrors with a reason.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from "@/lib/errors.ts";
import {
  PG_EXCLUSION_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
} from "@/lib/db/errors.ts";
import { emitBookingCancelled } from "@/lib/bookings/events.ts";

/** The statuses a booking goes through. */
export type BookingStatus =
  | "pending"
  | "confirmed"
  | "cancelled"
  | "completed"
  | "no_show";
/** Statuses that hold the slot and the participants' time. */
export const ACTIVE_STATUSES: readonly BookingStatus[] = [
  "pending",
  "confirmed",
];

/** Minutes before the start when the call room opens. */
export const JOIN_WINDOW_MINUTES = 10;
/** Bounds on a slot's length, in minutes. */
export const MIN_SLOT_MINUTES = 10;
export const MAX_SLOT_MINUTES = 240;
/** How many weeks a repeating slot may span. */
export const MAX_REPEAT_WEEKS = 26;

/** An open or booked lesson slot of a teacher. */
export interface Slot {
  id: string;
  teacher_id: string;
  start_at: Date;
  end_at: Date;
  created_at: Date;
}

/** A participant as other people see them. */
export interface Participant {
  id: string;
  username: string;
}

/** A booking with both participants' public names. */
export interface Booking {
  id: string;
  slot_id: string;
  student_id: string;
  teacher_id: string;
  start_at: Date;
  end_at: Date;
  status: BookingStatus;
  notes: string | null;
  cancel_reason: string | null;
  cancelled_by: string | null;
  absent_user_ids: string[];
  created_at: Date;
  updated_at: Date;
  student: Participant;
  teacher: Participant;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID (ids in URLs are checked before SQL). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const BOOKING_SELECT = `
  SELECT b.id, b.slot_id, b.student_id, b.teacher_id, b.start_at, b.end_at,
         b.status, b.notes, b.cancel_reason, b.cancelled_by, b.absent_user_ids,
         b.created_at, b.updated_at,
         s.username AS student_username, t.username AS teacher_username
  FROM bookings b
  JOIN users s ON s.id = b.student_id
  JOIN users t ON t.id = b.teacher_id`;

type BookingRow = Omit<Booking, "student" | "teacher"> & {
  student_username: string;
  teacher_username: string;
};

function toBooking(row: BookingRow): Booking {
  const { student_username, teacher_username, ...rest } = row;
  return {
    ...rest,
    absent_user_ids: rest.absent_user_ids ?? [],
    student: { id: row.student_id, username: student_username },
    teacher: { id: row.teacher_id, username: teacher_username },
  };
}

function assertTeacher(user: User, action: string): void {
  if (user.role !== "teacher") {
    throw new ForbiddenError(`Only teachers can ${action}`);
  }
}

// ---------------------------------------------------------------- slots

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
  assertTeacher(teacher, "publish slots");
  const minutes = (input.end_at.getTime() - input.start_at.getTime()) / 60_000;
  if (!(minutes > 0)) {
    throw new BadRequestError(
      "Cannot create slot: it must end after it starts",
      {
        end_at: "Must be after the start",
      },
    );
  }
  if (minutes < MIN_SLOT_MINUTES || minutes > MAX_SLOT_MINUTES) {
    throw new BadRequestError(
      `Cannot create slot: it must last between ${MIN_SLOT_MINUTES} and ${MAX_SLOT_MINUTES} minutes`,
      {
        end_at:
          `Lessons last ${MIN_SLOT_MINUTES} to ${MAX_SLOT_MINUTES} minutes`,
      },
    );
  }
  if (input.start_at <= now) {
    throw new BadRequestError("Cannot create slot: it starts in the past", {
      start_at: "Must be in the future",
    });
  }
  const weeks = input.repeat_weeks ?? 1;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_REPEAT_WEEKS) {
    throw new BadRequestError(
      `Cannot create slot: repeat between 1 and ${MAX_REPEAT_WEEKS} weeks`,
      {
        repeat_weeks: `Between 1 and ${MAX_REPEAT_WEEKS}`,
      },
    );
  }
  try {
    return await db.transaction(async (tx) => {
      const slots: Slot[] = [];
      for (let week = 0; week < weeks; week++) {
        const [slot] = await tx.query<Slot>(
          `INSERT INTO slots (teacher_id, start_at, end_at)
           VALUES ($1,
             (($2::timestamptz AT TIME ZONE $5) + make_interval(weeks => $4::int)) AT TIME ZONE $5,
             (($3::timestamptz AT TIME ZONE $5) + make_interval(weeks => $4::int)) AT TIME ZONE $5)
           RETURNING id, teacher_id, start_at, end_at, created_at`,
          // Weekly in the teacher's zone, so the local time survives DST changes.
          [teacher.id, input.start_at, input.end_at, week, teacher.time_zone],
        );
        slots.push(slot);
      }
      return slots;
    });
  } catch (err) {
    if (pgErrorCode(err) === PG_EXCLUSION_VIOLATION) {
      throw new ConflictError(
        "Cannot create slot: it overlaps another of your slots",
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
  assertTeacher(teacher, "delete slots");
  if (!isUuid(slotId)) throw new NotFoundError("Slot not found");
  await db.transaction(async (tx) => {
    const [slot] = await tx.query<{ teacher_id: string; booked: boolean }>(
      `SELECT teacher_id, EXISTS (
         SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('pending', 'confirmed')
       ) AS booked
       FROM slots s WHERE s.id = $1 AND s.deleted_at IS NULL FOR UPDATE`,
      [slotId],
    );
    if (!slot) throw new NotFoundError("Slot not found");
    if (slot.teacher_id !== teacher.id) {
      throw new ForbiddenError("This slot is not yours");
    }
    if (slot.booked) {
      throw new ConflictError("Cannot delete slot: it is booked");
    }
    await tx.query("UPDATE slots SET deleted_at = now() WHERE id = $1", [
      slotId,
    ]);
  });
}

/** Filters for open slots. */
export interface SlotFilter {
  teacher_id?: string;
  from?: Date;
  to?: Date;
}

/** Future slots nobody holds, earliest first (at most 500). */
export async function listOpenSlots(
  db: Queryable,
  filter: SlotFilter = {},
  now = new Date(),
): Promise<(Slot & { teacher: Participant })[]> {
  const from = filter.from && filter.from > now ? filter.from : now;
  const rows = await db.query<Slot & { teacher_username: string }>(
    `SELECT s.id, s.teacher_id, s.start_at, s.end_at, s.created_at, u.username AS teacher_username
     FROM slots s JOIN users u ON u.id = s.teacher_id
     WHERE s.deleted_at IS NULL
       AND s.start_at > $1
       AND ($2::timestamptz IS NULL OR s.start_at < $2)
       AND ($3::uuid IS NULL OR s.teacher_id = $3)
       AND NOT EXISTS (
         SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('pending', 'confirmed')
       )
     ORDER BY s.start_at
     LIMIT 500`,
    [from, filter.to ?? null, filter.teacher_id ?? null],
  );
  return rows.map(({ teacher_username, ...slot }) => ({
    ...slot,
    teacher: { id: slot.teacher_id, username: teacher_username },
  }));
}

/** A teacher's own future slots with the booking that holds each, if any. */
export async function listTeacherSlots(
  db: Queryable,
  teacher: User,
  now = new Date(),
): Promise<
  (Slot & { booking_id: string | null; booking_status: BookingStatus | null })[]
> {
  return await db.query(
    `SELECT s.id, s.teacher_id, s.start_at, s.end_at, s.created_at,
            b.id AS booking_id, b.status AS booking_status
     FROM slots s
     LEFT JOIN bookings b ON b.slot_id = s.id AND b.status IN ('pending', 'confirmed')
     WHERE s.teacher_id = $1 AND s.deleted_at IS NULL AND s.end_at > $2
     ORDER BY s.start_at
     LIMIT 500`,
    [teacher.id, now],
  );
}

/** Teachers with open future slots, for students to browse. */
export async function listTeachersWithOpenSlots(
  db: Queryable,
  now = new Date(),
): Promise<(Participant & { open_slots: number; next_start_at: Date })[]> {
  return await db.query(
    `SELECT u.id, u.username, count(*)::int AS open_slots, min(s.start_at) AS next_start_at
     FROM slots s JOIN users u ON u.id = s.teacher_id
     WHERE s.deleted_at IS NULL AND s.start_at > $1
       AND NOT EXISTS (
         SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('pending', 'confirmed')
       )
     GROUP BY u.id, u.username
     ORDER BY min(s.start_at)
     LIMIT 200`,
    [now],
  );
}

// ---------------------------------------------------------------- bookings

/**
 * Books an open future slot for a student: `confirmed` when the teacher
 * auto-confirms, `pending` otherwise.
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
  if (student.role !== "student") {
    throw new ForbiddenError("Only students can book lessons");
  }
  if (!isUuid(input.slot_id)) throw new NotFoundError("Slot not found");
  let id: string;
  try {
    id = await retryOnDeadlock(() =>
      db.transaction(async (tx) => {
        const [slot] = await tx.query<Slot & { auto_confirm: boolean }>(
          `SELECT s.id, s.teacher_id, s.start_at, s.end_at, t.auto_confirm
         FROM slots s JOIN users t ON t.id = s.teacher_id
         WHERE s.id = $1 AND s.deleted_at IS NULL
         FOR UPDATE OF s`,
          [input.slot_id],
        );
        if (!slot) throw new NotFoundError("Slot not found");
        // The slot row lock queues concurrent bookings of one slot; this next
        // statement sees what the one before committed, so the reason is exact.
        const [{ taken }] = await tx.query<{ taken: boolean }>(
          `SELECT EXISTS (
           SELECT 1 FROM bookings WHERE slot_id = $1 AND status IN ('pending', 'confirmed')
         ) AS taken`,
          [slot.id],
        );
        if (taken) {
          throw new ConflictError("Cannot book slot: it is already taken");
        }
        if (slot.start_at <= now) {
          throw new ConflictError("Cannot book slot: it has already started");
        }
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO bookings (slot_id, student_id, teacher_id, start_at, end_at, status, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            slot.id,
            student.id,
            slot.teacher_id,
            slot.start_at,
            slot.end_at,
            slot.auto_confirm ? "confirmed" : "pending",
            input.notes?.trim() || null,
          ],
        );
        return row.id;
      })
    );
  } catch (err) {
    const code = pgErrorCode(err);
    if (code === PG_UNIQUE_VIOLATION || code === PG_EXCLUSION_VIOLATION) {
      throw new ConflictError(bookingConflictMessage(pgConstraint(err)));
    }
    throw err;
  }
  return (await getBooking(db, id))!;
}

const PG_DEADLOCK = "40P01";
const PG_SERIALIZATION = "40001";

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

function bookingConflictMessage(constraint: string | null): string {
  switch (constraint) {
    case "bookings_student_no_overlap":
      return "Cannot book slot: you already have a booking at that time";
    case "bookings_teacher_no_overlap":
      return "Cannot book slot: the teacher already has a booking at that time";
    default:
      return "Cannot book slot: it is already taken";
  }
}

/** A booking by id, or null. */
export async function getBooking(
  db: Queryable,
  id: string,
): Promise<Booking | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.query<BookingRow>(
    `${BOOKING_SELECT} WHERE b.id = $1`,
    [id],
  );
  return row ? toBooking(row) : null;
}

/** True when the user is the booking's student or teacher. */
export function isParticipant(booking: Booking, userId: string): boolean {
  return booking.student_id === userId || booking.teacher_id === userId;
}

/**
 * A booking the user takes part in, after bringing its status up to date.
 * @throws {NotFoundError} for an unknown booking
 * @throws {ForbiddenError} when the user is not one of its participants
 */
export async function getBookingForUser(
  db: Queryable,
  user: User,
  id: string,
  now = new Date(),
): Promise<Booking> {
  let booking = await getBooking(db, id);
  if (booking && isUnsettled(booking, now)) {
    await sweepFinishedBookings(db, now, [booking.id]);
    booking = await getBooking(db, id);
  }
  if (!booking) throw new NotFoundError("Booking not found");
  if (!isParticipant(booking, user.id)) {
    throw new ForbiddenError("This booking is not yours");
  }
  return booking;
}

/** Filters for a user's bookings. */
export interface BookingFilter {
  status?: BookingStatus;
  /** upcoming: not yet ended, earliest first; past: ended, latest first. */
  scope?: "upcoming" | "past";
}

/** The user's own bookings (as student or teacher), at most 500. */
export async function listBookingsForUser(
  db: Queryable,
  user: User,
  filter: BookingFilter = {},
  now = new Date(),
): Promise<Booking[]> {
  const where = ["(b.student_id = $1 OR b.teacher_id = $1)"];
  const params: unknown[] = [user.id, now];
  if (filter.status) {
    params.push(filter.status);
    where.push(`b.status = $${params.length}`);
  }
  if (filter.scope === "upcoming") where.push("b.end_at > $2");
  if (filter.scope === "past") where.push("b.end_at <= $2");
  const order = filter.scope === "past" ? "b.start_at DESC" : "b.start_at ASC";
  const load = async () =>
    (await db.query<BookingRow>(
      `${BOOKING_SELECT} WHERE ${
        where.join(" AND ")
      } AND $2::timestamptz IS NOT NULL
       ORDER BY ${order} LIMIT 500`,
      params,
    )).map(toBooking);
  const bookings = await load();
  // Any booking shown must be settled; the usual page has none to settle and
  // pays no extra query. A status filter may change once they are.
  const unsettled = bookings.filter((b) => isUnsettled(b, now)).map((b) =>
    b.id
  );
  if (unsettled.length === 0) return bookings;
  await sweepFinishedBookings(db, now, unsettled);
  return await load();
}

/** True for a booking that has ended but is still pending or confirmed. */
function isUnsettled(
  b: Pick<Booking, "status" | "end_at">,
  now: Date,
): boolean {
  return ACTIVE_STATUSES.includes(b.status) && b.end_at <= now;
}

async function loadForChange(tx: Queryable, id: string): Promise<Booking> {
  if (!isUuid(id)) throw new NotFoundError("Booking not found");
  const [row] = await tx.query<BookingRow>(
    `${BOOKING_SELECT} WHERE b.id = $1 FOR UPDATE OF b`,
    [id],
  );
  if (!row) throw new NotFoundError("Booking not found");
  return toBooking(row);
}

function describeStatus(status: BookingStatus): string {
  return {
    pending: "it is waiting for the teacher",
    confirmed: "it is already confirmed",
    cancelled: "it is cancelled",
    completed: "it has already taken place",
    no_show: "it is over",
  }[status];
}

function markCancelled(
  tx: Queryable,
  id: string,
  reason: string,
  by: string,
): Promise<unknown> {
  return tx.query(
    `UPDATE bookings SET status = 'cancelled', cancel_reason = $2, cancelled_by = $3, updated_at = now()
     WHERE id = $1`,
    [id, reason, by],
  );
}

/**
 * Confirms a pending booking (its teacher only, before the start).
 * @throws {NotFoundError} | {ForbiddenError} | {ConflictError}
 */
export async function confirmBooking(
  db: Database,
  teacher: User,
  id: string,
  now = new Date(),
): Promise<Booking> {
  await db.transaction(async (tx) => {
    const booking = await loadForChange(tx, id);
    if (!isParticipant(booking, teacher.id)) {
      throw new ForbiddenError("This booking is not yours");
    }
    if (booking.teacher_id !== teacher.id) {
      throw new ForbiddenError("Only the booking's teacher can confirm it");
    }
    if (booking.status !== "pending") {
      throw new ConflictError(
        `Cannot confirm booking: ${describeStatus(booking.status)}`,
      );
    }
    if (booking.start_at <= now) {
      throw new ConflictError("Cannot confirm booking: it has already started");
    }
    await tx.query(
      "UPDATE bookings SET status = 'confirmed', updated_at = now() WHERE id = $1",
      [id],
    );
  });
  return (await getBooking(db, id))!;
}

/**
 * Declines a pending booking (its teacher only); the slot opens again.
 * @throws {NotFoundError} | {ForbiddenError} | {ConflictError}
 */
export async function declineBooking(
  db: Database,
  teacher: User,
  id: string,
  reason?: string | null,
): Promise<Booking> {
  await db.transaction(async (tx) => {
    const booking = await loadForChange(tx, id);
    if (!isParticipant(booking, teacher.id)) {
      throw new ForbiddenError("This booking is not yours");
    }
    if (booking.teacher_id !== teacher.id) {
      throw new ForbiddenError("Only the booking's teacher can decline it");
    }
    if (booking.status !== "pending") {
      throw new ConflictError(
        `Cannot decline booking: ${describeStatus(booking.status)}`,
      );
    }
    await markCancelled(
      tx,
      id,
      reason?.trim() || "Declined by the teacher",
      teacher.id,
    );
  });
  emitBookingCancelled(id);
  return (await getBooking(db, id))!;
}

/**
 * Cancels a pending or confirmed booking before its start, by either
 * participant, with a reason; the slot opens again.
 * @throws {BadRequestError} without a reason
 * @throws {NotFoundError} | {ForbiddenError} | {ConflictError}
 */
export async function cancelBooking(
  db: Database,
  user: User,
  id: string,
  reason: string,
  now = new Date(),
): Promise<Booking> {
  const text = reason.trim();
  if (!text) {
    throw new BadRequestError("Cannot cancel booking: a reason is required", {
      reason: "Say why you cancel",
    });
  }
  await db.transaction(async (tx) => {
    const booking = await loadForChange(tx, id);
    if (!isParticipant(booking, user.id)) {
      throw new ForbiddenError("This booking is not yours");
    }
    if (!ACTIVE_STATUSES.includes(booking.status)) {
      throw new ConflictError(
        `Cannot cancel booking: ${describeStatus(booking.status)}`,
      );
    }
    if (booking.start_at <= now) {
      throw new ConflictError("Cannot cancel booking: it has already started");
    }
    await markCancelled(tx, id, text, user.id);
  });
  emitBookingCancelled(id);
  return (await getBooking(db, id))!;
}

// ---------------------------------------------------------------- the room

/** Where a booking's call room stands at a moment. */
export type RoomState =
  | { state: "not_yet"; opensAt: Date }
  | { state: "open"; closesAt: Date }
  | { state: "ended" }
  | { state: "closed"; reason: BookingStatus };

/** When the room opens: the join window before the start until the end. */
export function roomState(
  booking: Pick<Booking, "start_at" | "end_at" | "status">,
  now = new Date(),
  windowMinutes = JOIN_WINDOW_MINUTES,
): RoomState {
  if (!ACTIVE_STATUSES.includes(booking.status)) {
    return booking.status === "completed" || booking.status === "no_show"
      ? { state: "ended" }
      : { state: "closed", reason: booking.status };
  }
  const opensAt = new Date(booking.start_at.getTime() - windowMinutes * 60_000);
  if (now < opensAt) return { state: "not_yet", opensAt };
  if (now >= booking.end_at) return { state: "ended" };
  return { state: "open", closesAt: booking.end_at };
}

/** Records that a participant entered the booking's room; returns the visit's id. */
export async function recordJoin(
  db: Queryable,
  bookingId: string,
  userId: string,
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO attendance (booking_id, user_id) VALUES ($1, $2) RETURNING id",
    [bookingId, userId],
  );
  return row.id;
}

/** Records the end of one visit (leaving it twice changes nothing). */
export async function recordLeave(
  db: Queryable,
  visitId: string,
): Promise<void> {
  await db.query(
    `UPDATE attendance SET left_at = greatest(now(), joined_at)
     WHERE id = $1 AND left_at IS NULL`,
    [visitId],
  );
}

/**
 * Settles bookings whose end has passed: `completed` when both participants
 * joined, otherwise `no_show` with the absent participants recorded. Runs
 * periodically for all, and on read for the bookings a read would show
 * unsettled, so no page has to be open for it. Returns how many it settled.
 */
export async function sweepFinishedBookings(
  db: Queryable,
  now = new Date(),
  /** Only these bookings (the ones a read is about to show); all when absent. */
  ids?: string[],
): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `UPDATE bookings b
     SET status = CASE WHEN cardinality(s.absent) = 0 THEN 'completed' ELSE 'no_show' END,
         absent_user_ids = s.absent,
         updated_at = now()
     FROM (
       SELECT b2.id, ARRAY(
         SELECT p FROM unnest(ARRAY[b2.student_id, b2.teacher_id]) AS p
         WHERE NOT EXISTS (SELECT 1 FROM attendance a WHERE a.booking_id = b2.id AND a.user_id = p)
       ) AS absent
       FROM bookings b2
       WHERE b2.status IN ('pending', 'confirmed') AND b2.end_at <= $1
         AND ($2::uuid[] IS NULL OR b2.id = ANY($2::uuid[]))
     ) s
     WHERE b.id = s.id AND b.status IN ('pending', 'confirmed')
     RETURNING b.id`,
    [now, ids ?? null],
  );
  return rows.length;
}

/** The booking as the JSON API shows it (snake_case, ISO times). */
export function toApiBooking(b: Booking) {
  return {
    id: b.id,
    slot_id: b.slot_id,
    student_id: b.student_id,
    teacher_id: b.teacher_id,
    start_at: b.start_at.toISOString(),
    end_at: b.end_at.toISOString(),
    status: b.status,
    notes: b.notes,
    cancel_reason: b.cancel_reason,
    cancelled_by: b.cancelled_by,
    absent_user_ids: b.absent_user_ids,
    created_at: b.created_at.toISOString(),
    updated_at: b.updated_at.toISOString(),
    student: b.student,
    teacher: b.teacher,
  };
}

/** A slot as the JSON API shows it. */
export function toApiSlot(s: Slot & { teacher?: Participant }) {
  return {
    id: s.id,
    teacher_id: s.teacher_id,
    start_at: s.start_at.toISOString(),
    end_at: s.end_at.toISOString(),
    created_at: s.created_at.toISOString(),
    ...(s.teacher ? { teacher: s.teacher } : {}),
  };
}
