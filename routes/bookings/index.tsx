import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { BookingCard } from "@/components/BookingCard.tsx";
import { type Booking, listBookingsForUser } from "@/lib/bookings/service.ts";
import { appContext } from "@/lib/context.ts";
import { pageUser } from "@/lib/http/pages.ts";
import type { State } from "@/lib/http/api.ts";
import type { User } from "@/lib/auth/users.ts";

interface Data {
  upcoming: Booking[];
  past: Booking[];
  now: Date;
}

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const user = pageUser(ctx);
    const { db } = appContext();
    const now = new Date();
    const upcoming = await listBookingsForUser(
      db,
      user,
      { scope: "upcoming" },
      now,
    );
    const past = await listBookingsForUser(db, user, { scope: "past" }, now);
    return ctx.render({ upcoming, past, now }, {
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
        </div>
      </section>
    </PageShell>
  );
}
