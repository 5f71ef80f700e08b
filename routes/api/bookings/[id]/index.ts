import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { idParam } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { getLatestDispute } from "@/lib/bookings/disputes.ts";
import { toApiBooking } from "@/routes/api/(_shapes)/bookings.ts";
import {
  toApiAttendance,
  toApiDispute,
} from "@/routes/api/(_shapes)/outcomes.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const booking = await getBookingForUser(
      ctx.state.db,
      assertSignedIn(ctx),
      idParam(ctx, msg("error.booking.notFound")),
    );
    const dispute = await getLatestDispute(ctx.state.db, booking.id);
    return json({
      ...toApiBooking(booking),
      attendance: toApiAttendance(booking.attendance),
      dispute: dispute ? toApiDispute(dispute) : null,
    });
  },
};
