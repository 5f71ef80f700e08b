import { Stars } from "@/components/Stars.tsx";
import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import { encodeCursor, LIST_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { ratingsQuerySchema } from "@/lib/ratings/schemas.ts";
import {
  listRatings,
  type Rating,
  type RatingSummary,
  summarizeRatings,
} from "@/lib/ratings/store.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { parseQuery } from "@/lib/http/validate.ts";
import type { State } from "@/lib/http/api.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface Data {
  ratings: Rating[];
  summary: RatingSummary;
  next: string | null;
}

// A teacher's own private ratings and their average; for an admin, every
// teacher's (the admin area lives elsewhere; this is its list of ratings).
export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const query = parseQuery(ctx.url, ratingsQuerySchema);
    // Students are refused here (403) before anything is read.
    const summary = await summarizeRatings(db, user);
    const page = await listRatings(db, user, {
      after: query.after,
      limit: LIST_PAGE_SIZE,
    });
    return ctx.render({
      ratings: page.items,
      summary,
      next: page.next
        ? `/ratings?after=${encodeURIComponent(encodeCursor(page.next))}`
        : null,
    }, { headers: { "cache-control": "private, no-store" } });
  },
};

export default function RatingsPage({ data, state }: PageProps<Data, State>) {
  const { t, parts, dateTime } = useI18n();
  const user = state.user!;
  const admin = user.role === "admin";
  const { summary } = data;
  const title = admin ? t("ratings.titleAll") : t("ratings.titleOwn");
  return (
    <PageShell title={title} user={user}>
      <PageHeader title={title}>
        <p>{admin ? t("ratings.privateAll") : t("ratings.privateOwn")}</p>
      </PageHeader>
      <p class="text-heading text-ink" data-rating-summary>
        {summary.count === 0 ? t("ratings.none") : (
          <>
            {parts("ratings.summary", {
              average: <strong data-average>{summary.average}</strong>,
              count: <strong data-count>{summary.count}</strong>,
            }, summary.count)}
          </>
        )}
      </p>
      {data.ratings.length > 0 && (
        <ul class="mt-6 space-y-3">
          {data.ratings.map((r) => (
            <li
              key={r.booking_id}
              class="rounded-card border border-line bg-white p-4"
              data-rating-booking={r.booking_id}
            >
              <p class="flex flex-wrap items-center gap-x-3">
                <Stars n={r.stars} />
                <span class="text-small text-muted">
                  {parts("ratings.entry", {
                    lesson: admin
                      ? t("ratings.studentToTeacher", {
                        student: r.student.username,
                        teacher: r.teacher.username,
                      })
                      : (
                        <a
                          class="text-brand-700 underline"
                          href={`/bookings/${r.booking_id}`}
                        >
                          {t("ratings.lessonWith", {
                            name: r.student.username,
                          })}
                        </a>
                      ),
                    when: dateTime(r.lesson_start_at, user.time_zone),
                  })}
                </span>
              </p>
              {r.comment && (
                <p class="mt-1 whitespace-pre-line break-words text-ink">
                  {r.comment}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {data.next && <MoreLink href={data.next} label={t("ratings.older")} />}
    </PageShell>
  );
}
