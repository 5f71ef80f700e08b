// Factories and reads for the tests of the reminder and nudge jobs.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import type { BookingStatus } from "@/lib/bookings/model.ts";
import {
  createTestBooking,
  createTestUser,
  openTestDatabase,
  type TestDatabase,
} from "@/tests/_db.ts";

/** Runs `fn` on a fresh test database of its own, closed afterwards. */
export async function withDatabase(
  fn: (t: TestDatabase) => Promise<void>,
): Promise<void> {
  const t = await openTestDatabase();
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

/** A booking with its two participants. */
export interface Lesson {
  id: string;
  start_at: Date;
  end_at: Date;
  teacher: User;
  student: User;
}

/** A new teacher and student with a booking starting `startInMinutes` from now. */
export async function createLesson(
  db: Database,
  startInMinutes: number,
  status: BookingStatus = "confirmed",
): Promise<Lesson> {
  const teacher = await createTestUser(db, { role: "teacher" });
  const student = await createTestUser(db, { role: "student" });
  const booking = await createTestBooking(db, {
    teacher,
    student,
    startInMinutes,
    status,
  });
  return { ...booking, teacher, student };
}

/** A notification as these tests look at it. */
export interface Written {
  user_id: string;
  kind: string;
  dedupe_key: string;
  minutes_before: number | null;
  status: string;
  start_at: string;
  actor_id: string | null;
}

/** The booking's notifications, in dedupe-key order. */
export function notificationsOf(
  db: Queryable,
  bookingId: string,
): Promise<Written[]> {
  return db.query<Written>(
    `SELECT user_id, kind, dedupe_key,
            (facts->>'minutes_before')::int AS minutes_before,
            facts->>'status' AS status, facts->>'start_at' AS start_at,
            facts->>'actor_id' AS actor_id
       FROM notifications WHERE booking_id = $1 ORDER BY dedupe_key`,
    [bookingId],
  );
}

/** The start as dedupe keys spell it (ISO, to the microsecond). */
export function startKey(start: Date): string {
  return start.toISOString().replace("Z", "000Z");
}

/** Adds `ms` to a time. */
export function at(time: Date, ms: number): Date {
  return new Date(time.getTime() + ms);
}

/** Records a visit of the booking's room with explicit times. */
export async function insertVisit(
  db: Queryable,
  bookingId: string,
  userId: string,
  joinedAt: Date,
  leftAt: Date | null = null,
): Promise<void> {
  await db.query(
    `INSERT INTO attendance (booking_id, user_id, joined_at, left_at)
     VALUES ($1, $2, $3, $4)`,
    [bookingId, userId, joinedAt, leftAt],
  );
}
