import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { parseJsonBody } from "@/lib/http/validate.ts";
import { declineSchema } from "@/lib/bookings/schemas.ts";
import { declineBooking, toApiBooking } from "@/lib/bookings/service.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async POST(req, ctx) {
    const user = requireUser(ctx);
    const hasBody = (req.headers.get("content-length") ?? "0") !== "0";
    const { reason } = hasBody
      ? await parseJsonBody(req, declineSchema)
      : { reason: undefined };
    const booking = await declineBooking(
      appContext().db,
      user,
      ctx.params.id,
      reason,
    );
    return json(toApiBooking(booking));
  },
});
