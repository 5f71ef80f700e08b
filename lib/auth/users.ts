// Accounts: registration, sign-in and the few settings a user changes.
import type { Queryable } from "@/lib/db/connection.ts";
import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  UnauthorizedError,
} from "@/lib/errors.ts";
import {
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
} from "@/lib/db/errors.ts";
import { hashPassword, verifyPassword } from "@/lib/auth/password.ts";
import {
  assertLoginAllowed,
  clearAccountFailures,
  recordLoginFailure,
} from "@/lib/auth/throttle.ts";

/** What a user may be. */
export type Role = "student" | "teacher" | "admin";

/** The roles, for validation and select lists. */
export const ROLES: readonly Role[] = ["student", "teacher", "admin"];

/** A user account as the app sees it. Never holds the password hash. */
export type User = {
  id: string;
  email: string;
  username: string;
  role: Role;
  time_zone: string;
  auto_confirm: boolean;
  created_at: Date;
};

/** Shortest password accepted at registration. */
export const PASSWORD_MIN_LENGTH = 8;
/** Longest password accepted at registration (bounds the work of hashing it). */
export const PASSWORD_MAX_LENGTH = 1024;

/** What registration takes. */
export interface NewUser {
  email: string;
  password: string;
  username: string;
  role: Role;
  time_zone?: string;
}

// The user columns, in the order of `User`; never password_hash.
/** The columns a User is read from (never the password hash). */
export const USER_COLUMNS =
  "id, email, username, role, time_zone, auto_confirm, created_at";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const AUTH_FAILED = "Email or password is incorrect";

// Verified against when the email is unknown, so that an unknown email costs
// the same PBKDF2 work as a wrong password. Its password was random and thrown away.
const DUMMY_HASH =
  "pbkdf2-sha256$600000$YWvzxZ+Q3DZWEDVnUqxm3g==$8orPCI5ZwWce55yAsey50OMsXkGjN3hhRiDb/RyG0hI=";

/**
 * Registers a user. The email is trimmed and stored as typed, but is unique
 * regardless of case; the username is trimmed.
 * @throws {BadRequestError} with `fields` when an input is invalid
 * @throws {ConflictError} when the email is already registered (in any case)
 */
export async function createUser(db: Queryable, input: NewUser): Promise<User> {
  const fields: Record<string, string> = {};
  const email = typeof input.email === "string" ? input.email.trim() : "";
  const username = typeof input.username === "string"
    ? input.username.trim()
    : "";
  const password = typeof input.password === "string" ? input.password : "";
  if (email.length < 3 || email.length > 254 || !EMAIL.test(email)) {
    fields.email = "Enter a valid email address";
  }
  if (username.length < 1 || username.length > 64) {
    fields.username = "Enter a name of 1 to 64 characters";
  }
  if (
    password.length < PASSWORD_MIN_LENGTH ||
    password.length > PASSWORD_MAX_LENGTH
  ) {
    fields.password =
      `Choose a password of ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`;
  }
  if (!ROLES.includes(input.role)) {
    fields.role = `Choose one of: ${ROLES.join(", ")}`;
  }
  let timeZone = "UTC";
  if (input.time_zone !== undefined) {
    const canonical = canonicalTimeZone(input.time_zone);
    if (canonical) timeZone = canonical;
    else fields.time_zone = "Choose a time zone from the list";
  }
  const invalid = Object.keys(fields);
  if (invalid.length > 0) {
    throw new BadRequestError(
      `Cannot register: invalid ${invalid.join(", ")}`,
      fields,
    );
  }

  const passwordHash = await hashPassword(password);
  try {
    const [row] = await db.query<User>(
      `INSERT INTO users (email, username, role, password_hash, time_zone)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING ${USER_COLUMNS}`,
      [email, username, input.role, passwordHash, timeZone],
    );
    return toUser(row);
  } catch (err) {
    const constraint = pgConstraint(err);
    if (
      pgErrorCode(err) === PG_UNIQUE_VIOLATION &&
      (constraint === null || constraint === "users_email_lower_key")
    ) {
      throw new ConflictError(
        "Cannot register: this email is already registered",
      );
    }
    throw err;
  }
}

