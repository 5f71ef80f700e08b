// Demo data: three accounts and bookings around now, so a fresh install can
// be tried at once. `deno task seed` runs it against any database on demand.
// It lives outside lib/db because it writes through the domain's rules.
import type { Database } from "@/lib/db/connection.ts";
import { hashPassword } from "@/lib/auth/password.ts";
import { roomState } from "@/lib/bookings/room.ts";

/** The demo password of every demo account. */
export const DEMO_PASSWORD = "demo-password";
/** The demo accounts by email. */
export const DEMO_ACCOUNTS = [
  { email: "teacher@demo.test", username: "Ada Teacher", role: "teacher" },
  { email: "student@demo.test", username: "Sam Student", role: "student" },
  { email: "outsider@demo.test", username: "Olive Outsider", role: "student" },
  { email: "admin@demo.test", username: "Avery Admin", role: "admin" },
] as const;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** What seeding did, for printing. */
export interface SeedResult {
  createdAccounts: boolean;
  openBookingId: string;
}

/**
 * Makes sure the demo accounts exist and that the demo teacher and student
 * have a confirmed booking whose room is open now. The first run also adds
 * past and future bookings and open slots.
 */
export async function seedDemo(
  db: Database,
  now = new Date(),
): Promise<SeedResult> {
  const ids: Record<string, string> = {};
  let createdAccounts = false;
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    const rows = await db.query<{ id: string; inserted: boolean }>(
      `INSERT INTO users (email, username, role, password_hash)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO UPDATE SET email = users.email
       RETURNING id, (xmax = 0) AS inserted`,
      [account.email, account.username, account.role, hash],
    );
    ids[account.email] = rows[0].id;
    // An admin added to an older demo database adds no demo bookings again.
    createdAccounts ||= rows[0].inserted && account.role !== "admin";
  }
  const teacher = ids["teacher@demo.test"];
  const student = ids["student@demo.test"];

  const book = bookFor(db, teacher, student, now);

  const openBookingId = (await openDemoRoom(db, teacher, student, now, book))
    .id;

  if (createdAccounts) {
    await book(-2 * DAY, 60, "completed", {
      notes: "Past lesson both attended",
    });
    await book(-1 * DAY, 45, "no_show", { absent_user_ids: [student] });
    await book(1 * DAY, 60, "pending", {
      notes: "Waiting for the teacher to confirm",
    });
    await book(3 * DAY, 60, "confirmed");
    await book(2 * DAY, 30, "cancelled", {
      cancel_reason: "Student is travelling",
      cancelled_by: student,
    });
    for (const day of [4, 5, 6]) {
      const start = new Date(now.getTime() + day * DAY);
      start.setUTCMinutes(0, 0, 0);
      await db.query(
        "INSERT INTO slots (teacher_id, start_at, end_at) VALUES ($1, $2, $3)",
        [teacher, start, new Date(start.getTime() + 60 * MINUTE)],
      );
    }
  }
  return { createdAccounts, openBookingId };
}

type Book = (
  startOffset: number,
  minutes: number,
  status: string,
  extra?: Record<string, unknown>,
) => Promise<string>;

