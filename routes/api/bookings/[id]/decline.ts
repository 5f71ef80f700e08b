import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseJsonBody } from "@/lib/http/validate.ts";
import { declineSchema } from "@/lib/bookings/schemas.ts";
import { declineBooking } from "@/lib/bookings/lifecycle.ts";
import { toApiBooking } from "@/routes/api/(_shapes)/bookings.ts";

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const { reason } = await parseJsonBody(req, declineSchema, {
      optional: true,
    });
    const booking = await declineBooking(
      ctx.state.db,
      user,
      idParam(ctx, msg("error.booking.notFound")),
      reason,
    );
    return json(toApiBooking(booking));
  },
};
