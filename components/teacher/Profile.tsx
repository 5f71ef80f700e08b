import { useI18n } from "@/lib/i18n/i18n.ts";
import type { TeacherProfile } from "@/lib/profiles/store.ts";
import { dateFormat } from "@/lib/format.ts";

/** Where a photo rendition is served (immutable, by content hash). */
export function photoUrl(hash: string): string {
  return `/photos/${hash}.jpg`;
}

const listFormats = new Map<string, Intl.ListFormat>();

/** Intl's short list ("French, German, Spanish" in English), cached per locale. */
export function shortList(locale: string): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) {
    // Locales come from request headers: the cache is bounded.
    if (listFormats.size >= 500) listFormats.clear();
    format = new Intl.ListFormat(locale, { type: "unit", style: "short" });
    listFormats.set(locale, format);
  }
  return format;
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
  const list = shortList(locale);
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
              row(t("teacher.profile.teaches"), list.format(profile.subjects))}
            {profile.languages.length > 0 &&
              row(t("teacher.profile.speaks"), list.format(profile.languages))}
            {row(
              t("teacher.profile.lessons"),
              list.format(
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
