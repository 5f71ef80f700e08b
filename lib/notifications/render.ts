// What a notification says, for one recipient: the subject, the plain text
// and the HTML of its e-mail (also shown in-app). Rendered from the facts
// snapshot at read or send time, in the recipient's language, locale and
// time zone.
import { type I18n, i18nFor } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";
import { DEFAULT_LOCALE, resolveLocale } from "@/lib/i18n/locale.ts";
import { dateFormat } from "@/lib/format.ts";
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
  /** The account's locale (users.locale); null or absent: DEFAULT_LOCALE. */
  locale?: string | null;
}

/** The locale a recipient's messages are written in. */
export function recipientLocale(recipient: { locale?: string | null }): string {
  // No browser is asked: mail is written before anyone opens it.
  return resolveLocale(recipient.locale, null);
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
 * Renders a notification for its recipient: words in their locale's
 * language, dates and times as their locale writes them in their time zone
 * (UTC when theirs is unknown), the other participant's name, a link to the
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
  const i18n = i18nFor(recipientLocale(recipient));
  const draft = "booking_id" in n.facts
    ? bookingDraft(n, n.facts as BookingFacts, zone, base, i18n)
    : accountDraft(n, n.facts as AccountFacts, zone, base, i18n);
  const subject = oneLine(draft.subject);
  return {
    subject,
    text: toText(draft, recipient, base, i18n),
    html: toHtml(draft, subject, recipient, base, i18n),
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
    dateFormat(DEFAULT_LOCALE, { timeZone });
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
  { t, dateTime, range }: I18n,
): Draft {
  const isTeacher = n.user_id === f.teacher.id;
  const other: PersonFacts = isTeacher ? f.student : f.teacher;
  const name = other.name;
  const start = new Date(f.start_at);
  const when = range(start, new Date(f.end_at), zone);
  const day = dateTime(start, zone);
  const link = { href: `${base}/bookings/${f.booking_id}`, label: "" };
  const reason = f.reason ? [t("email.reason", { reason: f.reason })] : [];
  const room = t("email.roomOpens", { count: JOIN_WINDOW_MINUTES });
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
        ? draft(t("email.booked.subject", { name, day }), [
          t("email.booked.body", { name, when }),
          room,
        ], t("email.link.openBooking"))
        : draft(t("email.requested.subject", { name, day }), [
          t("email.requested.body", { name, when }),
          t("email.requested.answer"),
        ], t("email.link.answerRequest"));
    case "booking_confirmed":
      return draft(t("email.confirmed.subject", { name, day }), [
        t("email.confirmed.body", { name, when }),
        room,
      ], t("email.link.openBooking"));
    case "booking_declined":
      return draft(t("email.declined.subject", { name }), [
        t("email.declined.body", { name, when }),
        ...reason,
      ], t("email.link.seeBooking"));
    case "booking_cancelled": {
      const actor = f.actor_id === f.teacher.id
        ? f.teacher
        : f.actor_id === f.student.id
        ? f.student
        : null;
      return draft(t("email.cancelled.subject", { name, day }), [
        actor && actor.id !== n.user_id
          ? t("email.cancelled.byOther", { actor: actor.name, when })
          : t("email.cancelled.body", { name, when }),
        ...reason,
      ], t("email.link.seeBooking"));
    }
    case "booking_expired":
      return draft(t("email.expired.subject", { name, day }), [
        isTeacher
          ? t("email.expired.toTeacher", { name, when })
          : t("email.expired.toStudent", { name, when }),
      ], t("email.link.seeBooking"));
    case "booking_rescheduled":
      return draft(t("email.rescheduled.subject", { name, day }), [
        t("email.rescheduled.body", { name, when }),
        ...(f.previous_start_at
          ? [
            t("email.rescheduled.before", {
              day: dateTime(new Date(f.previous_start_at), zone),
            }),
          ]
          : []),
      ], t("email.link.openBooking"));
    case "reschedule_proposed": {
      const proposed = f.proposed_start_at && f.proposed_end_at
        ? range(
          new Date(f.proposed_start_at),
          new Date(f.proposed_end_at),
          zone,
        )
        : t("email.anotherTime");
      return draft(t("email.proposed.subject", { name, day }), [
        t("email.proposed.body", { name, when, proposed }),
        t("email.proposed.answer"),
      ], t("email.link.answerProposal"));
    }
    case "reschedule_declined": {
      const proposed = f.proposed_start_at
        ? dateTime(new Date(f.proposed_start_at), zone)
        : t("email.anotherTime");
      return draft(t("email.proposalDeclined.subject", { name, day }), [
        t("email.proposalDeclined.body", { name, when, proposed }),
      ], t("email.link.openBooking"));
    }
    case "dispute_resolved": {
      const outcome = OUTCOME_WORDS[f.status];
      return draft(t("email.disputeResolved.subject", { name, day }), [
        t("email.disputeResolved.body", {
          name,
          when,
          outcome: outcome ? t(outcome) : f.status,
        }),
        ...(f.reason ? [t("email.note", { note: f.reason })] : []),
      ], t("email.link.seeBooking"));
    }
    case "reminder": {
      const lead = leadTime(f.minutes_before, t);
      return f.status === "pending" && isTeacher
        ? draft(t("email.unanswered.subject", { name, day }), [
          t("email.unanswered.body", { name, when, lead }),
        ], t("email.link.answerRequest"))
        : draft(t("email.reminder.subject", { name, lead }), [
          t("email.reminder.body", { name, when, lead }),
          room,
        ], t("email.link.openBooking"));
    }
    case "peer_waiting":
      return draft(t("email.peerWaiting.subject", { name }), [
        t("email.peerWaiting.body", { name, when }),
      ], t("email.link.joinLesson"));
    default:
      return draft(t("email.changed.subject", { name }), [
        t("email.changed.body", { name, when }),
      ], t("email.link.openBooking"));
  }
}

