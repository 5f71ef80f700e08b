import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import type { State } from "@/lib/http/api.ts";
import { idParam } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { bookingFacts } from "@/lib/notifications/booking_facts.ts";
import { bookingsCalendar } from "@/lib/calendar/ics.ts";
import { calendarResponse, publicOrigin } from "@/lib/calendar/response.ts";

// "Add to calendar": the booking as a one-event calendar to import
// (METHOD:PUBLISH), for its participants only; others get the same 403 and
// 404 as the booking's other routes.
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const { db, config } = ctx.state;
    const id = idParam(ctx, msg("error.booking.notFound"));
    const booking = await getBookingForUser(db, assertSignedIn(ctx), id);
    const facts = await bookingFacts(db, id, { reason: booking.cancel_reason });
    return calendarResponse(
      bookingsCalendar([facts], publicOrigin(config, ctx.url), {
        locale: ctx.state.locale,
      }),
      { filename: `talkroom-lesson-${id}.ics` },
    );
  },
};
