// Test databases and factories. Every test file gets its own database: an
// in-memory PGlite, or a fresh schema on the server at TEST_DATABASE_URL.
import { type Database, ident, openDatabase } from "@/lib/db/connection.ts";
import { migrate } from "@/lib/db/migrate.ts";
import type { Role, User } from "@/lib/auth/users.ts";
import { lowCostHash } from "@/lib/auth/_testing.ts";
import type { BookingStatus } from "@/lib/bookings/model.ts";

/** Where the tests look for PostgreSQL when no variable says otherwise. */
export const LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test";

/**
 * The server for tests that need a real PostgreSQL (several processes,
 * LISTEN/NOTIFY between connections, true concurrency): TEST_POSTGRES_URL,
 * which `deno task test` always sets (tests/_prepare.ts: the server that
 * answers, or a throwaway cluster); run by hand, TEST_DATABASE_URL, else the
 * local server. Tests that can run on either engine use PGlite unless
 * TEST_DATABASE_URL is set; CI runs the suite both ways.
 */
export function realPostgresUrl(): string {
  return Deno.env.get("TEST_POSTGRES_URL") ??
    Deno.env.get("TEST_DATABASE_URL") ?? LOCAL_POSTGRES_URL;
}

/** The password every factory-made user has. */
export const TEST_PASSWORD = "correct horse battery staple";

/** An isolated, migrated database and how to dispose of it. */
export interface TestDatabase {
  db: Database;
  /** "pglite" or "postgres", for test names. */
  kind: string;
  close(): Promise<void>;
}

/**
 * Opens an isolated database: PGlite in memory, or a new schema on the
 * PostgreSQL server at `TEST_DATABASE_URL` when that is set.
 */
export async function openTestDatabase(
  url: string | null = Deno.env.get("TEST_DATABASE_URL") ?? null,
): Promise<TestDatabase> {
  const schema = url
    ? `test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`
    : undefined;
  let db: Database;
  try {
    db = await openDatabase({ url, schema, poolSize: 20 });
  } catch (err) {
    throw new Error(
      `Cannot reach the PostgreSQL server at ${url}: ${
        (err as Error).message
      }. ` +
        "Start it, or point TEST_DATABASE_URL at another one",
    );
  }
  await migrate(db);
  return {
    db,
    kind: db.kind,
    async close() {
      if (schema) await db.query(`DROP SCHEMA ${ident(schema)} CASCADE`);
      await db.close();
    },
  };
}

let cheapHash: Promise<string> | null = null;

/** A unique email address. */
export function randomEmail(prefix = "user"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

/** Inserts a user with TEST_PASSWORD (hashed cheaply, checked the real way). */
export async function createTestUser(
  db: Database,
  options: {
    role?: Role;
    username?: string;
    email?: string;
    timeZone?: string;
    autoConfirm?: boolean;
  } = {},
): Promise<User> {
  cheapHash ??= lowCostHash(TEST_PASSWORD);
  const role = options.role ?? "student";
  const [user] = await db.query<User>(
    `INSERT INTO users (email, username, role, password_hash, time_zone)
     VALUES ($1, $2, $3, $4, $5)
     RETURNING id, email, username, role, time_zone, created_at`,
    [
      options.email ?? randomEmail(role),
      options.username ?? `${role} ${crypto.randomUUID().slice(0, 4)}`,
      role,
      await cheapHash,
      options.timeZone ?? "UTC",
    ],
  );
  if (options.autoConfirm) {
    await db.query(
      "INSERT INTO teacher_schedules (teacher_id, requires_confirmation) VALUES ($1, false)",
      [user.id],
    );
  }
  return user;
}

const MINUTE = 60_000;

/** Inserts a slot starting `startInMinutes` from now (may be in the past). */
export async function createTestSlot(
  db: Database,
  teacher: User,
  options: { startInMinutes?: number; minutes?: number } = {},
): Promise<{ id: string; start_at: Date; end_at: Date }> {
  const start = new Date(
    Date.now() + (options.startInMinutes ?? 24 * 60) * MINUTE,
  );
  const end = new Date(start.getTime() + (options.minutes ?? 60) * MINUTE);
  const [slot] = await db.query<{ id: string; start_at: Date; end_at: Date }>(
    "INSERT INTO slots (teacher_id, start_at, end_at) VALUES ($1, $2, $3) RETURNING id, start_at, end_at",
    [teacher.id, start, end],
  );
  return slot;
}

/**
 * Inserts a booking (and its slot) directly, at any time and status, for
 * tests of what happens around and after a lesson.
 */
export async function createTestBooking(
  db: Database,
  options: {
    student: User;
    teacher: User;
    startInMinutes?: number;
    minutes?: number;
    status?: BookingStatus;
    notes?: string;
  },
): Promise<{ id: string; slot_id: string; start_at: Date; end_at: Date }> {
  const slot = await createTestSlot(db, options.teacher, options);
  const status = options.status ?? "confirmed";
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO bookings (slot_id, student_id, teacher_id, start_at, end_at, status, notes, cancel_reason, cancelled_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      slot.id,
      options.student.id,
      options.teacher.id,
      slot.start_at,
      slot.end_at,
      status,
      options.notes ?? null,
      status === "cancelled" ? "Test cancellation" : null,
      status === "cancelled" ? options.student.id : null,
    ],
  );
  return {
    id: row.id,
    slot_id: slot.id,
    start_at: slot.start_at,
    end_at: slot.end_at,
  };
}
