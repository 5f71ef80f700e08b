// Forgotten passwords: a reset link by e-mail, and setting a new password,
// from the link or from the account page. The link goes through the
// notifications outbox, written in the transaction that stores its token.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import { BadRequestError, msg, renderText } from "@/lib/errors.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import { normalizeEmail } from "@/lib/auth/email.ts";
import { hashPassword } from "@/lib/auth/password.ts";
import { passwordProblem } from "@/lib/auth/password_policy.ts";
import { forgetLoginFailures } from "@/lib/auth/throttle.ts";
import { claimResetRequest } from "@/lib/auth/recovery_throttle.ts";
import {
  expireAccountTokens,
  findAccountToken,
  insertAccountToken,
  newAccountToken,
  useAccountToken,
} from "@/lib/auth/account_tokens.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";

/** How long a reset link works, in seconds (30 minutes). */
export const RESET_TOKEN_TTL_SECONDS = 30 * 60;

const BROKEN_LINK = msg("error.reset.invalidLink");
/** The message for a reset link that does not work (any reason alike), in English. */
export const INVALID_RESET_LINK = renderText(BROKEN_LINK, DEFAULT_LOCALE);

// No user has this id: a notification for it inserts nothing.
const NOBODY = "00000000-0000-0000-0000-000000000000";

/** The path of the page a reset link opens. */
export function resetLinkPath(token: string): string {
  return `/reset-password?token=${encodeURIComponent(token)}`;
}

/**
 * Sends a reset link to the account with this address, if there is one: a
 * new token (valid RESET_TOKEN_TTL_SECONDS) and a `password_reset`
 * notification in one transaction. An unknown address runs the same
 * statements, which then write nothing, and the caller answers alike.
 * @throws {TooManyRequestsError} past the per-address or per-client limits,
 *   counted for known and unknown addresses alike
 */
export async function requestPasswordReset(
  db: Database,
  email: string,
  address: string,
): Promise<void> {
  const normalized = normalizeEmail(email);
  await claimResetRequest(db, normalized, address);
  const token = newAccountToken();
  await db.transaction(async (tx) => {
    const stored = await insertAccountToken(tx, token, {
      email: normalized,
      purpose: "password_reset",
      ttlSeconds: RESET_TOKEN_TTL_SECONDS,
    });
    const expiresAt = stored?.expires_at ??
      new Date(Date.now() + RESET_TOKEN_TTL_SECONDS * 1000);
    await enqueueNotification(tx, {
      userId: stored?.user_id ?? NOBODY,
      kind: "password_reset",
      facts: {
        link_path: resetLinkPath(token),
        expires_at: expiresAt.toISOString(),
      },
    });
  });
}

/** Whether a reset token is live now (for showing the form or a refusal). */
export async function isResetTokenLive(
  db: Queryable,
  token: string,
): Promise<boolean> {
  return (await findAccountToken(db, token, "password_reset")) !== null;
}

/**
 * Sets a new password from a reset link: checks it with the rules of
 * registration, uses the token up, clears the account's failed sign-ins and
 * ends every session of the user (also every other reset link). Returns the
 * ended sessions' ids, so open sockets can be closed.
 * @throws {BadRequestError} INVALID_RESET_LINK, or with `fields.password`
 *   when the password breaks the policy (the token then stays usable)
 * @throws {TooManyRequestsError} when the hashing pool is full
 */
export async function resetPassword(
  db: Database,
  token: string,
  password: string,
): Promise<{ userId: string; endedSessionIds: string[] }> {
  const found = await findAccountToken(db, token, "password_reset");
  if (!found) throw new BadRequestError(BROKEN_LINK);
  assertPasswordAllowed(password, found);
  const passwordHash = await hashPassword(password);
  return await db.transaction(async (tx) => {
    const used = await useAccountToken(tx, token, "password_reset");
    if (!used) throw new BadRequestError(BROKEN_LINK);
    await expireAccountTokens(tx, used.user_id, "password_reset");
    await forgetLoginFailures(tx, used.email);
    const endedSessionIds = await storePassword(
      tx,
      used.user_id,
      passwordHash,
      null,
    );
    return { userId: used.user_id, endedSessionIds };
  });
}

/**
 * Refuses a new password the registration rules refuse (common, or holding
 * the e-mail's local part or the name); lengths are the schema's job.
 * @throws {BadRequestError} with `fields.password`
 */
export function assertPasswordAllowed(
  password: string,
  user: { email: string; username: string },
): void {
  const problem = passwordProblem(password, user);
  if (problem) {
    throw new BadRequestError(
      msg("error.password.set", { problem: msg(problem) }),
      { password: msg(problem) },
    );
  }
}

/**
 * Stores a password hash for a user and ends every session of theirs but
 * `keepSessionId` (null: all); returns the ended sessions' ids.
 */
export async function storePassword(
  tx: Queryable,
  userId: string,
  passwordHash: string,
  keepSessionId: string | null,
): Promise<string[]> {
  await tx.query(
    "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1",
    [userId, passwordHash],
  );
  const rows = await tx.query<{ id: string }>(
    `UPDATE sessions SET revoked_at = now()
      WHERE user_id = $1 AND revoked_at IS NULL
        AND id IS DISTINCT FROM $2::uuid
     RETURNING id`,
    [userId, keepSessionId],
  );
  return rows.map((r) => r.id);
}
