// The "Add to Google Calendar" link: Google's event template URL, filled
// from the same facts as the invite.
import {
  bookingUrl,
  lessonDescription,
  lessonSummary,
  type LessonText,
} from "@/lib/calendar/ics.ts";
import { utcDateTime } from "@/lib/calendar/_lines.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";

const TEMPLATE = "https://calendar.google.com/calendar/render";

/**
 * A link that opens Google Calendar's new-event page with the lesson filled
 * in: title, UTC start/end (`dates=20261201T100000Z/20261201T104500Z`),
 * details with the booking link, and the booking link as the location.
 * Title and details are in the language of `locale` (the viewer's).
 */
export function googleCalendarUrl(
  facts: LessonText,
  origin: string,
  locale: string = DEFAULT_LOCALE,
): string {
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: lessonSummary(facts, locale),
    dates: `${utcDateTime(facts.start_at)}/${utcDateTime(facts.end_at)}`,
    details: lessonDescription(facts, origin, locale),
    location: bookingUrl(facts.booking_id, origin),
  });
  return `${TEMPLATE}?${params}`;
}
