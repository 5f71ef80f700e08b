import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { idParam } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { confirmBooking } from "@/lib/bookings/lifecycle.ts";
import { toApiBooking } from "@/routes/api/(_shapes)/bookings.ts";

export const handler: Handlers<unknown, State> = {
  async POST(_req, ctx) {
    const booking = await confirmBooking(
      ctx.state.db,
      assertSignedIn(ctx),
      idParam(ctx, msg("error.booking.notFound")),
    );
    return json(toApiBooking(booking));
  },
};
