import { useI18n } from "@/lib/i18n/i18n.ts";
import type { TeacherProfile } from "@/lib/profiles/store.ts";
import { dateFormat, formatList } from "@/lib/format.ts";

/** Subjects and languages: Intl's short list ("French, German, Spanish"). */
export const SHORT_LIST = { type: "unit", style: "short" } as const;

/** Where a photo rendition is served (immutable, by content hash). */
export function photoUrl(hash: string): string {
  return `/photos/${hash}.jpg`;
}

/**
 * What a teacher says about themselves, with their lesson lengths, time
 * zone and current local time (as of rendering).
 */
export function Profile({ profile, lengths, timeZone, now = new Date() }: {
  profile: TeacherProfile;
  lengths: readonly number[];
  timeZone: string;
  now?: Date;
}) {
  const { locale, hour12, t } = useI18n();
  const localTime = dateFormat(locale, {
    weekday: "short",
    hour: hour12 ? "numeric" : "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(now);
  const list = (items: string[]) => formatList(items, locale, SHORT_LIST);
  const row = (label: string, value: string) => (
    <div class="flex flex-wrap gap-x-2">
      <dt class="text-muted">{t("teacher.profile.term", { term: label })}</dt>
      <dd class="font-medium text-ink break-words">{value}</dd>
    </div>
  );
  return (
    <section
      class="mt-3 space-y-3"
      aria-label={t("teacher.profile.label")}
      data-profile
    >
      <div class="flex items-start gap-4">
        {profile.photo_large && (
          <img
            src={photoUrl(profile.photo_large)}
            alt=""
            width={160}
            height={160}
            class="h-32 w-32 rounded-full object-cover sm:h-40 sm:w-40"
          />
        )}
        <div class="min-w-0 space-y-2">
          {profile.headline && (
            <p class="text-heading text-ink break-words" data-headline>
              {profile.headline}
            </p>
          )}
          <dl class="space-y-1 text-small">
            {profile.subjects.length > 0 &&
              row(t("teacher.profile.teaches"), list(profile.subjects))}
            {profile.languages.length > 0 &&
              row(t("teacher.profile.speaks"), list(profile.languages))}
            {row(
              t("teacher.profile.lessons"),
              list(
                lengths.map((l) => t("teacher.lengthMinutes", { count: l })),
              ),
            )}
            {row(
              t("teacher.profile.timeZone"),
              t("teacher.profile.zoneNow", { zone: timeZone, time: localTime }),
            )}
          </dl>
        </div>
      </div>
      {profile.bio && (
        <p class="whitespace-pre-line break-words text-ink" data-bio>
          {profile.bio}
        </p>
      )}
    </section>
  );
}
