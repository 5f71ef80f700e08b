import { BUTTON } from "@/components/ui/Button.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { photoUrl } from "@/components/teacher/Profile.tsx";
import type { TeacherCard } from "@/lib/profiles/discovery.ts";
import { formatDateTime } from "@/lib/format.ts";
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
  return (
    <form
      method="get"
      action="/teachers"
      role="search"
      class="mt-4 flex flex-wrap items-end gap-3"
    >
      <div class="space-y-1">
        <label for="search-q" class="block text-small font-medium text-ink">
          Name or subject
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
          Speaks
        </label>
        <select
          id="search-language"
          name="language"
          class="block min-h-[44px] rounded-control border border-field bg-white px-3 py-2 text-body"
        >
          <option value="">Any language</option>
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
          Order
        </label>
        <select
          id="search-sort"
          name="sort"
          class="block min-h-[44px] rounded-control border border-field bg-white px-3 py-2 text-body"
        >
          <option value="soonest" selected={sort === "soonest"}>
            Soonest free
          </option>
          <option value="name" selected={sort === "name"}>Name</option>
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
        Free this week
      </label>
      <button
        type="submit"
        class={BUTTON.primary}
      >
        Search
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
  const { locale } = useI18n();
  if (teachers.length === 0) {
    return (
      <div class="mt-6">
        <EmptyState icon="search">
          No teacher matches. Try other words, any language or any week.
        </EmptyState>
      </div>
    );
  }
  return (
    <ul class="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {teachers.map((t) => (
        <li key={t.id}>
          <a
            href={`/teachers/${t.id}`}
            class="flex h-full gap-3 rounded-card border border-line bg-white p-4 shadow-sm hover:border-brand-200 hover:shadow"
          >
            {t.photo_small && (
              <img
                src={photoUrl(t.photo_small)}
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
                {t.username}
              </p>
              {t.headline && (
                <p class="mt-1 text-small text-slate-700 break-words">
                  {t.headline}
                </p>
              )}
              {t.subjects.length > 0 && (
                <p class="mt-1 text-small text-muted">
                  Teaches: {t.subjects.join(", ")}
                </p>
              )}
              {t.languages.length > 0 && (
                <p class="mt-1 text-small text-muted">
                  Speaks: {t.languages.join(", ")}
                </p>
              )}
              <p class="mt-1 text-small text-slate-700">
                {t.next_free_at
                  ? `Next free: ${
                    formatDateTime(t.next_free_at, timeZone, locale)
                  }`
                  : "No free time in the coming weeks"}
              </p>
            </div>
          </a>
        </li>
      ))}
    </ul>
  );
}
