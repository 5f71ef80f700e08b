import { BUTTON } from "@/components/ui/Button.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { photoUrl, SHORT_LIST } from "@/components/teacher/Profile.tsx";
import type { TeacherCard } from "@/lib/profiles/discovery.ts";
import { formatDateTime, formatList } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** What the discovery page was asked for. */
export interface TeacherFilters {
  q: string;
  language: string;
  /** Only teachers free in the coming 7 days. */
  free: boolean;
  sort: "soonest" | "name";
}

/** The search form: a GET form, so it works without script. */
export function TeacherSearchForm(
  { q, language, free, sort, languages }: TeacherFilters & {
    languages: string[];
  },
) {
  const { t } = useI18n();
  return (
    <form
      method="get"
      action="/teachers"
      role="search"
      class="mt-4 flex flex-wrap items-end gap-3"
    >
      <div class="space-y-1">
        <label for="search-q" class="block text-small font-medium text-ink">
          {t("teachers.search.q")}
        </label>
        <input
          id="search-q"
          name="q"
          type="search"
          value={q}
          maxLength={100}
          class="w-56 rounded-control border border-field px-3 py-2"
        />
      </div>
      <div class="space-y-1">
        <label
          for="search-language"
          class="block text-small font-medium text-ink"
        >
          {t("teachers.search.language")}
        </label>
        <select
          id="search-language"
          name="language"
          class="block min-h-[44px] rounded-control border border-field bg-white px-3 py-2 text-body"
        >
          <option value="">{t("teachers.search.anyLanguage")}</option>
          {languages.map((l) => (
            <option
              key={l}
              value={l}
              selected={l.toLowerCase() === language.toLowerCase()}
            >
              {l}
            </option>
          ))}
        </select>
      </div>
      <div class="space-y-1">
        <label
          for="search-sort"
          class="block text-small font-medium text-ink"
        >
          {t("teachers.search.sort")}
        </label>
        <select
          id="search-sort"
          name="sort"
          class="block min-h-[44px] rounded-control border border-field bg-white px-3 py-2 text-body"
        >
          <option value="soonest" selected={sort === "soonest"}>
            {t("teachers.search.soonest")}
          </option>
          <option value="name" selected={sort === "name"}>
            {t("teachers.search.name")}
          </option>
        </select>
      </div>
      <label class="flex items-center gap-2 py-2 text-small font-medium text-ink">
        <input
          type="checkbox"
          name="free"
          value="1"
          checked={free}
          class="h-4 w-4"
        />
        {t("teachers.search.free")}
      </label>
      <button
        type="submit"
        class={BUTTON.primary}
      >
        {t("teachers.search.submit")}
      </button>
    </form>
  );
}

/** Found teachers as cards linking to their pages. */
export function TeacherCards({ teachers, timeZone }: {
  teachers: TeacherCard[];
  /** The viewer's, for the next free times. */
  timeZone: string;
}) {
  const { locale, t } = useI18n();
  const list = (items: string[]) => formatList(items, locale, SHORT_LIST);
  if (teachers.length === 0) {
    return (
      <div class="mt-6">
        <EmptyState icon="search">
          {t("teachers.none")}
        </EmptyState>
      </div>
    );
  }
  return (
    <ul class="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {teachers.map((teacher) => (
        <li key={teacher.id}>
          <a
            href={`/teachers/${teacher.id}`}
            class="flex h-full gap-3 rounded-card border border-line bg-white p-4 shadow-sm hover:border-brand-200 hover:shadow"
          >
            {teacher.photo_small && (
              <img
                src={photoUrl(teacher.photo_small)}
                alt=""
                width={48}
                height={48}
                class="h-12 w-12 shrink-0 rounded-full object-cover"
              />
            )}
            <div class="min-w-0">
              <p
                class="text-heading font-semibold break-words text-ink"
                data-teacher-name
              >
                {teacher.username}
              </p>
              {teacher.headline && (
                <p class="mt-1 text-small text-slate-700 break-words">
                  {teacher.headline}
                </p>
              )}
              {teacher.subjects.length > 0 && (
                <p class="mt-1 text-small text-muted">
                  {t("teachers.card.teaches", {
                    subjects: list(teacher.subjects),
                  })}
                </p>
              )}
              {teacher.languages.length > 0 && (
                <p class="mt-1 text-small text-muted">
                  {t("teachers.card.speaks", {
                    languages: list(teacher.languages),
                  })}
                </p>
              )}
              <p class="mt-1 text-small text-slate-700">
                {teacher.next_free_at
                  ? t("teachers.card.nextFree", {
                    when: formatDateTime(
                      teacher.next_free_at,
                      timeZone,
                      locale,
                    ),
                  })
                  : t("teachers.card.noneFree")}
              </p>
            </div>
          </a>
        </li>
      ))}
    </ul>
  );
}
