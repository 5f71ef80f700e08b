import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { parseJsonBody, parseQuery } from "@/lib/http/validate.ts";
import { slotQuerySchema, slotSchema } from "@/lib/bookings/schemas.ts";
import { createSlots } from "@/lib/bookings/slots.ts";
import { listOpenSlots } from "@/lib/bookings/availability.ts";
import { toApiPage, toApiSlot } from "@/routes/api/(_shapes)/bookings.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async GET(_req, ctx) {
    requireUser(ctx);
    const query = parseQuery(ctx.url, slotQuerySchema);
    const page = await listOpenSlots(appContext().db, query);
    return json(toApiPage("slots", page, toApiSlot));
  },
  async POST(req, ctx) {
    const user = requireUser(ctx);
    const body = await parseJsonBody(req, slotSchema);
    const slots = await createSlots(appContext().db, user, body);
    // One slot comes back as itself; a weekly series adds every slot it made.
    const first = toApiSlot(slots[0]);
    return json(
      slots.length > 1 ? { ...first, series: slots.map(toApiSlot) } : first,
      201,
    );
  },
});
