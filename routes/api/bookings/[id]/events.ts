import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { idParam } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { listEvents } from "@/lib/bookings/history.ts";
import { toApiEvent } from "@/lib/bookings/reschedule_schemas.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const { db } = ctx.state;
    const booking = await getBookingForUser(
      db,
      assertSignedIn(ctx),
      idParam(ctx, msg("error.booking.notFound")),
    );
    const events = await listEvents(db, booking.id);
    return json({ events: events.map(toApiEvent) });
  },
};
