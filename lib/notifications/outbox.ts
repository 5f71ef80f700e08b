// Writing notifications: always inside the transaction of the change they
// report, so a change and its messages commit or roll back together.
import type { Queryable } from "@/lib/db/connection.ts";
import {
  ACCOUNT_KINDS,
  type NotificationFacts,
  type NotificationKind,
  REMINDER_KINDS,
} from "@/lib/notifications/model.ts";

/** One notification to write. */
export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  bookingId?: string | null;
  facts: NotificationFacts;
  /** At most one notification per key ever exists (reminders). */
  dedupeKey?: string;
}

/**
 * Writes a notification for one user, in the caller's transaction. Its e-mail
 * is due at once when the user's preference for that kind allows it (account
 * mail always is). Returns the new id, or null when a notification with the
 * same dedupe key already exists.
 */
export async function enqueueNotification(
  tx: Queryable,
  n: NewNotification,
): Promise<string | null> {
  const preference = ACCOUNT_KINDS.includes(n.kind)
    ? "true"
    : REMINDER_KINDS.includes(n.kind)
    ? "u.email_reminders"
    : "u.email_changes";
  // The facts travel as text and are cast: postgres.js would otherwise store
  // the JSON string itself as a jsonb string.
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO notifications
       (user_id, kind, booking_id, facts, dedupe_key, email_status)
     SELECT u.id, $2, $3, $4::text::jsonb, $5,
            CASE WHEN ${preference} THEN 'pending' ELSE 'off' END
       FROM users u WHERE u.id = $1
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [
      n.userId,
      n.kind,
      n.bookingId ?? null,
      JSON.stringify(n.facts),
      n.dedupeKey ?? null,
    ],
  );
  return rows[0]?.id ?? null;
}
