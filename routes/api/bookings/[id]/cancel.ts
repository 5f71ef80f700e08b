import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { parseJsonBody } from "@/lib/http/validate.ts";
import { cancelSchema } from "@/lib/bookings/schemas.ts";
import { cancelBooking } from "@/lib/bookings/lifecycle.ts";
import { toApiBooking } from "@/routes/api/(_shapes)/bookings.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async POST(req, ctx) {
    const user = requireUser(ctx);
    const { reason } = await parseJsonBody(req, cancelSchema);
    const booking = await cancelBooking(
      appContext().db,
      user,
      ctx.params.id,
      reason,
    );
    return json(toApiBooking(booking));
  },
});
