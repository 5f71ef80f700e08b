import type { Booking } from "@/lib/bookings/model.ts";
import type { BookableTime } from "@/lib/availability/compute.ts";
import { dateFormat, toLocalInputValue } from "@/lib/format.ts";
import { Field, SubmitButton } from "@/components/Form.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

/**
 * The form to propose a new time: the student chooses one of the teacher's
 * free times (a week at a time, by links); the teacher types any date and
 * time in their own time zone.
 */
export function RescheduleForm(
  { booking, isStudent, times, week, maxWeek, timeZone, values, fields }: {
    booking: Booking;
    isStudent: boolean;
    times: BookableTime[] | null;
    week: number;
    maxWeek: number;
    timeZone: string;
    values: Record<string, string>;
    fields: Record<string, string>;
  },
) {
  const { t } = useI18n();
  const base = `/bookings/${booking.id}/reschedule`;
  return (
    <form
      method="post"
      action={base}
      class="mt-6 space-y-4 rounded-card border border-line bg-white p-4"
    >
      <input type="hidden" name="action" value="propose" />
      {isStudent
        ? (
          <StudentChoice
            times={times ?? []}
            timeZone={timeZone}
            chosen={values.start_at ?? ""}
            error={fields.start_at}
          />
        )
        : (
          <Field
            label={t("booking.reschedule.newStart", { zone: timeZone })}
            name="local_start"
            type="datetime-local"
            value={values.local_start ??
              toLocalInputValue(booking.start_at, timeZone)}
            error={fields.local_start ?? fields.start_at}
            hint={t("booking.reschedule.newStartHint")}
            required
          />
        )}
      <div class="flex flex-wrap items-center gap-3">
        <SubmitButton>{t("booking.reschedule.submit")}</SubmitButton>
        {isStudent && (
          <nav
            aria-label={t("booking.reschedule.weeks")}
            class="flex gap-3 text-small"
          >
            {week > 0 && (
              <a
                class="text-brand-700 underline"
                href={`${base}?week=${week - 1}`}
              >
                {t("booking.reschedule.earlier")}
              </a>
            )}
            {week < maxWeek && (
              <a
                class="text-brand-700 underline"
                href={`${base}?week=${week + 1}`}
              >
                {t("booking.reschedule.later")}
              </a>
            )}
          </nav>
        )}
      </div>
    </form>
  );
}

function StudentChoice({ times, timeZone, chosen, error }: {
  times: BookableTime[];
  timeZone: string;
  chosen: string;
  error?: string;
}) {
  const { t, locale, time } = useI18n();
  const day = dateFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone,
  });
  const byDay = new Map<string, BookableTime[]>();
  for (const free of times) {
    const key = day.format(free.start_at);
    byDay.set(key, [...(byDay.get(key) ?? []), free]);
  }
  return (
    <fieldset>
      <legend class="font-medium">
        {t("booking.reschedule.freeTimes", { zone: timeZone })}
      </legend>
      {error && <p class="mt-1 text-small text-danger-700">{error}</p>}
      {times.length === 0 && (
        <p class="mt-2 text-small text-muted">
          {t("booking.reschedule.noFreeTimes")}
        </p>
      )}
      <div class="mt-2 space-y-3">
        {[...byDay].map(([label, list]) => (
          <div key={label}>
            <p class="text-small font-medium text-slate-700">{label}</p>
            <div class="mt-1 flex flex-wrap gap-2">
              {list.map((free) => {
                const iso = free.start_at.toISOString();
                return (
                  <label
                    key={iso}
                    class="inline-flex items-center gap-1 rounded-control border border-field px-2 py-1 text-small"
                  >
                    <input
                      type="radio"
                      name="start_at"
                      value={iso}
                      checked={chosen === iso}
                      required
                    />
                    {time(free.start_at, timeZone)}
                  </label>
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
