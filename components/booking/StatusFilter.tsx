import type { BookingStatus } from "@/lib/bookings/model.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";
import type { MessageKey } from "@/lib/i18n/messages.ts";

// Each choice: its status, and its label for a teacher and for a student.
const CHOICES: [BookingStatus | null, MessageKey, MessageKey][] = [
  [null, "booking.filter.all", "booking.filter.all"],
  ["pending", "booking.filter.requests", "booking.filter.pending"],
  ["confirmed", "booking.filter.confirmed", "booking.filter.confirmed"],
  ["cancelled", "booking.filter.cancelled", "booking.filter.cancelled"],
  ["completed", "booking.filter.completed", "booking.filter.completed"],
  ["no_show", "booking.filter.noShow", "booking.filter.noShow"],
  [
    "technical_failure",
    "booking.filter.technicalFailure",
    "booking.filter.technicalFailure",
  ],
];

/** The label of a status in the filter, as a teacher or student reads it. */
export function filterLabel(
  status: BookingStatus,
  teacher: boolean,
): MessageKey {
  const choice = CHOICES.find(([s]) => s === status)!;
  return teacher ? choice[1] : choice[2];
}

/** Links that filter the booking list by status (plain links: no script). */
export function StatusFilter(
  { current, teacher }: { current: BookingStatus | null; teacher: boolean },
) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("booking.filter.label")} class="mt-4">
      <ul class="flex flex-wrap gap-2">
        {CHOICES.map(([status, teacherLabel, studentLabel]) => {
          const active = status === current;
          return (
            <li key={status ?? "all"}>
              <a
                href={status ? `/bookings?status=${status}` : "/bookings"}
                aria-current={active ? "page" : undefined}
                data-filter={status ?? "all"}
                class={`inline-flex min-h-[36px] items-center rounded-full border px-3 text-small font-medium ${
                  active
                    ? "border-brand-700 bg-brand-700 text-white"
                    : "border-field bg-white text-ink hover:border-brand-200"
                }`}
              >
                {t(teacher ? teacherLabel : studentLabel)}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
