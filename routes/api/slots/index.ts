import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { parseJsonBody, parseQuery } from "@/lib/http/validate.ts";
import { slotQuerySchema, slotSchema } from "@/lib/bookings/schemas.ts";
import { createSlots } from "@/lib/bookings/slots.ts";
import { listOpenSlots } from "@/lib/bookings/availability.ts";
import { toApiPage, toApiSlot } from "@/routes/api/(_shapes)/bookings.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    assertSignedIn(ctx);
    const query = parseQuery(ctx.url, slotQuerySchema);
    const page = await listOpenSlots(ctx.state.db, query);
    return json(toApiPage("slots", page, toApiSlot));
  },
  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const body = await parseJsonBody(req, slotSchema);
    const slots = await createSlots(ctx.state.db, user, body);
    // One slot comes back as itself; a weekly series adds every slot it made.
    const first = toApiSlot(slots[0]);
    return json(
      slots.length > 1 ? { ...first, series: slots.map(toApiSlot) } : first,
      201,
    );
  },
};
