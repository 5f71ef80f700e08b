// The picker's week: a column per day on wide screens, a list of the days
// with times on phones; each time a submit button of the booking form (or a
// plain chip for viewers who cannot book).
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { BookableTime } from "@/lib/availability/compute.ts";

/** One day of the week shown, with its label. */
export interface WeekDay {
  date: string;
  label: string;
  times: BookableTime[];
}

/** The week's days as a grid of times. */
export function WeekGrid(
  { days, canBook, hm, teacherHm }: {
    days: WeekDay[];
    canBook: boolean;
    /** Formats a time in the viewer's zone. */
    hm: Intl.DateTimeFormat;
    /** Formats a time in the teacher's zone, when that differs. */
    teacherHm: Intl.DateTimeFormat | null;
  },
) {
  const { t } = useI18n();
  return (
    <ol class="grid grid-cols-1 gap-3 md:grid-cols-7">
      {days.map((day) => (
        <li
          key={day.date}
          data-date={day.date}
          class={`rounded-card border border-line bg-white p-3 ${
            day.times.length === 0 ? "hidden md:block" : ""
          }`}
        >
          <h4 class="text-small font-semibold">{day.label}</h4>
          {day.times.length === 0
            ? <p class="mt-2 text-xs text-muted">{t("picker.noTimes")}</p>
            : (
              <ul class="mt-2 flex flex-wrap gap-2 md:flex-col">
                {day.times.map((time) => {
                  const iso = time.start_at.toISOString();
                  const text = (
                    <>
                      <strong>{hm.format(time.start_at)}</strong>
                      {teacherHm && (
                        <small class="block text-muted">
                          {t("picker.teacherTime", {
                            time: teacherHm.format(time.start_at),
                          })}
                        </small>
                      )}
                    </>
                  );
                  return (
                    <li
                      key={iso}
                      data-start-at={iso}
                      data-slot-id={time.slot_id ?? undefined}
                    >
                      {canBook
                        ? (
                          <button
                            type="submit"
                            name={time.slot_id ? "slot_id" : "start_at"}
                            value={time.slot_id ?? iso}
                            aria-label={t("picker.book", {
                              day: day.label,
                              // Each end formatted alone: a range may drop
                              // the visible start's "AM" (axe: the name must
                              // hold the visible text).
                              range: t("teacher.timeRange", {
                                start: hm.format(time.start_at),
                                end: hm.format(time.end_at),
                              }),
                            })}
                            class={TIME_BUTTON}
                          >
                            {text}
                          </button>
                        )
                        : <span class={TIME_CHIP}>{text}</span>}
                    </li>
                  );
                })}
              </ul>
            )}
        </li>
      ))}
    </ol>
  );
}

const TIME_BUTTON =
  "w-full rounded-control border border-brand-200 bg-brand-50 px-2 py-1 text-left text-brand-900 hover:bg-brand-100";
const TIME_CHIP = "block rounded-control border border-line px-2 py-1";
