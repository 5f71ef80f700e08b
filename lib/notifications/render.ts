// What a notification says, for one recipient: the subject, the plain text
// and the HTML of its e-mail (also shown in-app). Rendered from the facts
// snapshot at read or send time, in the recipient's time zone.
import { translate } from "@/lib/i18n/messages.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import { dateFormat, formatDateTime, formatRange } from "@/lib/format.ts";
import { JOIN_WINDOW_MINUTES } from "@/lib/bookings/model.ts";
import type { EmailChangeFacts } from "@/lib/auth/profile.ts";
import type {
  AccountFacts,
  BookingFacts,
  Notification,
  PersonFacts,
} from "@/lib/notifications/model.ts";

/** The recipient as a message addresses them. */
export interface Recipient {
  username: string;
  email: string;
  time_zone: string;
}

/** A rendered message: one line of subject, a text part and an HTML part. */
export interface RenderedNotification {
  subject: string;
  text: string;
  html: string;
}

/** What a message says before it is written out as text or HTML. */
interface Draft {
  subject: string;
  paragraphs: string[];
  link: { href: string; label: string };
  /** Booking mail can be turned off; account mail cannot. */
  preferences: boolean;
}

/**
 * Renders a notification for its recipient: times in their time zone (UTC
 * when theirs is unknown), the other participant's name, a link to the
 * booking or the account link, built on `origin` (APP_ORIGIN). The subject
 * holds no line breaks; the HTML escapes every fact.
 */
export function renderNotification(
  n: Notification,
  recipient: Recipient,
  origin: string,
): RenderedNotification {
  const base = origin.replace(/\/+$/, "");
  const zone = knownZone(recipient.time_zone);
  const draft = "booking_id" in n.facts
    ? bookingDraft(n, n.facts as BookingFacts, zone, base)
    : accountDraft(n, n.facts as AccountFacts, zone, base);
  const subject = oneLine(draft.subject);
  return {
    subject,
    text: toText(draft, recipient, base),
    html: toHtml(draft, subject, recipient, base),
  };
}

/**
 * Where a notification leads in the app: its booking, or the account link
 * it carries (a path on this origin only).
 */
export function notificationPath(n: Notification): string {
  if (n.booking_id) return `/bookings/${n.booking_id}`;
  const path = ownPath((n.facts as AccountFacts).link_path);
  return path ??
    (n.kind === "password_reset" ? "/forgot-password" : "/account");
}

// A path on this origin: not "//host" nor "/\\host" (which browsers read as
// another host), with no space, backslash or control character.
const OWN_PATH = /^\/(?![/\\])[^\s\\\p{Cc}]*$/u;

function ownPath(path: string | undefined): string | null {
  return path !== undefined && OWN_PATH.test(path) ? path : null;
}