/** The user with this id, or null (also for a string that is not a UUID). */
export async function getUserById(
  db: Queryable,
  id: string,
): Promise<User | null> {
  if (typeof id !== "string" || !UUID.test(id)) return null;
  const [row] = await db.query<User>(
    `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`,
    [id],
  );
  return row ? toUser(row) : null;
}

/** The user with this email (any case, surrounding spaces ignored), or null. */
export async function getUserByEmail(
  db: Queryable,
  email: string,
): Promise<User | null> {
  const [row] = await db.query<User>(
    `SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`,
    [String(email).trim()],
  );
  return row ? toUser(row) : null;
}

/**
 * Signs a user in with email and password, subject to login throttling by
 * account and by client `address`. A wrong password and an unknown email fail
 * alike and take about the same time. Failures are recorded; a success clears
 * the account's failures (not the address's).
 * @throws {TooManyRequestsError} when the account or the address is locked out,
 *   even if the password is right
 * @throws {UnauthorizedError} "Email or password is incorrect"
 */
export async function authenticate(
  db: Queryable,
  input: { email: string; password: string; address: string },
): Promise<User> {
  const email = typeof input.email === "string" ? input.email.trim() : "";
  const password = typeof input.password === "string" ? input.password : "";
  await assertLoginAllowed(db, email, input.address);

  const [row] = email === ""
    ? []
    : await db.query<User & { password_hash: string }>(
      `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok) {
    await recordLoginFailure(db, email, input.address);
    throw new UnauthorizedError(AUTH_FAILED);
  }
  await clearAccountFailures(db, email);
  return toUser(row);
}

/**
 * Turns automatic confirmation of new bookings on or off (meaningful for
 * teachers; routes decide who may call it). Returns the updated user.
 * @throws {NotFoundError} when the user does not exist
 */
export async function setAutoConfirm(
  db: Queryable,
  userId: string,
  on: boolean,
): Promise<User> {
  return await updateUser(db, userId, "auto_confirm", Boolean(on));
}

/**
 * Sets the user's IANA time zone (stored in its canonical spelling, e.g.
 * `europe/paris` → `Europe/Paris`). Returns the updated user.
 * @throws {BadRequestError} with `fields.time_zone` for an unknown zone
 * @throws {NotFoundError} when the user does not exist
 */
export async function updateTimeZone(
  db: Queryable,
  userId: string,
  tz: string,
): Promise<User> {
  const canonical = canonicalTimeZone(tz);
  if (!canonical) {
    throw new BadRequestError(
      `Cannot change time zone: "${String(tz)}" is not a known time zone`,
      {
        time_zone: "Choose a time zone from the list",
      },
    );
  }
  return await updateUser(db, userId, "time_zone", canonical);
}

/**
 * The canonical name of an IANA time zone, or null when the runtime does not
 * know it. Offsets like `+05:00` are refused: PostgreSQL reads such strings
 * as POSIX zones, with the sign inverted.
 */
export function canonicalTimeZone(tz: unknown): string | null {
  if (typeof tz !== "string" || tz.trim() === "" || tz.length > 64) return null;
  let name: string;
  try {
    name = new Intl.DateTimeFormat(undefined, { timeZone: tz.trim() })
      .resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return /^[A-Za-z][A-Za-z0-9_+/-]*$/.test(name) ? name : null;
}

async function updateUser(
  db: Queryable,
  userId: string,
  column: "auto_confirm" | "time_zone",
  value: unknown,
): Promise<User> {
  const rows = typeof userId === "string" && UUID.test(userId)
    ? await db.query<User>(
      `UPDATE users SET ${column} = $2, updated_at = now() WHERE id = $1
       RETURNING ${USER_COLUMNS}`,
      [userId, value],
    )
    : [];
  if (!rows[0]) {
    throw new NotFoundError("Cannot update user: it does not exist");
  }
  return toUser(rows[0]);
}

// Builds a User from a row, dropping any other column (the hash above all)
// and normalizing types that differ between PGlite and postgres.js.
/** A User from a row of USER_COLUMNS. */
export function toUser(row: User): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    role: row.role,
    time_zone: row.time_zone,
    auto_confirm: row.auto_confirm,
    created_at: row.created_at instanceof Date
      ? row.created_at
      : new Date(row.created_at),
  };
}