// A settled outcome in the words of a sentence.
const OUTCOME_WORDS: Record<string, MessageKey> = {
  completed: "email.outcome.completed",
  no_show: "email.outcome.noShow",
  technical_failure: "email.outcome.technicalFailure",
  cancelled: "email.outcome.cancelled",
};

// "in 24 hours", "in 15 minutes": the locale's plural forms.
function leadTime(minutes: number | undefined, t: I18n["t"]): string {
  if (!minutes) return t("email.soon");
  return minutes % 60 === 0
    ? t("notify.inHours", { count: minutes / 60 })
    : t("notify.inMinutes", { count: minutes });
}

function accountDraft(
  n: Notification,
  f: AccountFacts,
  zone: string,
  base: string,
  { t, dateTime }: I18n,
): Draft {
  // Only a path on our own origin: never another host or scheme.
  const path = ownPath(f.link_path);
  const until = f.expires_at
    ? t("email.linkOnceUntil", {
      time: dateTime(new Date(f.expires_at), zone),
      zone,
    })
    : t("email.linkOnce");
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
      t("email.reset.subject"),
      [t("email.reset.body"), until, t("email.reset.ignore")],
      `${base}${path ?? "/forgot-password"}`,
      t("email.reset.link"),
    );
  }
  // The notice to the old address (`notice`, set by lib/auth/profile.ts)
  // links to the account page; the confirmation carries the token's link.
  const notice = (f as Partial<EmailChangeFacts>).notice === true;
  if (path && !notice) {
    return draft(
      t("email.confirmAddress.subject"),
      [
        t("email.confirmAddress.body", {
          address: f.new_email ?? t("email.confirmAddress.thisAddress"),
        }),
        until,
        t("email.confirmAddress.ignore"),
      ],
      `${base}${path}`,
      t("email.confirmAddress.link"),
    );
  }
  return draft(
    t("email.addressChanging.subject"),
    [
      t("email.addressChanging.body", {
        address: f.new_email ?? t("email.addressChanging.anotherAddress"),
      }),
      t("email.addressChanging.advice"),
    ],
    `${base}/account`,
    t("email.addressChanging.link"),
  );
}

function toText(
  draft: Draft,
  recipient: Recipient,
  base: string,
  { t }: I18n,
): string {
  const lines = [
    t("email.greeting", { name: recipient.username }),
    ...draft.paragraphs,
    t("email.linkLine", { label: draft.link.label, href: draft.link.href }),
    t("email.signature"),
  ];
  if (draft.preferences) {
    lines.push(
      t("email.preferencesLine", { href: `${base}/account/notifications` }),
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
  { t, locale }: I18n,
): string {
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const small = (html: string) =>
    `<p style="color:#64748b;font-size:12px">${html}</p>`;
  const signature = escapeHtml(t("email.signature"));
  const footer = draft.preferences
    ? small(
      `${signature} · <a href="${
        escapeHtml(`${base}/account/notifications`)
      }">${escapeHtml(t("email.preferences"))}</a>`,
    )
    : small(signature);
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${
      escapeHtml(subject)
    }</title></head>`,
    '<body style="font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5">',
    p(t("email.greeting", { name: recipient.username })),
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
