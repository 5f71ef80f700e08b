// The JSON shape of a notification: what it is about, when, whether it was
// read, and the subject its e-mail has for the caller.
import type { Notification } from "@/lib/notifications/model.ts";
import {
  notificationPath,
  type Recipient,
  renderNotification,
} from "@/lib/notifications/render.ts";

/** A notification as the JSON API shows it. */
export function toApiNotification(
  n: Notification,
  recipient: Recipient,
  origin: string,
) {
  return {
    id: n.id,
    kind: n.kind,
    booking_id: n.booking_id,
    created_at: n.created_at.toISOString(),
    read_at: n.read_at?.toISOString() ?? null,
    subject: renderNotification(n, recipient, origin).subject,
    url: `${origin}${notificationPath(n)}`,
  };
}
