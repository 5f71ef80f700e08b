import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { idParam } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { listBookingMessages } from "@/lib/bookings/lesson_record.ts";
import { toApiMessage } from "@/routes/api/(_shapes)/lesson_record.ts";

// The booking's chat as the server stored it, in order (participants only).
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const booking = await getBookingForUser(
      db,
      user,
      idParam(ctx, msg("error.booking.notFound")),
    );
    const messages = await listBookingMessages(db, booking.id);
    return json({ messages: messages.map(toApiMessage) });
  },
};
