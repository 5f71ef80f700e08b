// The e-mail of a notification: what renderNotification() says, the
// booking's calendar invite, and headers that cannot carry a line break.
import type { BookingFacts, Notification } from "@/lib/notifications/model.ts";
import {
  type Recipient,
  recipientLocale,
  renderNotification,
} from "@/lib/notifications/render.ts";
import { bookingInvite, inviteMethod } from "@/lib/calendar/ics.ts";

/** An e-mail ready for the mailer. */
export interface Email {
  /** `<notification-id@host>`: the same on every attempt. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The booking's invite, sent as a `text/calendar; method=…` part. */
  invite: { method: "REQUEST" | "CANCEL"; content: string } | null;
}

/** Thrown when a notification cannot become an e-mail (a permanent failure). */
export class UnsendableEmailError extends Error {
  constructor(detail: string) {
    super(`Cannot compose e-mail: ${detail}`);
    this.name = "UnsendableEmailError";
  }
}

// deno-lint-ignore no-control-regex
const ADDRESS = /^[^\s<>"@\x00-\x1f\x7f]+@[A-Za-z0-9.\-]+\.[A-Za-z0-9\-]+$/;

/** One line of header text: control characters (CR, LF, …) become spaces. */
export function headerText(value: string): string {
  // deno-lint-ignore no-control-regex
  return value.replace(/[\x00-\x1f\x7f\u2028\u2029]+/g, " ").trim();
}

/** The stable Message-ID of a notification's e-mail. */
export function messageIdFor(notificationId: string, origin: string): string {
  return `<${notificationId}@${new URL(origin).hostname}>`;
}

/**
 * Where the e-mail goes: the user's address, unless the facts name another
 * (`send_to`: an e-mail change's confirmation goes to the new address, its
 * notice to the address the account had when the change was asked for).
 */
export function recipientAddress(n: Notification, userEmail: string): string {
  const sendTo = (n.facts as { send_to?: unknown }).send_to;
  return typeof sendTo === "string" ? sendTo : userEmail;
}

/**
 * Composes the e-mail of a notification for its recipient, in their locale
 * (the invite's title and description too).
 * @throws {UnsendableEmailError} when the address is not a plain address
 */
export function composeEmail(
  n: Notification,
  recipient: Recipient,
  origin: string,
): Email {
  const to = recipientAddress(n, recipient.email);
  if (!ADDRESS.test(to)) {
    throw new UnsendableEmailError(`the address is not usable: ${to}`);
  }
  const rendered = renderNotification(n, recipient, origin);
  const method = inviteMethod(n.kind);
  return {
    messageId: messageIdFor(n.id, origin),
    to,
    subject: headerText(rendered.subject),
    text: rendered.text,
    html: rendered.html,
    invite: method && n.booking_id
      ? {
        method,
        content: bookingInvite(
          n.facts as BookingFacts,
          method,
          origin,
          new Date(),
          recipientLocale(recipient),
        ),
      }
      : null,
  };
}
