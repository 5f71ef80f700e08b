// What a notification is: its kinds, the facts it carries, and the row.

/** Every kind of notification, as stored and as `data-notification-kind`. */
export const NOTIFICATION_KINDS = [
  "booking_requested",
  "booking_confirmed",
  "booking_declined",
  "booking_cancelled",
  "booking_expired",
  "booking_rescheduled",
  "reschedule_proposed",
  "reschedule_declined",
  "dispute_resolved",
  "reminder",
  "peer_waiting",
  "password_reset",
  "email_change",
] as const;

/** One kind of notification. */
export type NotificationKind = typeof NOTIFICATION_KINDS[number];

/** Kinds always e-mailed, whatever the preferences (account recovery). */
export const ACCOUNT_KINDS: readonly NotificationKind[] = [
  "password_reset",
  "email_change",
];

/** Kinds about a booking: e-mailed with a calendar invite. */
export const BOOKING_KINDS: readonly NotificationKind[] = NOTIFICATION_KINDS
  .filter((kind) => !ACCOUNT_KINDS.includes(kind));

/** Kinds governed by the user's "reminders" e-mail preference. */
export const REMINDER_KINDS: readonly NotificationKind[] = [
  "reminder",
  "peer_waiting",
];

/** A participant as a message names them. */
export interface PersonFacts {
  id: string;
  name: string;
  email: string;
}

/**
 * A booking as it was when the change happened: what a message about it says
 * and what its calendar invite holds. Times are ISO strings (UTC).
 */
export interface BookingFacts {
  booking_id: string;
  start_at: string;
  end_at: string;
  status: string;
  /** The invite's SEQUENCE after this change. */
  sequence: number;
  teacher: PersonFacts;
  student: PersonFacts;
  /** Who made the change, when a participant did. */
  actor_id?: string | null;
  /** A cancellation's or decline's reason. */
  reason?: string | null;
  /** For reminders: minutes before the start ("24 hours", "15 minutes"). */
  minutes_before?: number;
  /** For a reschedule: the previous start. */
  previous_start_at?: string;
  /** For a reschedule proposal: the proposed new start and end. */
  proposed_start_at?: string;
  proposed_end_at?: string;
}

/** Facts of account mail: the link carries a single-use token. */
export interface AccountFacts {
  /** Path and query of the link, e.g. `/reset-password?token=…`. */
  link_path: string;
  /** When the link stops working (ISO). */
  expires_at: string;
  /** For an e-mail change: the new address. */
  new_email?: string;
}

/** Facts of any notification. */
export type NotificationFacts = BookingFacts | AccountFacts;

/** Delivery state of a notification's e-mail. */
export type EmailStatus = "off" | "pending" | "sent" | "failed";

/** A stored notification. */
export interface Notification {
  id: string;
  user_id: string;
  kind: NotificationKind;
  booking_id: string | null;
  facts: NotificationFacts;
  created_at: Date;
  read_at: Date | null;
  email_status: EmailStatus;
}
