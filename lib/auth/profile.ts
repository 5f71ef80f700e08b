// The account page's changes: name, password (the current one required) and
// e-mail address (confirmed by a link sent to the new address; the old one is
// told). The time zone lives in users.ts.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import {
  BadRequestError,
  ConflictError,
  msg,
  renderText,
  UnauthorizedError,
} from "@/lib/errors.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import { PG_UNIQUE_VIOLATION, pgErrorCode } from "@/lib/db/errors.ts";
import { normalizeEmail } from "@/lib/auth/email.ts";
import { hashPassword } from "@/lib/auth/password.ts";
import {
  authenticate,
  toUser,
  type User,
  USER_COLUMNS,
} from "@/lib/auth/users.ts";
import { claimEmailChange } from "@/lib/auth/recovery_throttle.ts";
import {
  expireAccountTokens,
  findAccountToken,
  insertAccountToken,
  newAccountToken,
  useAccountToken,
} from "@/lib/auth/account_tokens.ts";
import { assertPasswordAllowed, storePassword } from "@/lib/auth/recovery.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import type { AccountFacts } from "@/lib/notifications/model.ts";

/** How long a link confirming a new address works, in seconds (24 hours). */
export const EMAIL_CHANGE_TTL_SECONDS = 24 * 60 * 60;

const BROKEN_LINK = msg("error.emailChange.invalidLink");
/** The message for a confirmation link that does not work (any reason alike), in English. */
export const INVALID_EMAIL_LINK = renderText(BROKEN_LINK, DEFAULT_LOCALE);

const TAKEN = msg("error.emailChange.taken");

/**
 * Facts of an `email_change` notification. Both messages of a change are
 * notifications of the user who asked: the confirmation (`notice: false`, the
 * link with the token) must be mailed to `send_to`, the new address, and the
 * notice (`notice: true`, a link to the account page) to `send_to`, the
 * address the account had when the change was asked for.
 */
export interface EmailChangeFacts extends AccountFacts {
  new_email: string;
  send_to: string;
  notice: boolean;
}

/** The path of the page a confirmation link opens. */
export function emailLinkPath(token: string): string {
  return `/confirm-email?token=${encodeURIComponent(token)}`;
}

/**
 * Renames a user (the name was validated by the schema). Returns the user.
 * @throws {UnauthorizedError} when the user no longer exists
 */
export async function updateName(
  db: Queryable,
  userId: string,
  name: string,
): Promise<User> {
  const [row] = await db.query<User>(
    `UPDATE users SET username = $2, updated_at = now() WHERE id = $1
     RETURNING ${USER_COLUMNS}`,
    [userId, name],
  );
  if (!row) throw new UnauthorizedError(msg("error.account.signedOut"));
  return toUser(row);
}

/**
 * Changes a signed-in user's password: the current one is checked (and
 * counted by the login throttle), the new one follows the registration
 * rules, and every other session of the user ends; `keepSessionId` (the
 * session asking) stays. Returns the ended sessions' ids.
 * @throws {BadRequestError} with `fields.current_password` or `fields.password`
 * @throws {TooManyRequestsError} when throttled or the hashing pool is full
 */
export async function changePassword(
  db: Database,
  user: User,
  input: { current_password: string; password: string; address: string },
  keepSessionId: string | null,
): Promise<string[]> {
  await checkCurrentPassword(
    db,
    user,
    input,
    "password",
    "current_password",
  );
  assertPasswordAllowed(input.password, user);
  const passwordHash = await hashPassword(input.password);
  return await db.transaction((tx) =>
    storePassword(tx, user.id, passwordHash, keepSessionId)
  );
}

/**
 * Asks to move a signed-in user to a new address: checks the current
 * password, refuses an address another account has, and in one transaction
 * stores a token (valid EMAIL_CHANGE_TTL_SECONDS) and writes two
 * `email_change` notifications: the link to the new address, a notice to the
 * old one. Nothing changes until the link is opened.
 * @throws {BadRequestError} with `fields.email_password` (the current
 *   password, named as the e-mail form names it) or `fields.email`
 * @throws {ConflictError} when another account has the address
 * @throws {TooManyRequestsError} when throttled
 */
