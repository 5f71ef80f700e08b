import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { BookingCard } from "@/components/BookingCard.tsx";
import { MoreLink } from "@/components/MoreLink.tsx";
import type { Booking } from "@/lib/bookings/model.ts";
import { listBookingsForUser } from "@/lib/bookings/queries.ts";
import {
  type Cursor,
  encodeCursor,
  LIST_PAGE_SIZE,
} from "@/lib/bookings/cursor.ts";
import { bookingsPageQuerySchema } from "@/lib/bookings/schemas.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { parseQuery } from "@/lib/http/validate.ts";
import type { State } from "@/lib/http/api.ts";
import type { User } from "@/lib/auth/users.ts";

interface Data {
  upcoming: Booking[];
  past: Booking[];
  /** Links to the next page of each list, if there is one. */
  moreUpcoming: string | null;
  olderPast: string | null;
  now: Date;
}

function nextHref(list: "upcoming" | "past", next: Cursor | null) {
  return next
    ? `/bookings?${list}=${encodeURIComponent(encodeCursor(next))}`
    : null;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const query = parseQuery(ctx.url, bookingsPageQuerySchema);
    const now = new Date();
    const limit = LIST_PAGE_SIZE;
    const upcoming = await listBookingsForUser(
      db,
      user,
      { scope: "upcoming", after: query.upcoming, limit },
      now,
    );
    const past = await listBookingsForUser(
      db,
      user,
      { scope: "past", after: query.past, limit },
      now,
    );
    return ctx.render({
      upcoming: upcoming.items,
      past: past.items,
      moreUpcoming: nextHref("upcoming", upcoming.next),
      olderPast: nextHref("past", past.next),
      now,
    }, {
      headers: { "cache-control": "private, no-store" },
    });
  },
};

function EmptyUpcoming({ user }: { user: User }) {
  return (
    <div class="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
      <p>You have no upcoming lessons.</p>
      {user.role === "teacher"
        ? (
          <p class="mt-2">
            <a class="font-medium text-indigo-700 underline" href="/slots">
              Publish lesson slots
            </a>{" "}
            so students can book them.
          </p>
        )
        : (
          <p class="mt-2">
            <a class="font-medium text-indigo-700 underline" href="/teachers">
              Find a teacher
            </a>{" "}
            and book a lesson.
          </p>
        )}
    </div>
  );
}

export default function BookingsPage(
  { data, state }: PageProps<Data, State>,
) {
  const user = state.user!;
  return (
    <PageShell title="Your bookings" user={user}>
      <h1 class="text-2xl font-semibold">Your bookings</h1>
      <p class="mt-1 text-sm text-slate-600">
        Times are shown in your time zone, {user.time_zone}.
      </p>

      <section class="mt-6" aria-labelledby="upcoming-title">
        <h2 id="upcoming-title" class="text-lg font-semibold">Upcoming</h2>
        <div class="mt-3">
          {data.upcoming.length === 0
            ? <EmptyUpcoming user={user} />
            : (
              <ul class="grid gap-3 md:grid-cols-2">
                {data.upcoming.map((b) => (
                  <li key={b.id} class="h-full">
                    <BookingCard booking={b} viewer={user} now={data.now} />
                  </li>
                ))}
              </ul>
            )}
          {data.moreUpcoming && (
            <MoreLink href={data.moreUpcoming} label="More upcoming" />
          )}
        </div>
      </section>

      <section class="mt-8" aria-labelledby="past-title">
        <h2 id="past-title" class="text-lg font-semibold">Past</h2>
        <div class="mt-3">
          {data.past.length === 0
            ? (
              <p class="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
                No past lessons yet.
              </p>
            )
            : (
              <ul class="grid gap-3 md:grid-cols-2">
                {data.past.map((b) => (
                  <li key={b.id} class="h-full">
                    <BookingCard booking={b} viewer={user} now={data.now} />
                  </li>
                ))}
              </ul>
            )}
          {data.olderPast && <MoreLink href={data.olderPast} label="Older" />}
        </div>
      </section>
    </PageShell>
  );
}
