// Helpers for the bookings unit tests: assertions on the app's errors and on
// SQLSTATEs, raw rows, and small factories on one test database.
import assert from "node:assert/strict";
import { pgConstraint, pgErrorCode } from "@/lib/db/errors.ts";
import type { Database } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import { createTestUser } from "@/tests/_db.ts";

/** One minute in milliseconds. */
export const MINUTE = 60_000;

/** The engine the unit tests run on, for test names. */
export const ENGINE = Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite";

type ErrorClass = new (...args: never[]) => Error;

/** Asserts that `promise` rejects with an instance of `cls` and this message. */
export async function rejectsWith(
  promise: Promise<unknown>,
  cls: ErrorClass,
  message: string | RegExp,
): Promise<Error> {
  let caught: unknown = null;
  await assert.rejects(promise, (err) => {
    caught = err;
    return true;
  });
  assert.ok(
    caught instanceof cls,
    `expected ${cls.name}, got ${String(caught)}`,
  );
  if (typeof message === "string") assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  return caught;
}

/** Asserts that a raw statement fails with one of these SQLSTATEs (and constraint). */
export async function rejectsWithSqlState(
  promise: Promise<unknown>,
  codes: string | string[],
  constraint?: string,
): Promise<void> {
  const expected = typeof codes === "string" ? [codes] : codes;
  await assert.rejects(promise, (err) => {
    assert.ok(
      expected.includes(pgErrorCode(err) ?? ""),
      `expected SQLSTATE ${expected.join(" or ")}, got ${pgErrorCode(err)}: ${
        String(err)
      }`,
    );
    if (constraint) assert.equal(pgConstraint(err), constraint);
    return true;
  });
}

/** Inserts a booking row directly, bypassing the lifecycle's checks. */
export function insertBookingRow(
  db: Database,
  row: {
    slot_id: string;
    student_id: string;
    teacher_id: string;
    start_at: Date;
    end_at: Date;
    status?: string;
    cancel_reason?: string | null;
    cancelled_by?: string | null;
  },
): Promise<{ id: string }[]> {
  return db.query<{ id: string }>(
    `INSERT INTO bookings (slot_id, student_id, teacher_id, start_at, end_at, status, cancel_reason, cancelled_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      row.slot_id,
      row.student_id,
      row.teacher_id,
      row.start_at,
      row.end_at,
      row.status ?? "confirmed",
      row.cancel_reason ?? null,
      row.cancelled_by ?? null,
    ],
  );
}

/** Factories for teachers and students, and a booking's stored status. */
export function fixtures(db: Database) {
  return {
    teacher: (
      options: { autoConfirm?: boolean; timeZone?: string } = {},
    ): Promise<User> => createTestUser(db, { role: "teacher", ...options }),
    student: (): Promise<User> => createTestUser(db, { role: "student" }),
    /** The status as stored (not as reads show it). */
    status: async (id: string): Promise<string | undefined> =>
      (await db.query<{ status: string }>(
        "SELECT status FROM bookings WHERE id = $1",
        [id],
      ))[0]?.status,
  };
}
