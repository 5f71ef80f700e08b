import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import {
  listTeachersWithOpenSlots,
  type TeacherSummary,
} from "@/lib/bookings/availability.ts";
import { encodeCursor, LIST_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { pageQuerySchema } from "@/lib/bookings/schemas.ts";
import { formatDateTime } from "@/lib/format.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { parseQuery } from "@/lib/http/validate.ts";
import type { State } from "@/lib/http/api.ts";
import {
  listTeacherLanguages,
  searchTeachers,
  type TeacherCard,
} from "@/lib/profiles/discovery.ts";
import { teacherSearchQuerySchema } from "@/lib/profiles/schema.ts";
import {
  TeacherCards,
  TeacherSearchForm,
} from "@/components/teacher/TeacherSearch.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

/** A search: its terms, one page of teachers and the pager links. */
interface Search {
  q: string;
  language: string;
  teachers: TeacherCard[];
  previous: string | null;
  next: string | null;
}

interface Data {
  /** Set when searching (any of q, language, page in the query). */
  search: Search | null;
  languages: string[];
  teachers: TeacherSummary[];
  /** The link to the next page, if there is one. */
  more: string | null;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    assertSignedIn(ctx);
    const { db } = ctx.state;
    const params = ctx.url.searchParams;
    const languages = await listTeacherLanguages(db);
    if (["q", "language", "page"].some((k) => params.has(k))) {
      const query = parseQuery(ctx.url, teacherSearchQuerySchema);
      const page = query.page ?? 1;
      const found = await searchTeachers(db, { ...query, page });
      const link = (n: number) => {
        const p = new URLSearchParams();
        if (query.q) p.set("q", query.q);
        if (query.language) p.set("language", query.language);
        p.set("page", String(n));
        return `/teachers?${p}`;
      };
      return ctx.render({
        search: {
          q: query.q ?? "",
          language: query.language ?? "",
          teachers: found.items,
          previous: page > 1 ? link(page - 1) : null,
          next: found.more ? link(page + 1) : null,
        },
        languages,
        teachers: [],
        more: null,
      });
    }
    const { after } = parseQuery(ctx.url, pageQuerySchema);
    const page = await listTeachersWithOpenSlots(ctx.state.db, new Date(), {
      after,
      limit: LIST_PAGE_SIZE,
    });
    const more = page.next
      ? `/teachers?after=${encodeURIComponent(encodeCursor(page.next))}`
      : null;
    return ctx.render({ search: null, languages, teachers: page.items, more });
  },
};

export default function TeachersPage({ data, state }: PageProps<Data, State>) {
  const i18n = useI18n();
  const { locale } = i18n;
  const user = state.user!;
  return (
    <PageShell title="Find a teacher" user={user}>
      <h1 class="text-2xl font-semibold">Find a teacher</h1>
      <TeacherSearchForm
        q={data.search?.q ?? ""}
        language={data.search?.language ?? ""}
        languages={data.languages}
      />
      {data.search ? <SearchResults search={data.search} /> : (
        <>
          <p class="mt-4 text-sm text-slate-600">
            Teachers with free lesson slots, soonest first (search to see every
            teacher). Times are in your time zone, {user.time_zone}.
          </p>
          {data.teachers.length === 0
            ? (
              <p class="mt-6 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
                No teacher has free slots right now. Check again later.
              </p>
            )
            : (
              <ul class="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {data.teachers.map((t) => (
                  <li key={t.id}>
                    <a
                      href={`/teachers/${t.id}`}
                      class="block h-full rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300 hover:shadow"
                    >
                      <p class="text-lg font-semibold break-words text-slate-900">
                        {t.username}
                      </p>
                      <p class="mt-1 text-sm text-slate-600">
                        Next free: {formatDateTime(
                          t.next_start_at,
                          user.time_zone,
                          locale,
                        )}
                      </p>
                      <p class="mt-1 text-sm text-slate-600">
                        {i18n.t("teachers.freeSlots", { count: t.open_slots })}
                      </p>
                      <p class="mt-3 text-sm font-medium text-indigo-700">
                        See times →
                      </p>
                    </a>
                  </li>
                ))}
              </ul>
            )}
          {data.more && <MoreLink href={data.more} label="More teachers" />}
        </>
      )}
    </PageShell>
  );
}

function SearchResults({ search }: { search: Search }) {
  return (
    <>
      <TeacherCards teachers={search.teachers} />
      <nav aria-label="Pages" class="mt-4 flex gap-4">
        {search.previous && (
          <a
            class="text-indigo-700 underline"
            rel="prev"
            href={search.previous}
          >
            ← Previous teachers
          </a>
        )}
        {search.next && (
          <a class="text-indigo-700 underline" rel="next" href={search.next}>
            More teachers →
          </a>
        )}
      </nav>
    </>
  );
}
