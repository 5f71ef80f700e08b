import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { msg } from "@/lib/errors.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { PageShell } from "@/components/PageShell.tsx";
import { RatingForm } from "@/components/booking/RatingForm.tsx";
import type { Booking } from "@/lib/bookings/model.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { ratingFormSchema } from "@/lib/ratings/schemas.ts";
import {
  getRatingForViewer,
  rateBooking,
  type Rating,
} from "@/lib/ratings/store.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseForm } from "@/lib/http/validate.ts";
import { redirect, withFormErrors } from "@/lib/http/pages.ts";
import type { State } from "@/lib/http/api.ts";
import type { User } from "@/lib/auth/users.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface Data {
  booking: Booking;
  rating: Rating | null;
  now: Date;
  values?: Record<string, string>;
  fields?: Record<string, string>;
  message?: string | null;
}

async function renderPage(
  ctx: FreshContext<State, Data>,
  user: User,
  form: Pick<Data, "values" | "fields" | "message"> = {},
  status = 200,
) {
  const { db } = ctx.state;
  const booking = await getBookingForUser(
    db,
    user,
    idParam(ctx, msg("error.booking.notFound")),
  );
  const rating = await getRatingForViewer(db, user, booking);
  return ctx.render({ booking, rating, now: new Date(), ...form }, {
    status,
    headers: { "cache-control": "private, no-store" },
  });
}

// The rating form posts here; the booking page shows it. This page shows
// the form again when a post could not be saved.
export const handler: Handlers<Data, State> = {
  GET(_req, ctx) {
    return renderPage(ctx, assertSignedIn(ctx));
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const id = idParam(ctx, msg("error.booking.notFound"));
    // Outsiders get the 403 page and unknown ids the 404 page first.
    await getBookingForUser(db, user, id);
    const parsed = await parseForm(req, ratingFormSchema);
    if (!parsed.ok) {
      return renderPage(ctx, user, {
        values: parsed.values,
        fields: parsed.error.fields,
      }, 400);
    }
    return await withFormErrors(
      async () => {
        await rateBooking(db, user, id, parsed.data);
        return redirect(`/bookings/${id}#rating`);
      },
      ({ status, fields, message }) =>
        renderPage(
          ctx,
          user,
          { values: parsed.values, fields, message },
          status,
        ),
      ctx.state.locale,
    );
  },
};

export default function RatingPage({ data, state }: PageProps<Data, State>) {
  const { t, range } = useI18n();
  const user = state.user!;
  const b = data.booking;
  const other = b.student_id === user.id ? b.teacher : b.student;
  return (
    <PageShell
      title={t("booking.rating.pageTitle", { name: other.username })}
      user={user}
    >
      <PageHeader
        back={{ href: `/bookings/${b.id}`, label: t("booking.rating.back") }}
        title={t("booking.page.title", { name: other.username })}
      >
        <p class="text-body">
          {range(b.start_at, b.end_at, user.time_zone)}
        </p>
      </PageHeader>
      <div class="mt-6">
        {b.status === "completed"
          ? (
            <RatingForm
              booking={b}
              viewer={user}
              rating={data.rating}
              now={data.now}
              values={data.values}
              fields={data.fields}
              message={data.message}
            />
          )
          : (
            <EmptyState icon="star">
              {data.message ?? t("booking.rating.onlyCompleted")}
            </EmptyState>
          )}
      </div>
    </PageShell>
  );
}
