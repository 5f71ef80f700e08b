import type { BookingStatus } from "@/lib/bookings/model.ts";

const CHOICES: [BookingStatus | null, string, string][] = [
  [null, "All", "All"],
  ["pending", "Requests", "Pending"],
  ["confirmed", "Confirmed", "Confirmed"],
  ["cancelled", "Cancelled", "Cancelled"],
  ["completed", "Completed", "Completed"],
  ["no_show", "No-show", "No-show"],
  ["technical_failure", "Technical failure", "Technical failure"],
];

/** The label of a status in the filter, as a teacher or student reads it. */
export function filterLabel(status: BookingStatus, teacher: boolean): string {
  const choice = CHOICES.find(([s]) => s === status)!;
  return teacher ? choice[1] : choice[2];
}

/** Links that filter the booking list by status (plain links: no script). */
export function StatusFilter(
  { current, teacher }: { current: BookingStatus | null; teacher: boolean },
) {
  return (
    <nav aria-label="Filter by status" class="mt-4">
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
                {teacher ? teacherLabel : studentLabel}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
