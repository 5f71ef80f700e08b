import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { toApiBooking } from "@/routes/api/(_shapes)/bookings.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async GET(_req, ctx) {
    const booking = await getBookingForUser(
      appContext().db,
      requireUser(ctx),
      ctx.params.id,
    );
    return json(toApiBooking(booking));
  },
});
