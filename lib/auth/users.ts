// Accounts: registration, sign-in and the few settings a user changes.
import { DEFAULT_LOCALE, supportedLocale } from "@/lib/i18n/locale.ts";
import type { Queryable } from "@/lib/db/connection.ts";
import type { Read } from "@/lib/db/reads.ts";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  msg,
  NotFoundError,
  renderText,
  UnauthorizedError,
} from "@/lib/errors.ts";
import { PG_UNIQUE_VIOLATION, pgErrorCode } from "@/lib/db/errors.ts";
import { hashPassword, verifyPassword } from "@/lib/auth/password.ts";
import { normalizeEmail } from "@/lib/auth/email.ts";
import type { Registration } from "@/lib/auth/schemas.ts";
import {
  claimLoginAttempt,
  claimRegistration,
  loginSucceeded,
  releaseLoginAttempt,
} from "@/lib/auth/throttle.ts";

/** What a user may be. */
export type Role = "student" | "teacher" | "admin";

/** A user account as the app sees it. Never holds the password hash. */
export type User = {
  id: string;
  email: string;
  username: string;
  role: Role;
  time_zone: string;
  /** The chosen format locale (e.g. `en-US`); null or absent follows the browser. */
  locale?: string | null;
  created_at: Date;
};

// The user columns, in the order of `User`; never password_hash.
/** The columns a User is read from (never the password hash). */
export const USER_COLUMNS =
  "id, email, username, role, time_zone, locale, created_at";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUTH_FAILED = msg("error.login.failed");
const DISABLED = msg("error.login.disabled");
/** The sign-in refusal of a disabled account, in English. */
export const ACCOUNT_DISABLED = renderText(DISABLED, DEFAULT_LOCALE);

// Verified against when the email is unknown, so that an unknown email costs
// the same PBKDF2 work as a wrong password. Its password was random and thrown away.
const DUMMY_HASH =
  "pbkdf2-sha256$600000$YWvzxZ+Q3DZWEDVnUqxm3g==$8orPCI5ZwWce55yAsey50OMsXkGjN3hhRiDb/RyG0hI=";

/**
 * Stores a new account from a registration that `registerSchema` validated
 * (which also limits the role to student or teacher). The email is stored
 * as `normalizeEmail` spells it, which makes it unique.
 * @throws {ConflictError} when the email is already registered
 * @throws {TooManyRequestsError} when the hashing pool is full
 */
export async function createUser(
  db: Queryable,
  input: Registration,
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await db.query<User>(
      `INSERT INTO users (email, username, role, password_hash, time_zone)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING ${USER_COLUMNS}`,
      [
        normalizeEmail(input.email),
        input.username,
        input.role,
        passwordHash,
        input.time_zone ?? "UTC",
      ],
    );
    return toUser(row);
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
      throw new ConflictError(msg("error.register.taken"));
    }
    throw err;
  }
}

/**
 * Registers an account for a client `address`: counts the registration
 * against the address's limit before hashing, then `createUser`.
 * @throws {TooManyRequestsError} past REGISTRATION_LIMIT from the address
 * @throws {ConflictError} when the email is already registered
 */
export async function registerUser(
  db: Queryable,
  input: Registration,
  address: string,
): Promise<User> {
  await claimRegistration(db, address);
  return await createUser(db, input);
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

/** The read of a user's time zone by a valid id (null when the account is gone). */
export function timeZoneRead(id: string): Read<string | null> {
  return {
    text: `SELECT time_zone FROM users WHERE id = $1`,
    params: [id],
    decode: ([row]) => (row?.time_zone as string | undefined) ?? null,
  };
}

/** The user with this email (compared as `normalizeEmail` spells it), or null. */
export async function getUserByEmail(
  db: Queryable,
  email: string,
): Promise<User | null> {
  const [row] = await db.query<User>(
    `SELECT ${USER_COLUMNS} FROM users WHERE email = $1`,
    [normalizeEmail(email)],
  );
  return row ? toUser(row) : null;
}

/**
 * Signs a user in with email and password, subject to login throttling (see
 * throttle.ts): the attempt is counted before the password is hashed, so
 * parallel guesses cannot outrun the limit. A wrong password and an unknown
 * email fail alike and take about the same time.
 * @throws {TooManyRequestsError} when the attempt is throttled, even if the
 *   password is right, or when the hashing pool is full
 * @throws {UnauthorizedError} "Email or password is incorrect"
 * @throws {ForbiddenError} ACCOUNT_DISABLED for a disabled account (right password)
 */
export async function authenticate(
  db: Queryable,
  input: { email: string; password: string; address: string },
): Promise<User> {
  const email = normalizeEmail(input.email);
  const { address, password } = input;
  await claimLoginAttempt(db, email, address);
  let row:
    | (User & { password_hash: string; disabled_at: Date | null })
    | undefined;
  let ok: boolean;
  try {
    [row] = email === "" ? [] : await db.query<
      User & { password_hash: string; disabled_at: Date | null }
    >(
      `SELECT ${USER_COLUMNS}, password_hash, disabled_at FROM users WHERE email = $1`,
      [email],
    );
    ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  } catch (err) {
    // Not checked (pool full, database error): not a failure either. The
    // original error is the one to report, whatever the release does.
    await releaseLoginAttempt(db, email, address).catch(() => {});
    throw err;
  }
  if (!row || !ok) throw new UnauthorizedError(AUTH_FAILED);
  // Told only to whoever knows the password; the attempt still counts.
  if (row.disabled_at !== null) throw new ForbiddenError(DISABLED);
  await loginSucceeded(db, email, address);
  return toUser(row);
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
      msg("error.account.unknownTimeZone", { zone: String(tz) }),
      { time_zone: msg("error.account.timeZone") },
    );
  }
  return await updateUser(db, userId, "time_zone", canonical);
}

/**
 * Sets the user's format locale (null: follow the browser). Returns the
 * updated user.
 * @throws {BadRequestError} with `fields.locale` for a tag the runtime cannot format
 * @throws {NotFoundError} when the user does not exist
 */
export async function updateLocale(
  db: Queryable,
  userId: string,
  locale: string | null,
): Promise<User> {
  const supported = locale === null ? null : supportedLocale(locale);
  if (locale !== null && !supported) {
    throw new BadRequestError(msg("error.account.unknownLocale"), {
      locale: msg("error.account.locale"),
    });
  }
  return await updateUser(db, userId, "locale", supported);
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
  column: "time_zone" | "locale",
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
    throw new NotFoundError(msg("error.account.noUser"));
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
    locale: row.locale ?? null,
    created_at: row.created_at instanceof Date
      ? row.created_at
      : new Date(row.created_at),
  };
}
