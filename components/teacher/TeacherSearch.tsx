import { BUTTON } from "@/components/ui/Button.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { photoUrl } from "@/components/teacher/Profile.tsx";
import type { TeacherCard } from "@/lib/profiles/discovery.ts";

/** The search form: a GET form, so it works without script. */
export function TeacherSearchForm({ q, language, languages }: {
  q: string;
  language: string;
  languages: string[];
}) {
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
          class="rounded-control border border-field bg-white px-3 py-2"
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
export function TeacherCards({ teachers }: { teachers: TeacherCard[] }) {
  if (teachers.length === 0) {
    return (
      <div class="mt-6">
        <EmptyState icon="search">
          No teacher matches. Try other words or any language.
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
              <p class="text-heading font-semibold break-words text-ink">
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
            </div>
          </a>
        </li>
      ))}
    </ul>
  );
}
