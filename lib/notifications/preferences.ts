// Which notifications a user wants e-mailed. In-app notifications are always
// written; account mail (password reset, e-mail change) is always sent.
import type { Queryable } from "@/lib/db/connection.ts";
import { msg, NotFoundError } from "@/lib/errors.ts";

/** A user's e-mail preferences. */
export interface EmailPreferences {
  /** Requests, confirmations, declines, cancellations, reschedules. */
  email_changes: boolean;
  /** Reminders before a lesson and "X is waiting for you". */
  email_reminders: boolean;
}

/**
 * The user's e-mail preferences.
 * @throws {NotFoundError} for an unknown user
 */
export async function getEmailPreferences(
  db: Queryable,
  userId: string,
): Promise<EmailPreferences> {
  const [row] = await db.query<EmailPreferences>(
    "SELECT email_changes, email_reminders FROM users WHERE id = $1",
    [userId],
  );
  if (!row) throw new NotFoundError(msg("error.user.notFound"));
  return row;
}

/**
 * Stores the user's e-mail preferences; they apply to notifications written
 * from now on.
 * @throws {NotFoundError} for an unknown user
 */
export async function setEmailPreferences(
  db: Queryable,
  userId: string,
  preferences: EmailPreferences,
): Promise<EmailPreferences> {
  const [row] = await db.query<EmailPreferences>(
    `UPDATE users SET email_changes = $2, email_reminders = $3
      WHERE id = $1 RETURNING email_changes, email_reminders`,
    [userId, preferences.email_changes, preferences.email_reminders],
  );
  if (!row) throw new NotFoundError(msg("error.user.notFound"));
  return row;
}
