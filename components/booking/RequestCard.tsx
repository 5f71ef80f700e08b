import { BUTTON } from "@/components/ui/Button.tsx";
import type { User } from "@/lib/auth/users.ts";
import type { Booking, BookingStatus } from "@/lib/bookings/model.ts";
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
  const { t, range } = useI18n();
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
      class="flex h-full flex-col rounded-card border border-warning-200 bg-warning-50 p-4 shadow-sm"
      data-booking-id={booking.id}
      data-request
    >
      <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
        <StatusBadge status={booking.status} />
        <p class="text-small text-slate-700">
          {range(booking.start_at, booking.end_at, viewer.time_zone)}
        </p>
      </div>
      <h3 class="mt-2 text-heading font-semibold break-words">
        <a class="hover:underline" href={href}>
          {isTeacher
            ? t("booking.request.asks", { name: booking.student.username })
            : t("booking.with", { name: booking.teacher.username })}
        </a>
      </h3>
      {booking.notes && (
        <p class="mt-1 text-small text-slate-700 whitespace-pre-line break-words">
          {booking.notes}
        </p>
      )}
      {isTeacher
        ? (
          <div class="mt-3 flex flex-wrap items-start gap-x-4 gap-y-2 border-t border-warning-200 pt-3">
            <form method="post" action="/bookings">
              {hidden("confirm")}
              <button
                type="submit"
                class={BUTTON.primary}
                aria-label={t("booking.request.confirmLabel", {
                  name: booking.student.username,
                })}
              >
                {t("booking.request.confirm")}
              </button>
            </form>
            <details class="group">
              <summary class="flex min-h-[44px] cursor-pointer items-center text-small text-slate-700 underline">
                {t("booking.request.decline")}
              </summary>
              <form
                method="post"
                action="/bookings"
                class="mt-2 space-y-2 rounded-control border border-line bg-white p-3"
              >
                {hidden("decline")}
                <label
                  for={reasonId}
                  class="block text-small font-medium text-ink"
                >
                  {t("booking.request.reason", {
                    name: booking.student.username,
                  })}
                </label>
                <textarea
                  id={reasonId}
                  name="reason"
                  rows={2}
                  maxLength={REASON_MAX_LENGTH}
                  class="block w-full rounded-control border border-field px-3 py-2 text-body shadow-sm focus:border-brand-700"
                />
                <button
                  type="submit"
                  class={BUTTON.secondary}
                >
                  {t("booking.request.declineSubmit")}
                </button>
              </form>
            </details>
            <a
              class="ml-auto self-center text-small text-brand-700 underline"
              href={href}
            >
              {t("booking.details")}
            </a>
          </div>
        )
        : (
          <div class="mt-3 flex flex-wrap items-center gap-3 border-t border-warning-200 pt-3">
            <p class="text-small text-slate-700">
              {t("booking.request.waiting", {
                name: booking.teacher.username,
              })}
            </p>
            <a class="ml-auto text-small text-brand-700 underline" href={href}>
              {t("booking.details")}
            </a>
          </div>
        )}
    </article>
  );
}