function knownZone(timeZone: string): string {
  try {
    dateFormat("en-GB", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

// Control characters (CR and LF above all) never reach a header.
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").replace(/ {2,}/g, " ")
    .trim();
}

function bookingDraft(
  n: Notification,
  f: BookingFacts,
  zone: string,
  base: string,
): Draft {
  const isTeacher = n.user_id === f.teacher.id;
  const other: PersonFacts = isTeacher ? f.student : f.teacher;
  const start = new Date(f.start_at);
  const when = formatRange(start, new Date(f.end_at), zone);
  const day = formatDateTime(start, zone);
  const link = { href: `${base}/bookings/${f.booking_id}`, label: "" };
  const reason = f.reason ? [`Reason: ${f.reason}`] : [];
  const room =
    `The call room opens on the booking page ${JOIN_WINDOW_MINUTES} minutes before the start.`;
  const draft = (
    subject: string,
    paragraphs: string[],
    label: string,
  ): Draft => ({
    subject,
    paragraphs,
    link: { ...link, label },
    preferences: true,
  });
  switch (n.kind) {
    case "booking_requested":
      return f.status === "confirmed"
        ? draft(`New lesson with ${other.name} on ${day}`, [
          `${other.name} booked a lesson with you on ${when}. It is confirmed.`,
          room,
        ], "Open the booking")
        : draft(`Lesson request from ${other.name} for ${day}`, [
          `${other.name} asked for a lesson with you on ${when}.`,
          "Confirm or decline it before it starts.",
        ], "Answer the request");
    case "booking_confirmed":
      return draft(`Lesson confirmed: ${other.name} on ${day}`, [
        `Your lesson with ${other.name} on ${when} is confirmed.`,
        room,
      ], "Open the booking");
    case "booking_declined":
      return draft(`Lesson request declined by ${other.name}`, [
        `${other.name} declined your request for a lesson on ${when}.`,
        ...reason,
      ], "See the booking");
    case "booking_cancelled": {
      const actor = f.actor_id === f.teacher.id
        ? f.teacher
        : f.actor_id === f.student.id
        ? f.student
        : null;
      return draft(`Lesson cancelled: ${other.name} on ${day}`, [
        actor && actor.id !== n.user_id
          ? `${actor.name} cancelled your lesson on ${when}.`
          : `Your lesson with ${other.name} on ${when} is cancelled.`,
        ...reason,
      ], "See the booking");
    }
    case "booking_expired":
      return draft(`Lesson request expired: ${other.name} on ${day}`, [
        isTeacher
          ? `The request from ${other.name} for a lesson on ${when} expired before you answered it.`
          : `Your request for a lesson with ${other.name} on ${when} expired before it was answered.`,
      ], "See the booking");
    case "booking_rescheduled":
      return draft(`Lesson moved: ${other.name}, now on ${day}`, [
        `Your lesson with ${other.name} is now on ${when}.`,
        ...(f.previous_start_at
          ? [
            `It was on ${formatDateTime(new Date(f.previous_start_at), zone)}.`,
          ]
          : []),
      ], "Open the booking");
    case "reschedule_proposed": {
      const proposed = f.proposed_start_at && f.proposed_end_at
        ? formatRange(
          new Date(f.proposed_start_at),
          new Date(f.proposed_end_at),
          zone,
        )
        : "another time";
      return draft(`${other.name} asks to move your lesson of ${day}`, [
        `${other.name} asks to move your lesson of ${when} to ${proposed}.`,
        "Accept or decline it on the booking page; until then the lesson stays where it is.",
      ], "Answer the proposal");
    }
    case "reschedule_declined": {
      const proposed = f.proposed_start_at
        ? formatDateTime(new Date(f.proposed_start_at), zone)
        : "another time";
      return draft(`${other.name} declined moving your lesson of ${day}`, [
        `${other.name} declined your proposal to move the lesson of ${when} to ${proposed}. The lesson stays where it is.`,
      ], "Open the booking");
    }
    case "dispute_resolved":
      return draft(
        `Dispute resolved: your lesson with ${other.name} of ${day}`,
        [
          `An administrator reviewed the outcome of your lesson with ${other.name} of ${when}: it is now ${
            OUTCOME_WORDS[f.status] ?? f.status
          }.`,
          ...(f.reason ? [`Note: ${f.reason}`] : []),
        ],
        "See the booking",
      );
    case "reminder": {
      const lead = leadTime(f.minutes_before);
      return f.status === "pending" && isTeacher
        ? draft(`Answer ${other.name}'s lesson request for ${day}`, [
          `${other.name}'s request for a lesson on ${when} still waits for your answer. It starts ${lead}.`,
        ], "Answer the request")
        : draft(`Reminder: lesson with ${other.name} ${lead}`, [
          `Your lesson with ${other.name} starts ${lead}: ${when}.`,
          room,
        ], "Open the booking");
    }
    case "peer_waiting":
      return draft(`${other.name} is waiting for you in the lesson room`, [
        `${other.name} has been waiting in the call room of your lesson of ${when}.`,
      ], "Join the lesson");
    default:
      return draft(`News about your lesson with ${other.name}`, [
        `Your lesson with ${other.name} on ${when} has changed.`,
      ], "Open the booking");
  }
}

// A settled outcome in the words of a sentence.
const OUTCOME_WORDS: Record<string, string> = {
  completed: "completed",
  no_show: "a no-show",
  technical_failure: "a technical failure, with no one blamed",
  cancelled: "cancelled",
};

function leadTime(minutes: number | undefined): string {
  if (!minutes) return "soon";
  // E-mails are written before anyone's browser is known: English.
  if (minutes % 60 === 0) {
    return translate(DEFAULT_LOCALE, "notify.inHours", {
      count: minutes / 60,
    });
  }
  return translate(DEFAULT_LOCALE, "notify.inMinutes", { count: minutes });
}

function accountDraft(
  n: Notification,
  f: AccountFacts,
  zone: string,
  base: string,
): Draft {
  // Only a path on our own origin: never another host or scheme.
  const path = ownPath(f.link_path);
  const until = f.expires_at
    ? `The link works once, until ${
      formatDateTime(new Date(f.expires_at), zone)
    } (${zone}).`
    : "The link works once.";
  const draft = (
    subject: string,
    paragraphs: string[],
    href: string,
    label: string,
  ): Draft => ({
    subject,
    paragraphs,
    link: { href, label },
    preferences: false,
  });
  if (n.kind === "password_reset") {
    return draft(
      "Reset your Talkroom password",
      [
        "Someone, hopefully you, asked to reset the password of your Talkroom account.",
        until,
        "If it was not you, ignore this e-mail: your password stays as it is.",
      ],
      `${base}${path ?? "/forgot-password"}`,
      "Choose a new password",
    );
  }
  // The notice to the old address (`notice`, set by lib/auth/profile.ts)
  // links to the account page; the confirmation carries the token's link.
  const notice = (f as Partial<EmailChangeFacts>).notice === true;
  if (path && !notice) {
    return draft(
      "Confirm your new Talkroom e-mail address",
      [
        `Confirm that ${
          f.new_email ?? "this address"
        } is the new e-mail address of your Talkroom account.`,
        until,
        "If you did not ask for this, ignore this e-mail.",
      ],
      `${base}${path}`,
      "Confirm the address",
    );
  }
  return draft(
    "Your Talkroom e-mail address is changing",
    [
      `Someone asked to change the e-mail address of your Talkroom account to ${
        f.new_email ?? "another address"
      }. It changes once the new address is confirmed.`,
      "If it was not you, change your password now.",
    ],
    `${base}/account`,
    "Open your account",
  );
}

function toText(draft: Draft, recipient: Recipient, base: string): string {
  const lines = [
    `Hi ${recipient.username},`,
    ...draft.paragraphs,
    `${draft.link.label}: ${draft.link.href}`,
    "Talkroom",
  ];
  if (draft.preferences) {
    lines.push(
      `Choose which e-mails you get: ${base}/account/notifications`,
    );
  }
  return `${lines.join("\n\n")}\n`;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// Text made safe for HTML content and quoted attributes.
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function toHtml(
  draft: Draft,
  subject: string,
  recipient: Recipient,
  base: string,
): string {
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const footer = draft.preferences
    ? `<p style="color:#64748b;font-size:12px">Talkroom · <a href="${
      escapeHtml(`${base}/account/notifications`)
    }">Choose which e-mails you get</a></p>`
    : `<p style="color:#64748b;font-size:12px">Talkroom</p>`;
  return [
    "<!doctype html>",
    `<html><head><meta charset="utf-8"><title>${
      escapeHtml(subject)
    }</title></head>`,
    '<body style="font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5">',
    p(`Hi ${recipient.username},`),
    ...draft.paragraphs.map(p),
    `<p><a href="${
      escapeHtml(draft.link.href)
    }" style="${"background:#4f46e5;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none"}">${
      escapeHtml(draft.link.label)
    }</a></p>`,
    footer,
    "</body></html>",
    "",
  ].join("\n");
}
