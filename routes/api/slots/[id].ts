import { apiHandlers, requireUser } from "@/lib/http/api.ts";
import { deleteSlot } from "@/lib/bookings/slots.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async DELETE(_req, ctx) {
    await deleteSlot(appContext().db, requireUser(ctx), ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
