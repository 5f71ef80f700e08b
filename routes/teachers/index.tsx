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

interface Data {
  teachers: TeacherSummary[];
  /** The link to the next page, if there is one. */
  more: string | null;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    assertSignedIn(ctx);
    const { after } = parseQuery(ctx.url, pageQuerySchema);
    const page = await listTeachersWithOpenSlots(ctx.state.db, new Date(), {
      after,
      limit: LIST_PAGE_SIZE,
    });
    const more = page.next
      ? `/teachers?after=${encodeURIComponent(encodeCursor(page.next))}`
      : null;
    return ctx.render({ teachers: page.items, more });
  },
};

export default function TeachersPage({ data, state }: PageProps<Data, State>) {
  const user = state.user!;
  return (
    <PageShell title="Find a teacher" user={user}>
      <h1 class="text-2xl font-semibold">Find a teacher</h1>
      <p class="mt-1 text-sm text-slate-600">
        Teachers with free lesson slots. Times are in your time zone,{" "}
        {user.time_zone}.
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
                    Next free: {formatDateTime(t.next_start_at, user.time_zone)}
                  </p>
                  <p class="mt-1 text-sm text-slate-600">
                    {t.open_slots} free {t.open_slots === 1 ? "slot" : "slots"}
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
    </PageShell>
  );
}
