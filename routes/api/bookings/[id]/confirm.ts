import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { confirmBooking } from "@/lib/bookings/lifecycle.ts";
import { toApiBooking } from "@/routes/api/(_shapes)/bookings.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async POST(_req, ctx) {
    const booking = await confirmBooking(
      appContext().db,
      requireUser(ctx),
      ctx.params.id,
    );
    return json(toApiBooking(booking));
  },
});
