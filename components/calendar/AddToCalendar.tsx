import { BUTTON } from "@/components/ui/Button.tsx";
import type { Booking } from "@/lib/bookings/model.ts";
import { googleCalendarUrl } from "@/lib/calendar/google.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

const linkClass = BUTTON.secondary;

/**
 * "Add to calendar" on a booking's page: the booking's .ics file (any
 * calendar app) and a prefilled Google Calendar event.
 */
export function AddToCalendar(
  { booking: b, origin }: { booking: Booking; origin: string },
) {
  const { t } = useI18n();
  const google = googleCalendarUrl({
    booking_id: b.id,
    start_at: b.start_at.toISOString(),
    end_at: b.end_at.toISOString(),
    status: b.status,
    teacher: { name: b.teacher.username },
    student: { name: b.student.username },
  }, origin);
  return (
    <section
      aria-labelledby="add-to-calendar-title"
      class="rounded-card border border-line bg-white p-4 sm:px-6"
      data-add-to-calendar
    >
      <h2 id="add-to-calendar-title" class="text-heading font-semibold">
        {t("booking.calendar.title")}
      </h2>
      <div class="mt-3 flex flex-wrap gap-2">
        <a
          class={linkClass}
          href={`/api/bookings/${b.id}/calendar.ics`}
          download={`talkroom-lesson-${b.id}.ics`}
          data-calendar-link="ics"
        >
          {t("booking.calendar.ics")}
        </a>
        <a
          class={linkClass}
          href={google}
          target="_blank"
          rel="noopener noreferrer"
          data-calendar-link="google"
        >
          {t("booking.calendar.google")}
        </a>
      </div>
    </section>
  );
}
