// Calendar objects for lessons (RFC 5545, methods per RFC 5546): the invite
// an e-mail carries (REQUEST or CANCEL) and the published calendars of the
// "Add to calendar" download and the private feed (PUBLISH). Hand-written:
// the format is small, and every line here is one the tests parse back.
import type {
  BookingFacts,
  NotificationKind,
  PersonFacts,
} from "@/lib/notifications/model.ts";
import {
  escapeText,
  joinLines,
  paramValue,
  uriValue,
  utcDateTime,
} from "@/lib/calendar/_lines.ts";
import { translate } from "@/lib/i18n/messages.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";

/** The iTIP method of an invite: a new or changed lesson, or a cancelled one. */
export type InviteMethod = "REQUEST" | "CANCEL";

/** Booking statuses that take the event off the calendar. */
const CANCELLED_STATUSES = ["cancelled", "declined", "expired"];

const INVITE_METHODS: Partial<Record<NotificationKind, InviteMethod>> = {
  booking_requested: "REQUEST",
  booking_confirmed: "REQUEST",
  booking_rescheduled: "REQUEST",
  reminder: "REQUEST",
  peer_waiting: "REQUEST",
  booking_declined: "CANCEL",
  booking_cancelled: "CANCEL",
  booking_expired: "CANCEL",
};

/**
 * The method of the invite a notification of this kind carries: REQUEST for
 * a lesson that takes place (new, confirmed, moved, reminded), CANCEL for one
 * that does not any more (cancelled, declined, expired), null for account
 * mail, which has no invite.
 */
export function inviteMethod(kind: NotificationKind): InviteMethod | null {
  return INVITE_METHODS[kind] ?? null;
}

/** The booking's page, which the invite links to. */
export function bookingUrl(bookingId: string, origin: string): string {
  return `${new URL(origin).origin}/bookings/${bookingId}`;
}

/** The event's UID: the same for the booking's whole life. */
export function bookingUid(bookingId: string, origin: string): string {
  return `${bookingId}@${new URL(origin).host}`;
}

/** What an event's text is made of: ids, times, status and names only. */
export interface LessonText
  extends
    Pick<BookingFacts, "booking_id" | "start_at" | "end_at" | "status">,
    Partial<Pick<BookingFacts, "reason">> {
  teacher: { name: string };
  student: { name: string };
}

/** The event's title, the same for both participants, in `locale`'s language. */
export function lessonSummary(
  facts: LessonText,
  locale: string = DEFAULT_LOCALE,
): string {
  return translate(locale, "invite.summary", {
    teacher: facts.teacher.name,
    student: facts.student.name,
  });
}

/**
 * The event's description in `locale`'s language: who, the booking link,
 * and a cancel reason.
 */
export function lessonDescription(
  facts: LessonText,
  origin: string,
  locale: string = DEFAULT_LOCALE,
): string {
  const lines = [
    translate(locale, "invite.who", {
      student: facts.student.name,
      teacher: facts.teacher.name,
    }),
    translate(locale, "invite.link", {
      url: bookingUrl(facts.booking_id, origin),
    }),
  ];
  if (isCancelled(facts) && facts.reason) {
    lines.push(translate(locale, "invite.reason", { reason: facts.reason }));
  }
  return lines.join("\n");
}

function isCancelled(facts: { status: string }): boolean {
  return CANCELLED_STATUSES.includes(facts.status);
}

function person(name: "ORGANIZER" | "ATTENDEE", p: PersonFacts, params = "") {
  return `${name};CN=${paramValue(p.name)}${params}:mailto:${
    uriValue(p.email)
  }`;
}

/** One VEVENT; `invite` adds the attendee (an invite names its guests). */
function eventLines(
  facts: BookingFacts,
  origin: string,
  now: Date,
  { cancelled, invite, locale }: {
    cancelled: boolean;
    invite: boolean;
    locale: string;
  },
): string[] {
  const url = bookingUrl(facts.booking_id, origin);
  const status = cancelled
    ? "CANCELLED"
    : facts.status === "pending"
    ? "TENTATIVE"
    : "CONFIRMED";
  const lines = [
    "BEGIN:VEVENT",
    `UID:${bookingUid(facts.booking_id, origin)}`,
    `SEQUENCE:${facts.sequence}`,
    `DTSTAMP:${utcDateTime(now)}`,
    `DTSTART:${utcDateTime(facts.start_at)}`,
    `DTEND:${utcDateTime(facts.end_at)}`,
    `SUMMARY:${escapeText(lessonSummary(facts, locale))}`,
    `DESCRIPTION:${escapeText(lessonDescription(facts, origin, locale))}`,
    `URL:${uriValue(url)}`,
    `LOCATION:${escapeText(url)}`,
    `STATUS:${status}`,
    `TRANSP:${cancelled ? "TRANSPARENT" : "OPAQUE"}`,
    person("ORGANIZER", facts.teacher),
  ];
  if (invite) {
    // The student asked for the lesson, so they have accepted it.
    lines.push(
      person(
        "ATTENDEE",
        facts.student,
        ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE",
      ),
    );
  }
  lines.push("END:VEVENT");
  return lines;
}

function calendar(method: string, events: string[], extra: string[] = []) {
  return joinLines([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Talkroom//EN",
    "CALSCALE:GREGORIAN",
    `METHOD:${method}`,
    ...extra,
    ...events,
    "END:VCALENDAR",
  ]);
}

/**
 * The invite for one change of a booking: a VCALENDAR with one VEVENT whose
 * UID is stable per booking and whose SEQUENCE is `facts.sequence`, times in
 * UTC, the teacher as organizer and the student as attendee, and the
 * booking's link. CANCEL marks the event cancelled. Its title and
 * description are in the language of `locale`, the recipient's.
 */
export function bookingInvite(
  facts: BookingFacts,
  method: InviteMethod,
  origin: string,
  now: Date = new Date(),
  locale: string = DEFAULT_LOCALE,
): string {
  const cancelled = method === "CANCEL" || isCancelled(facts);
  return calendar(
    method,
    eventLines(facts, origin, now, { cancelled, invite: true, locale }),
  );
}

/**
 * A published calendar (METHOD:PUBLISH) of these bookings, one VEVENT each
 * with its own UID and SEQUENCE, cancelled ones as STATUS:CANCELLED so that
 * a subscribed calendar drops them. Without attendees, as RFC 5546 wants for
 * PUBLISH. `name` titles a subscribed feed; the events' texts are in the
 * language of `locale` (the reader's).
 */
export function bookingsCalendar(
  bookings: BookingFacts[],
  origin: string,
  { now = new Date(), name, locale = DEFAULT_LOCALE }: {
    now?: Date;
    name?: string;
    locale?: string;
  } = {},
): string {
  const extra = name
    ? [
      `X-WR-CALNAME:${escapeText(name)}`,
      // Hints for subscribers: look again every hour.
      "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
      "X-PUBLISHED-TTL:PT1H",
    ]
    : [];
  const events = bookings.flatMap((facts) =>
    eventLines(facts, origin, now, {
      cancelled: isCancelled(facts),
      invite: false,
      locale,
    })
  );
  return calendar("PUBLISH", events, extra);
}
