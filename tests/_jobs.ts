// Rows the app's periodic jobs must clear, for the tests of lib/jobs and of
// the app process that schedules them.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import { createTestBooking, createTestUser } from "@/tests/_db.ts";

/** What is left of the rows insertStaleRows() made. */
export interface StaleRows {
  /** The finished booking's status: `no_show` once settled. */
  status: string;
  /** Sessions left: 1 (the live one) once pruned. */
  sessions: number;
  /** Throttle keys left: ["fresh"] once pruned. */
  throttle: string[];
  /** Bus message payloads left: ["fresh"] once pruned. */
  messages: string[];
}

/**
 * Inserts a booking that ended an hour ago with nobody there, an expired and a
 * long-revoked session beside a live one, and an old throttle counter beside a
 * fresh one, and an old bus message beside a fresh one; returns a function that reads what is left of them.
 */
export async function insertStaleRows(
  db: Database,
): Promise<() => Promise<StaleRows>> {
  const teacher = await createTestUser(db, { role: "teacher" });
  const student = await createTestUser(db);
  const booking = await createTestBooking(db, {
    teacher,
    student,
    startInMinutes: -120,
    minutes: 60,
  });
  await db.query(
    `INSERT INTO sessions (id, user_id, expires_at, revoked_at) VALUES
       (gen_random_uuid(), $1, now() - interval '3 days', NULL),
       (gen_random_uuid(), $1, now() + interval '3 days', now() - interval '3 days'),
       (gen_random_uuid(), $1, now() + interval '3 days', NULL)`,
    [student.id],
  );
  await db.query(
    `INSERT INTO login_throttle (scope, key, failures, window_started_at) VALUES
       ('address', 'stale', 3, now() - interval '1 day'),
       ('address', 'fresh', 3, now())`,
  );
  await db.query(
    `INSERT INTO signal_messages (payload, created_at) VALUES
       ('stale', now() - interval '5 minutes'), ('fresh', now())`,
  );
  return () => readStaleRows(db, booking.id);
}

async function readStaleRows(
  db: Queryable,
  bookingId: string,
): Promise<StaleRows> {
  const [rows] = await db.query<StaleRows>(
    `SELECT (SELECT status FROM bookings WHERE id = $1) AS status,
            (SELECT count(*)::int FROM sessions) AS sessions,
            ARRAY(SELECT key FROM login_throttle ORDER BY key) AS throttle,
            ARRAY(SELECT payload FROM signal_messages ORDER BY payload)
              AS messages`,
    [bookingId],
  );
  return rows;
}

/** Whether every stale row is gone (or settled). */
export function cleared(rows: StaleRows): boolean {
  return rows.status === "no_show" && rows.sessions === 1 &&
    rows.throttle.join() === "fresh" && rows.messages.join() === "fresh";
}
