import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { parseJsonBody } from "@/lib/http/validate.ts";
import { declineSchema } from "@/lib/bookings/schemas.ts";
import { declineBooking } from "@/lib/bookings/lifecycle.ts";
import { toApiBooking } from "@/routes/api/(_shapes)/bookings.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async POST(req, ctx) {
    const user = requireUser(ctx);
    const { reason } = await parseJsonBody(req, declineSchema, {
      optional: true,
    });
    const booking = await declineBooking(
      appContext().db,
      user,
      ctx.params.id,
      reason,
    );
    return json(toApiBooking(booking));
  },
});
