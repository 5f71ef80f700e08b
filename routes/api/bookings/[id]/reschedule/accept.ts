import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam } from "@/lib/http/validate.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { acceptReschedule } from "@/lib/bookings/reschedule.ts";
import { toApiBooking } from "@/routes/api/(_shapes)/bookings.ts";
import { toApiProposal } from "@/lib/bookings/reschedule_schemas.ts";

export const handler: Handlers<unknown, State> = {
  /** The booking as it stands afterwards, with the decided proposal. */
  async POST(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const id = idParam(ctx, msg("error.booking.notFound"));
    const proposal = await acceptReschedule(db, user, id);
    const booking = await getBookingForUser(db, user, id);
    return json({
      ...toApiBooking(booking),
      proposal: toApiProposal(proposal),
    });
  },
};
