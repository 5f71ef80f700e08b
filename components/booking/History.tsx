import type { Booking } from "@/lib/bookings/model.ts";
import type { BookingEvent } from "@/lib/bookings/history.ts";
import { formatDateTime, formatRange } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

const WHAT: Record<string, string> = {
  imported: "Booking recorded",
  requested: "Requested the lesson",
  confirmed: "Confirmed the lesson",
  declined: "Declined the request",
  cancelled: "Cancelled the lesson",
  expired: "The request expired unanswered",
  completed: "The lesson took place",
  no_show: "Marked as a no-show",
  technical_failure: "The call never connected",
  reschedule_proposed: "Proposed a new time",
  reschedule_accepted: "Accepted the new time",
  reschedule_declined: "Declined the new time",
  reschedule_expired: "The proposal to move the lesson expired",
  disputed: "Disputed the outcome",
  dispute_resolved: "The dispute was resolved",
  outcome_set: "The outcome was set",
};

/** A booking's history, oldest first: who did what, when. */
export function History({ booking, events, viewerId, timeZone }: {
  booking: Booking;
  events: BookingEvent[];
  viewerId: string;
  timeZone: string;
}) {
  const { locale } = useI18n();
  const nameOf = (id: string | null) =>
    id === null
      ? "Talkroom"
      : id === viewerId
      ? "You"
      : id === booking.student_id
      ? booking.student.username
      : id === booking.teacher_id
      ? booking.teacher.username
      : "An administrator";
  return (
    <section
      aria-labelledby="history-title"
      class="rounded-card border border-line bg-white px-4 py-4 sm:px-6"
      data-booking-history
    >
      <h2 id="history-title" class="text-heading font-semibold">History</h2>
      {events.length === 0
        ? <p class="mt-2 text-small text-muted">Nothing has happened yet.</p>
        : (
          <ol class="mt-2 space-y-2">
            {events.map((e) => (
              <li
                key={e.id}
                class="text-small"
                data-event-kind={e.kind}
              >
                <time
                  class="text-muted"
                  dateTime={new Date(e.at).toISOString()}
                >
                  {formatDateTime(new Date(e.at), timeZone, locale)}
                </time>{" "}
                <span class="font-medium">{nameOf(e.actor_id)}</span>
                {": "}
                {WHAT[e.kind] ?? e.kind}
                <Detail event={e} timeZone={timeZone} />
              </li>
            ))}
          </ol>
        )}
    </section>
  );
}

function Detail(
  { event, timeZone }: { event: BookingEvent; timeZone: string },
) {
  const { locale } = useI18n();
  const d = event.details ?? {};
  const parts: string[] = [];
  if (
    event.kind.startsWith("reschedule_") && typeof d.start_at === "string" &&
    typeof d.end_at === "string"
  ) {
    parts.push(
      `to ${
        formatRange(new Date(d.start_at), new Date(d.end_at), timeZone, locale)
      }`,
    );
  } else if (
    event.kind.startsWith("reschedule_") && typeof d.start_at === "string"
  ) {
    parts.push(`to ${formatDateTime(new Date(d.start_at), timeZone, locale)}`);
  }
  if (d.late_cancellation === true) parts.push("late cancellation");
  if (typeof d.reason === "string" && event.kind !== "expired") {
    parts.push(`“${d.reason}”`);
  }
  if (parts.length === 0) return null;
  return <span class="text-slate-700">{` — ${parts.join(", ")}`}</span>;
}
