import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { parseJsonBody, parseQuery } from "@/lib/http/validate.ts";
import { bookingQuerySchema, bookingSchema } from "@/lib/bookings/schemas.ts";
import { createBooking, createBookingAtTime } from "@/lib/bookings/create.ts";
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
    const booking = body.slot_id
      ? await createBooking(ctx.state.db, user, {
        slot_id: body.slot_id,
        notes: body.notes,
      })
      : await createBookingAtTime(ctx.state.db, user, {
        teacher_id: body.teacher_id!,
        start_at: body.start_at!,
        length_minutes: body.length_minutes!,
        notes: body.notes,
      });
    return json(toApiBooking(booking), 201);
  },
};
