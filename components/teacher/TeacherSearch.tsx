import { photoUrl } from "@/components/teacher/Profile.tsx";
import type { TeacherCard } from "@/lib/profiles/discovery.ts";
import { formatDateTime } from "@/lib/format.ts";

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
        <label for="search-q" class="block text-sm font-medium text-slate-800">
          Name or subject
        </label>
        <input
          id="search-q"
          name="q"
          type="search"
          value={q}
          maxLength={100}
          class="w-56 rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      <div class="space-y-1">
        <label
          for="search-language"
          class="block text-sm font-medium text-slate-800"
        >
          Speaks
        </label>
        <select
          id="search-language"
          name="language"
          class="rounded-md border border-slate-300 bg-white px-3 py-2"
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
          class="block text-sm font-medium text-slate-800"
        >
          Order
        </label>
        <select
          id="search-sort"
          name="sort"
          class="rounded-md border border-slate-300 bg-white px-3 py-2"
        >
          <option value="soonest" selected={sort === "soonest"}>
            Soonest free
          </option>
          <option value="name" selected={sort === "name"}>Name</option>
        </select>
      </div>
      <label class="flex items-center gap-2 py-2 text-sm font-medium text-slate-800">
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
        class="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
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
  if (teachers.length === 0) {
    return (
      <p class="mt-6 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
        No teacher matches. Try other words, any language or any week.
      </p>
    );
  }
  return (
    <ul class="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {teachers.map((t) => (
        <li key={t.id}>
          <a
            href={`/teachers/${t.id}`}
            class="flex h-full gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300 hover:shadow"
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
                class="text-lg font-semibold break-words text-slate-900"
                data-teacher-name
              >
                {t.username}
              </p>
              {t.headline && (
                <p class="mt-1 text-sm text-slate-700 break-words">
                  {t.headline}
                </p>
              )}
              {t.subjects.length > 0 && (
                <p class="mt-1 text-sm text-slate-600">
                  Teaches: {t.subjects.join(", ")}
                </p>
              )}
              {t.languages.length > 0 && (
                <p class="mt-1 text-sm text-slate-600">
                  Speaks: {t.languages.join(", ")}
                </p>
              )}
              <p class="mt-1 text-sm text-slate-700">
                {t.next_free_at
                  ? `Next free: ${formatDateTime(t.next_free_at, timeZone)}`
                  : "No free time in the coming weeks"}
              </p>
            </div>
          </a>
        </li>
      ))}
    </ul>
  );
}
