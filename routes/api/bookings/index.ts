import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { parseJsonBody, parseQuery } from "@/lib/http/validate.ts";
import { bookingQuerySchema, bookingSchema } from "@/lib/bookings/schemas.ts";
import { createBooking } from "@/lib/bookings/create.ts";
import { listBookingsForUser } from "@/lib/bookings/queries.ts";
import { toApiBooking, toApiPage } from "@/routes/api/(_shapes)/bookings.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const query = parseQuery(ctx.url, bookingQuerySchema);
    const page = await listBookingsForUser(ctx.state.db, user, query);
    return json(toApiPage("bookings", page, toApiBooking));
  },
  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const body = await parseJsonBody(req, bookingSchema);
    const booking = await createBooking(ctx.state.db, user, body);
    return json(toApiBooking(booking), 201);
  },
};
