// The other participant's clock: their zone, their time now and the
// lesson's time for them (as of rendering; the page ships no script).
import { useI18n } from "@/lib/i18n/i18n.ts";

/** What it is o'clock for the other participant, and when the lesson is for them. */
export function ParticipantTime({ name, zone, viewerZone, start, end, now }: {
  name: string;
  /** Their IANA zone. */
  zone: string;
  viewerZone: string;
  start: Date;
  end: Date;
  now: Date;
}) {
  const { t, time, range } = useI18n();
  if (zone === viewerZone) {
    return (
      <span data-participant-zone={zone}>
        {t("participantTime.sameZone", { name, zone })}
      </span>
    );
  }
  return (
    <span data-participant-zone={zone}>
      <span class="block">
        {t("participantTime.now", { name, zone, time: time(now, zone) })}
      </span>
      <span class="block text-slate-700">
        {t("participantTime.lesson", { time: range(start, end, zone) })}
      </span>
    </span>
  );
}
