// The lesson record of a booking: the call's chat as the server stored it,
// and the teacher's notes and homework. Access is the caller's business
// (getBookingForUser) except for the notes, which only the teacher writes.
import type { Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import { ForbiddenError, msg } from "@/lib/errors.ts";
import {
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
} from "@/lib/db/errors.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import type { Op } from "@/lib/whiteboard/ops.ts";
import { whiteboardOpsRead } from "@/lib/whiteboard/store.ts";
import { type Read, run, runAll, toDate } from "@/lib/db/reads.ts";

/** A stored chat message. `id` is the sender's own id for it (unique per author in a booking). */
export interface BookingMessage {
  id: string;
  author_id: string;
  text: string;
  created_at: Date;
  /** Position in the booking's chat, from 1. */
  seq: number;
}

/** The teacher's notes and homework of a lesson. */
export interface LessonNotes {
  notes: string;
  homework: string;
  updated_at: Date;
  updated_by: string;
}

interface MessageRow {
  client_id: string;
  author_id: string;
  body: string;
  created_at: Date;
  seq: number;
}

const MESSAGE_COLUMNS = "client_id, author_id, body, created_at, seq";

function toMessage(row: MessageRow): BookingMessage {
  return {
    id: row.client_id,
    author_id: row.author_id,
    text: row.body,
    created_at: new Date(row.created_at),
    seq: Number(row.seq),
  };
}

/** Tries before a message that keeps losing the race for its seq fails. */
const SEQ_ATTEMPTS = 5;

/**
 * Stores a chat message of a booking's participant at the end of its chat,
 * once: the same (booking, author, id) again returns the stored message with
 * `duplicate: true` and stores nothing. The text must already be valid
 * (the signaling schema); the table's checks are the last guard.
 * @throws the database error when the message cannot be stored
 */
export async function addBookingMessage(
  db: Queryable,
  input: { bookingId: string; authorId: string; id: string; text: string },
): Promise<{ message: BookingMessage; duplicate: boolean }> {
  const params = [input.bookingId, input.authorId, input.id, input.text];
  for (let attempt = 1;; attempt++) {
    try {
      // The next seq of the booking; two writers racing for one seq meet
      // the primary key and the loser tries again.
      const [row] = await db.query<MessageRow>(
        `INSERT INTO booking_messages (booking_id, seq, author_id, client_id, body)
         SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4
         FROM booking_messages WHERE booking_id = $1
         ON CONFLICT ON CONSTRAINT booking_messages_once DO NOTHING
         RETURNING ${MESSAGE_COLUMNS}`,
        params,
      );
      if (row) return { message: toMessage(row), duplicate: false };
      const [stored] = await db.query<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM booking_messages
         WHERE booking_id = $1 AND author_id = $2 AND client_id = $3`,
        params.slice(0, 3),
      );
      return { message: toMessage(stored), duplicate: true };
    } catch (err) {
      const seqTaken = pgErrorCode(err) === PG_UNIQUE_VIOLATION &&
        pgConstraint(err) !== "booking_messages_once";
      if (!seqTaken || attempt >= SEQ_ATTEMPTS) throw err;
    }
  }
}

/** The read of a booking's chat in order. */
export function bookingMessagesRead(bookingId: string): Read<BookingMessage[]> {
  return {
    text: `SELECT ${MESSAGE_COLUMNS} FROM booking_messages
           WHERE booking_id = $1`,
    params: [bookingId],
    orderBy: "seq",
    decode: (rows) => (rows as unknown as MessageRow[]).map(toMessage),
  };
}

/** A booking's chat in order. */
export function listBookingMessages(
  db: Queryable,
  bookingId: string,
): Promise<BookingMessage[]> {
  return run(db, bookingMessagesRead(bookingId));
}

/** The read of a lesson's notes and homework (null before the teacher wrote any). */
export function lessonNotesRead(bookingId: string): Read<LessonNotes | null> {
  return {
    text: `SELECT notes, homework, updated_at, updated_by FROM lesson_notes
           WHERE booking_id = $1`,
    params: [bookingId],
    decode: ([row]) =>
      row
        ? {
          ...row as unknown as LessonNotes,
          updated_at: toDate(row.updated_at),
        }
        : null,
  };
}

/** A lesson's notes and homework, or null before the teacher wrote any. */
export function getLessonNotes(
  db: Queryable,
  bookingId: string,
): Promise<LessonNotes | null> {
  return run(db, lessonNotesRead(bookingId));
}

/**
 * Saves a lesson's notes and homework (validated by lessonNotesSchema) as
 * its teacher.
 * @throws {NotFoundError} for an unknown booking
 * @throws {ForbiddenError} for anyone but the booking's teacher
 */
export async function saveLessonNotes(
  db: Queryable,
  user: Pick<User, "id">,
  bookingId: string,
  input: { notes: string; homework: string },
): Promise<LessonNotes> {
  const booking = await getBookingForUser(db, user, bookingId);
  if (booking.teacher_id !== user.id) {
    throw new ForbiddenError(msg("error.notes.teacherOnly"));
  }
  const [row] = await db.query<LessonNotes>(
    `INSERT INTO lesson_notes (booking_id, notes, homework, updated_by)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (booking_id) DO UPDATE
       SET notes = excluded.notes, homework = excluded.homework,
           updated_by = excluded.updated_by, updated_at = now()
     RETURNING notes, homework, updated_at, updated_by`,
    [booking.id, input.notes, input.homework, user.id],
  );
  return { ...row, updated_at: new Date(row.updated_at) };
}

/** A booking's whole lesson record: its chat and its notes. */
export interface LessonRecordData {
  messages: BookingMessage[];
  notes: LessonNotes | null;
  /** The whiteboard's saved ops (its pages). */
  whiteboard: Op[];
}

/** The reads of a booking's lesson record, for runAll(); lessonRecord() joins them. */
export function lessonRecordReads(bookingId: string) {
  return [
    bookingMessagesRead(bookingId),
    lessonNotesRead(bookingId),
    whiteboardOpsRead(bookingId),
  ] as const;
}

/** The lesson record from the values of lessonRecordReads(). */
export function lessonRecord(
  [messages, notes, whiteboard]: [BookingMessage[], LessonNotes | null, Op[]],
): LessonRecordData {
  return { messages, notes, whiteboard };
}

/** Reads a booking's chat, notes and whiteboard (access is the caller's check). */
export async function getLessonRecord(
  db: Queryable,
  bookingId: string,
): Promise<LessonRecordData> {
  return lessonRecord(await runAll(db, lessonRecordReads(bookingId)));
}
