import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { parseJsonBody, parseQuery } from "@/lib/http/validate.ts";
import { bookingQuerySchema, bookingSchema } from "@/lib/bookings/schemas.ts";
import { createBooking } from "@/lib/bookings/lifecycle.ts";
import { listBookingsForUser } from "@/lib/bookings/queries.ts";
import { toApiBooking, toApiPage } from "@/routes/api/(_shapes)/bookings.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async GET(_req, ctx) {
    const user = requireUser(ctx);
    const query = parseQuery(ctx.url, bookingQuerySchema);
    const page = await listBookingsForUser(appContext().db, user, query);
    return json(toApiPage("bookings", page, toApiBooking));
  },
  async POST(req, ctx) {
    const user = requireUser(ctx);
    const body = await parseJsonBody(req, bookingSchema);
    const booking = await createBooking(appContext().db, user, body);
    return json(toApiBooking(booking), 201);
  },
});