export async function requestEmailChange(
  db: Database,
  user: User,
  input: { email: string; current_password: string; address: string },
): Promise<void> {
  await checkCurrentPassword(
    db,
    user,
    input,
    "email",
    "email_password",
  );
  const newEmail = normalizeEmail(input.email);
  if (newEmail === user.email) {
    throw new BadRequestError(msg("error.emailChange.same"), {
      email: msg("error.emailChange.sameField"),
    });
  }
  await claimEmailChange(db, user.id);
  if (await emailTaken(db, newEmail)) throw new ConflictError(TAKEN);
  const token = newAccountToken();
  await db.transaction(async (tx) => {
    const stored = await insertAccountToken(tx, token, {
      email: user.email,
      purpose: "email_change",
      newEmail,
      ttlSeconds: EMAIL_CHANGE_TTL_SECONDS,
    });
    // The address changed since this page was loaded.
    if (!stored) {
      throw new ConflictError(msg("error.emailChange.reload"));
    }
    const expiresAt = stored.expires_at.toISOString();
    const messages: EmailChangeFacts[] = [
      {
        link_path: emailLinkPath(token),
        expires_at: expiresAt,
        new_email: newEmail,
        send_to: newEmail,
        notice: false,
      },
      {
        link_path: "/account",
        expires_at: expiresAt,
        new_email: newEmail,
        send_to: user.email,
        notice: true,
      },
    ];
    for (const facts of messages) {
      await enqueueNotification(tx, {
        userId: user.id,
        kind: "email_change",
        facts,
      });
    }
  });
}

/** The address a live confirmation link would move to, or null. Reads only. */
export async function pendingEmailChange(
  db: Queryable,
  token: string,
): Promise<string | null> {
  return (await findAccountToken(db, token, "email_change"))?.new_email ??
    null;
}

/**
 * Carries out an e-mail change from its link: uses the token up and moves
 * the account to the new address; every other pending change and every
 * reset link (sent to the old address) stops working. Returns the user.
 * @throws {BadRequestError} INVALID_EMAIL_LINK (also when the account's
 *   address changed since the link was sent)
 * @throws {ConflictError} when another account took the address meanwhile
 */
export async function confirmEmailChange(
  db: Database,
  token: string,
): Promise<User> {
  try {
    return await db.transaction(async (tx) => {
      const used = await useAccountToken(tx, token, "email_change");
      if (!used?.new_email) throw new BadRequestError(BROKEN_LINK);
      const [row] = await tx.query<User>(
        `UPDATE users SET email = $3, updated_at = now()
          WHERE id = $1 AND email = $2 RETURNING ${USER_COLUMNS}`,
        [used.user_id, used.email, used.new_email],
      );
      if (!row) throw new BadRequestError(BROKEN_LINK);
      await expireAccountTokens(tx, used.user_id, "email_change");
      await expireAccountTokens(tx, used.user_id, "password_reset");
      return toUser(row);
    });
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
      throw new ConflictError(TAKEN);
    }
    throw err;
  }
}

// A wrong current password is a field error, not "signed out".
async function checkCurrentPassword(
  db: Queryable,
  user: User,
  input: { current_password: string; address: string },
  what: "password" | "email",
  field: string,
): Promise<void> {
  try {
    await authenticate(db, {
      email: user.email,
      password: input.current_password,
      address: input.address,
    });
  } catch (err) {
    if (!(err instanceof UnauthorizedError)) throw err;
    throw new BadRequestError(msg(`error.currentPassword.${what}`), {
      [field]: msg("error.currentPassword.field"),
    });
  }
}

async function emailTaken(db: Queryable, email: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM users WHERE email = $1", [email]);
  return rows.length > 0;
}
