import type { User } from "@/lib/auth/users.ts";
import type { Booking, BookingStatus } from "@/lib/bookings/model.ts";
import { formatRange } from "@/lib/format.ts";
import { StatusBadge } from "@/components/StatusBadge.tsx";
import { REASON_MAX_LENGTH } from "@/lib/limits.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface RequestCardProps {
  booking: Booking;
  /** The signed-in user: times are in their zone. */
  viewer: User;
  /** The list's status filter, to come back to after answering. */
  filter?: BookingStatus;
}

/**
 * A pending booking in the list. Its teacher answers in place: Confirm is a
 * one-button form; Decline is a quiet link that opens a confirmation step
 * (an optional reason and the button), with no script. Its student sees who
 * it waits for.
 */
export function RequestCard({ booking, viewer, filter }: RequestCardProps) {
  const { locale } = useI18n();
  const isTeacher = booking.teacher_id === viewer.id;
  const href = `/bookings/${booking.id}`;
  const hidden = (action: "confirm" | "decline") => (
    <>
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="booking_id" value={booking.id} />
      {filter && <input type="hidden" name="status" value={filter} />}
    </>
  );
  const reasonId = `decline-reason-${booking.id}`;
  return (
    <article
      class="flex h-full flex-col rounded-xl border border-amber-300 bg-amber-50 p-4 shadow-sm"
      data-booking-id={booking.id}
      data-request
    >
      <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
        <StatusBadge status={booking.status} />
        <p class="text-sm text-slate-700">
          {formatRange(
            booking.start_at,
            booking.end_at,
            viewer.time_zone,
            locale,
          )}
        </p>
      </div>
      <h3 class="mt-2 text-lg font-semibold break-words">
        <a class="hover:underline" href={href}>
          {isTeacher
            ? `${booking.student.username} asks for a lesson`
            : `with ${booking.teacher.username}`}
        </a>
      </h3>
      {booking.notes && (
        <p class="mt-1 text-sm text-slate-700 whitespace-pre-line break-words">
          {booking.notes}
        </p>
      )}
      {isTeacher
        ? (
          <div class="mt-3 flex flex-wrap items-start gap-x-4 gap-y-2 border-t border-amber-200 pt-3">
            <form method="post" action="/bookings">
              {hidden("confirm")}
              <button
                type="submit"
                class="inline-flex min-h-[44px] items-center rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
                aria-label={`Confirm the lesson with ${booking.student.username}`}
              >
                Confirm
              </button>
            </form>
            <details class="group">
              <summary class="flex min-h-[44px] cursor-pointer items-center text-sm text-slate-700 underline">
                Decline…
              </summary>
              <form
                method="post"
                action="/bookings"
                class="mt-2 space-y-2 rounded-md border border-slate-200 bg-white p-3"
              >
                {hidden("decline")}
                <label
                  for={reasonId}
                  class="block text-sm font-medium text-slate-800"
                >
                  Reason (optional, shown to {booking.student.username})
                </label>
                <textarea
                  id={reasonId}
                  name="reason"
                  rows={2}
                  maxLength={REASON_MAX_LENGTH}
                  class="block w-full rounded-md border border-slate-300 px-3 py-2 text-base shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
                />
                <button
                  type="submit"
                  class="inline-flex min-h-[44px] items-center rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
                >
                  Decline request
                </button>
              </form>
            </details>
            <a
              class="ml-auto self-center text-sm text-indigo-700 underline"
              href={href}
            >
              Details
            </a>
          </div>
        )
        : (
          <div class="mt-3 flex flex-wrap items-center gap-3 border-t border-amber-200 pt-3">
            <p class="text-sm text-slate-700">
              Waiting for {booking.teacher.username} to confirm
            </p>
            <a class="ml-auto text-sm text-indigo-700 underline" href={href}>
              Details
            </a>
          </div>
        )}
    </article>
  );
}
