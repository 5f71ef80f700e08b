import type { Handlers, PageProps } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { PageHeader } from "@/components/ui/PageHeader.tsx";
import { PageShell } from "@/components/PageShell.tsx";
import { DisputeForm } from "@/components/booking/DisputeForm.tsx";
import {
  disputeDeadline,
  disputeSchema,
  raiseDispute,
} from "@/lib/bookings/disputes.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import type { Booking } from "@/lib/bookings/model.ts";
import { redirect, withFormErrors } from "@/lib/http/pages.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseForm, validate } from "@/lib/http/validate.ts";
import type { State } from "@/lib/http/api.ts";
import { useI18n } from "@/lib/i18n/i18n.ts";

// The booking page's dispute form posts here; on success it goes back to the
// booking page (which shows the open dispute), otherwise the form is shown
// again here with what was typed and why it was refused.

interface Data {
  booking: Booking;
  value: string;
  error?: string;
  message: string | null;
}

const NO_STORE = { "cache-control": "private, no-store" };

export const handler: Handlers<Data, State> = {
  GET(_req, ctx) {
    return redirect(
      `/bookings/${idParam(ctx, msg("error.booking.notFound"))}#outcome`,
    );
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const id = idParam(ctx, msg("error.booking.notFound"));
    // Outsiders get the 403 page and unknown ids the 404 page first.
    const booking = await getBookingForUser(db, user, id);
    const { values } = await parseForm(req, disputeSchema);
    return await withFormErrors(
      async () => {
        const { reason } = validate(disputeSchema, values, "form");
        await raiseDispute(db, user, id, reason);
        return redirect(`/bookings/${id}#dispute`);
      },
      ({ status, fields, message }) =>
        ctx.render({
          booking,
          value: values.reason ?? "",
          error: fields.reason,
          message,
        }, { status, headers: NO_STORE }),
      ctx.state.locale,
    );
  },
};

export default function DisputePage({ data, state }: PageProps<Data, State>) {
  const { t } = useI18n();
  const user = state.user!;
  const b = data.booking;
  return (
    <PageShell title={t("booking.dispute.title")} user={user}>
      <PageHeader
        back={{ href: `/bookings/${b.id}`, label: t("booking.dispute.back") }}
        title={t("booking.dispute.title")}
      />
      <div class="max-w-xl rounded-card border border-line bg-white p-4 sm:p-6">
        <DisputeForm
          bookingId={b.id}
          deadline={disputeDeadline(b.end_at)}
          timeZone={user.time_zone}
          value={data.value}
          error={data.error}
          message={data.message}
        />
      </div>
    </PageShell>
  );
}
