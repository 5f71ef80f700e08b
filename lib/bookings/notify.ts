// Notifications about a booking change, written in the change's transaction.
import type { Queryable } from "@/lib/db/connection.ts";
import {
  bookingFacts,
  type ExtraBookingFacts,
} from "@/lib/notifications/booking_facts.ts";
import { enqueueNotification } from "@/lib/notifications/outbox.ts";
import type { NotificationKind } from "@/lib/notifications/model.ts";

/**
 * Writes one notification per recipient about a booking, in the change's
 * transaction, with the facts as the change left them.
 */
export async function notify(
  tx: Queryable,
  bookingId: string,
  extra: ExtraBookingFacts,
  recipients: readonly (readonly [string, NotificationKind])[],
): Promise<void> {
  const facts = await bookingFacts(tx, bookingId, extra);
  for (const [userId, kind] of recipients) {
    await enqueueNotification(tx, { userId, kind, bookingId, facts });
  }
}
