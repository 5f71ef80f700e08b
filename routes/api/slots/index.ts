import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { parseJsonBody, parseQuery } from "@/lib/http/validate.ts";
import { slotQuerySchema, slotSchema } from "@/lib/bookings/schemas.ts";
import {
  createSlots,
  listOpenSlots,
  toApiSlot,
} from "@/lib/bookings/service.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async GET(_req, ctx) {
    requireUser(ctx);
    const query = parseQuery(ctx.url, slotQuerySchema);
    const slots = await listOpenSlots(appContext().db, query);
    return json({ slots: slots.map(toApiSlot) });
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
