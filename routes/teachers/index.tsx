import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";
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
  type TeacherFilters,
  TeacherSearchForm,
} from "@/components/teacher/TeacherSearch.tsx";

interface Data {
  filters: TeacherFilters;
  languages: string[];
  teachers: TeacherCard[];
  previous: string | null;
  next: string | null;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    assertSignedIn(ctx);
    const { db } = ctx.state;
    const query = parseQuery(ctx.url, teacherSearchQuerySchema);
    const page = query.page ?? 1;
    const filters: TeacherFilters = {
      q: query.q ?? "",
      language: query.language ?? "",
      free: query.free === "1",
      sort: query.sort ?? "soonest",
    };
    const [languages, found] = await Promise.all([
      listTeacherLanguages(db),
      searchTeachers(db, {
        q: filters.q,
        language: filters.language,
        freeThisWeek: filters.free,
        sort: filters.sort,
        page,
      }),
    ]);
    const link = (n: number) => {
      const p = new URLSearchParams();
      if (filters.q) p.set("q", filters.q);
      if (filters.language) p.set("language", filters.language);
      if (filters.free) p.set("free", "1");
      if (query.sort) p.set("sort", query.sort);
      p.set("page", String(n));
      return `/teachers?${p}`;
    };
    return ctx.render({
      filters,
      languages,
      teachers: found.items,
      previous: page > 1 ? link(page - 1) : null,
      next: found.more ? link(page + 1) : null,
    });
  },
};

export default function TeachersPage({ data, state }: PageProps<Data, State>) {
  const user = state.user!;
  const { t } = useI18n();
  return (
    <PageShell title={t("teachers.title")} user={user}>
      <PageHeader title={t("teachers.title")} />
      <TeacherSearchForm {...data.filters} languages={data.languages} />
      <p class="mt-4 text-small text-muted">
        {t("teachers.zoneNote", { zone: user.time_zone })}
      </p>
      <TeacherCards teachers={data.teachers} timeZone={user.time_zone} />
      <nav aria-label={t("teachers.pages")} class="mt-4 flex gap-4">
        {data.previous && (
          <a class="text-brand-700 underline" rel="prev" href={data.previous}>
            {t("teachers.previous")}
          </a>
        )}
        {data.next && (
          <a class="text-brand-700 underline" rel="next" href={data.next}>
            {t("teachers.more")}
          </a>
        )}
      </nav>
    </PageShell>
  );
}
