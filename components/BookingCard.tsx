import { BUTTON } from "@/components/ui/Button.tsx";
import type { User } from "@/lib/auth/users.ts";
import type { Booking } from "@/lib/bookings/model.ts";
import { roomState } from "@/lib/bookings/room.ts";
import { formatRange } from "@/lib/format.ts";
import { StatusBadge } from "@/components/StatusBadge.tsx";
import { formatOpening } from "@/components/RoomArea.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface BookingCardProps {
  booking: Booking;
  /** The signed-in user: times are in their zone, the other participant is named. */
  viewer: User;
  now: Date;
}

/** One booking in a list: who with, when, status, notes and the way into the room. */
export function BookingCard({ booking, viewer, now }: BookingCardProps) {
  const { locale } = useI18n();
  const other = booking.student_id === viewer.id
    ? booking.teacher
    : booking.student;
  const room = roomState(booking, now);
  const href = `/bookings/${booking.id}`;
  const { t } = useI18n();
  return (
    <article
      class="flex h-full flex-col rounded-card border border-line bg-white p-4 shadow-sm"
      data-booking-id={booking.id}
    >
      <div class="flex-1 pb-3">
        <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
          <StatusBadge status={booking.status} />
          <p class="text-small text-muted">
            {formatRange(
              booking.start_at,
              booking.end_at,
              viewer.time_zone,
              locale,
            )}
          </p>
        </div>
        <h3 class="mt-2 text-heading font-semibold break-words">
          <a class="hover:underline" href={href}>
            {t("booking.with", { name: other.username })}
          </a>
        </h3>
        {booking.notes && (
          <p class="mt-1 text-small text-slate-700 whitespace-pre-line break-words">
            {booking.notes}
          </p>
        )}
      </div>
      <div class="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3">
        {room.state === "open"
          ? (
            <a
              href={href}
              data-join
              class={BUTTON.primary}
            >
              {t("booking.join")}
            </a>
          )
          : (
            <p class="text-small text-muted">
              {room.state === "not_yet"
                ? t("booking.roomOpens", {
                  when: formatOpening(
                    room.opensAt,
                    viewer.time_zone,
                    now,
                    locale,
                  ),
                })
                : room.state === "ended"
                ? t("booking.ended")
                : t("booking.noCall")}
            </p>
          )}
        <a class="ml-auto text-small text-brand-700 underline" href={href}>
          {t("booking.details")}
        </a>
      </div>
    </article>
  );
}
