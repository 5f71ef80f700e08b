import type { Booking } from "@/lib/bookings/model.ts";
import { formatList } from "@/lib/format.ts";
import type { BookingEvent } from "@/lib/bookings/history.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

const WHAT: Record<string, MessageKey> = {
  imported: "booking.event.imported",
  requested: "booking.event.requested",
  confirmed: "booking.event.confirmed",
  declined: "booking.event.declined",
  cancelled: "booking.event.cancelled",
  expired: "booking.event.expired",
  completed: "booking.event.completed",
  no_show: "booking.event.noShow",
  technical_failure: "booking.event.technicalFailure",
  reschedule_proposed: "booking.event.rescheduleProposed",
  reschedule_accepted: "booking.event.rescheduleAccepted",
  reschedule_declined: "booking.event.rescheduleDeclined",
  reschedule_expired: "booking.event.rescheduleExpired",
  disputed: "booking.event.disputed",
  dispute_resolved: "booking.event.disputeResolved",
  outcome_set: "booking.event.outcomeSet",
};

/** A booking's history, oldest first: who did what, when. */
export function History({ booking, events, viewerId, timeZone }: {
  booking: Booking;
  events: BookingEvent[];
  viewerId: string;
  timeZone: string;
}) {
  const { t } = useI18n();
  const nameOf = (id: string | null) =>
    id === null
      ? t("app.name")
      : id === viewerId
      ? t("booking.you")
      : id === booking.student_id
      ? booking.student.username
      : id === booking.teacher_id
      ? booking.teacher.username
      : t("booking.history.admin");
  return (
    <section
      aria-labelledby="history-title"
      class="rounded-card border border-line bg-white px-4 py-4 sm:px-6"
      data-booking-history
    >
      <h2 id="history-title" class="text-heading font-semibold">
        {t("booking.history.title")}
      </h2>
      {events.length === 0
        ? (
          <p class="mt-2 text-small text-muted">
            {t("booking.history.empty")}
          </p>
        )
        : (
          <ol class="mt-2 space-y-2">
            {events.map((e) => (
              <Entry
                key={e.id}
                event={e}
                who={nameOf(e.actor_id)}
                timeZone={timeZone}
              />
            ))}
          </ol>
        )}
    </section>
  );
}

// One event: when, who, what, and its details.
function Entry({ event: e, who, timeZone }: {
  event: BookingEvent;
  who: string;
  timeZone: string;
}) {
  const { t, parts, dateTime } = useI18n();
  const at = new Date(e.at);
  const time = (
    <time class="text-muted" dateTime={at.toISOString()}>
      {dateTime(at, timeZone)}
    </time>
  );
  const actor = <span class="font-medium">{who}</span>;
  const what = WHAT[e.kind];
  return (
    <li class="text-small" data-event-kind={e.kind}>
      {parts("booking.history.entry", {
        time,
        who: actor,
        what: what ? t(what) : e.kind,
      })}
      <Detail event={e} timeZone={timeZone} />
    </li>
  );
}

function Detail(
  { event, timeZone }: { event: BookingEvent; timeZone: string },
) {
  const { t, locale, dateTime, range } = useI18n();
  const d = event.details ?? {};
  const items: string[] = [];
  if (
    event.kind.startsWith("reschedule_") && typeof d.start_at === "string" &&
    typeof d.end_at === "string"
  ) {
    items.push(t("booking.history.to", {
      when: range(new Date(d.start_at), new Date(d.end_at), timeZone),
    }));
  } else if (
    event.kind.startsWith("reschedule_") && typeof d.start_at === "string"
  ) {
    items.push(t("booking.history.to", {
      when: dateTime(new Date(d.start_at), timeZone),
    }));
  }
  if (d.late_cancellation === true) items.push(t("booking.history.late"));
  if (typeof d.reason === "string" && event.kind !== "expired") {
    items.push(t("booking.quoted", { text: d.reason }));
  }
  if (items.length === 0) return null;
  return (
    <span class="text-slate-700">
      {t("booking.history.details", {
        details: formatList(items, locale, { type: "unit" }),
      })}
    </span>
  );
}
