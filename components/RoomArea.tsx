import type { BookingStatus } from "@/lib/bookings/model.ts";
import type { RoomState } from "@/lib/bookings/room.ts";
import { JOIN_WINDOW_MINUTES } from "@/lib/bookings/model.ts";
import { dateFormat, formatTime } from "@/lib/format.ts";
import type { ComponentProps } from "preact";
import CallRoom from "@/islands/CallRoom.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale.ts";
import { translate } from "@/lib/i18n/messages.ts";
import { type RoomKey, roomTexts } from "@/lib/i18n/room_texts.ts";

const dayKey = (date: Date, timeZone: string) =>
  dateFormat("en-CA", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    timeZone,
  }).format(date);

/**
 * When the room opens, as a viewer in `timeZone` reads it: "at 18:20" today,
 * "at 18:20 on Thu 26 Nov" on another day.
 */
export function formatOpening(
  opensAt: Date,
  timeZone: string,
  now: Date,
  locale: string = DEFAULT_LOCALE,
): string {
  const time = formatTime(opensAt, timeZone, locale);
  if (dayKey(opensAt, timeZone) === dayKey(now, timeZone)) {
    return translate(locale, "room.opensToday", { time });
  }
  const day = dateFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone,
  }).format(opensAt);
  return translate(locale, "room.opensOn", { time, day });
}

const CLOSED_TEXT: Partial<Record<BookingStatus, RoomKey>> = {
  cancelled: "room.closedCancelled",
};

interface RoomAreaProps {
  room: RoomState;
  timeZone: string;
  now: Date;
  /**
   * The call island's props, given while the room is open; its messages are
   * added here, in the viewer's language.
   */
  call?: Omit<ComponentProps<typeof CallRoom>, "texts" | "locale">;
}

/**
 * The call room of a booking page. While the room is open it holds the call
 * island; otherwise it says when the room opens or that it has ended.
 */
export function RoomArea({ room, timeZone, now, call }: RoomAreaProps) {
  const { locale, t } = useI18n();
  return (
    <section
      id="room"
      data-room-state={room.state}
      aria-labelledby="room-title"
      class={`rounded-card border p-4 sm:p-6 ${
        room.state === "open"
          ? "border-success-200 bg-success-50"
          : "border-line bg-white"
      }`}
    >
      <h2 id="room-title" class="text-heading font-semibold">
        {t("room.title")}
      </h2>
      {room.state === "not_yet" && (
        <p class="mt-2 text-slate-700">
          {t("room.notYet", {
            when: formatOpening(room.opensAt, timeZone, now, locale),
            count: JOIN_WINDOW_MINUTES,
          })}
        </p>
      )}
      {room.state === "open" && (
        <>
          <p class="mt-2 font-medium text-success-800">{t("room.isOpen")}</p>
          <p class="text-small text-success-800">
            {t("room.until", {
              time: formatTime(room.closesAt, timeZone, locale),
            })}
          </p>
          {call && (
            <div class="mt-4">
              <CallRoom {...call} texts={roomTexts(locale)} locale={locale} />
            </div>
          )}
        </>
      )}
      {room.state === "ended" && (
        <p class="mt-2 text-slate-700">{t("room.ended")}</p>
      )}
      {room.state === "closed" && (
        <p class="mt-2 text-slate-700">
          {t(CLOSED_TEXT[room.reason] ?? "room.closed")}
        </p>
      )}
    </section>
  );
}