// Inserts a slot and a booking of the demo pair, `startOffset` ms from `now`.
function bookFor(
  db: Database,
  teacher: string,
  student: string,
  now: Date,
): Book {
  return async (
    startOffset: number,
    minutes: number,
    status: string,
    extra: Record<string, unknown> = {},
  ) => {
    const start = new Date(now.getTime() + startOffset);
    const end = new Date(start.getTime() + minutes * MINUTE);
    return await db.transaction(async (tx) => {
      const [slot] = await tx.query<{ id: string }>(
        "INSERT INTO slots (teacher_id, start_at, end_at) VALUES ($1, $2, $3) RETURNING id",
        [teacher, start, end],
      );
      const [b] = await tx.query<{ id: string }>(
        `INSERT INTO bookings (slot_id, student_id, teacher_id, start_at, end_at, status, notes,
                               cancel_reason, cancelled_by, absent_user_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          slot.id,
          student,
          teacher,
          start,
          end,
          status,
          extra.notes ?? null,
          extra.cancel_reason ?? null,
          extra.cancelled_by ?? null,
          extra.absent_user_ids ?? [],
        ],
      );
      return b.id;
    });
  };
}

// The demo pair's booking whose room is open at `now`: the existing one, or
// a new one starting in 5 minutes (with the pair's time around now cleared).
async function openDemoRoom(
  db: Database,
  teacher: string,
  student: string,
  now: Date,
  book: Book,
): Promise<{ id: string; created: boolean }> {
  const active = await db.query<
    { id: string; start_at: Date; end_at: Date; status: "confirmed" }
  >(
    `SELECT id, start_at, end_at, status FROM bookings
     WHERE teacher_id = $1 AND student_id = $2 AND status = 'confirmed' AND end_at > $3
     ORDER BY start_at`,
    [teacher, student, now],
  );
  const open = active.find((b) => roomState(b, now).state === "open");
  if (open) return { id: open.id, created: false };
  // Clear the demo pair's time around now so the open room always fits.
  await db.query(
    `UPDATE bookings SET status = 'cancelled', cancel_reason = 'Replaced by a new demo booking',
            cancelled_by = teacher_id, updated_at = now()
     WHERE (teacher_id = $1 OR student_id = $2) AND status IN ('pending', 'confirmed')
       AND tstzrange(start_at, end_at) && tstzrange($3::timestamptz, $3::timestamptz + interval '2 hours')`,
    [teacher, student, now],
  );
  await db.query(
    `UPDATE slots SET deleted_at = now() WHERE teacher_id = $1 AND deleted_at IS NULL
       AND tstzrange(start_at, end_at) && tstzrange($2::timestamptz, $2::timestamptz + interval '2 hours')`,
    [teacher, now],
  );
  const id = await book(5 * MINUTE, 50, "confirmed", {
    notes: "Demo lesson: the room is open now",
  });
  return { id, created: true };
}

/**
 * Makes sure the demo teacher and student have a booking whose room is open
 * at `now` (a new one once the last has ended), without touching anything
 * else; null when the demo accounts do not exist.
 */
export async function ensureOpenDemoRoom(
  db: Database,
  now = new Date(),
): Promise<{ id: string; created: boolean } | null> {
  const rows = await db.query<{ id: string; email: string }>(
    "SELECT id, email FROM users WHERE email = ANY($1::text[])",
    [[DEMO_ACCOUNTS[0].email, DEMO_ACCOUNTS[1].email]],
  );
  const teacher = rows.find((r) => r.email === DEMO_ACCOUNTS[0].email)?.id;
  const student = rows.find((r) => r.email === DEMO_ACCOUNTS[1].email)?.id;
  if (!teacher || !student) return null;
  return await openDemoRoom(
    db,
    teacher,
    student,
    now,
    bookFor(db, teacher, student, now),
  );
}

/** The lines printed after seeding. */
export function describeSeed(result: SeedResult, origin: string): string {
  return [
    "Demo accounts (password: demo-password):",
    ...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(20)} ${a.role}`),
    `Open-room booking: ${origin}/bookings/${result.openBookingId}`,
  ].join("\n");
}

if (import.meta.main) {
  const { getConfig } = await import("@/lib/config.ts");
  const { openDatabaseOrExit } = await import("@/lib/db/configured.ts");
  const { migrate } = await import("@/lib/db/migrate.ts");
  const config = getConfig();
  const db = await openDatabaseOrExit(config, "seed");
  await migrate(db);
  const result = await seedDemo(db);
  console.log(
    describeSeed(result, config.appOrigin ?? `http://localhost:${config.port}`),
  );
  await db.close();
}
