import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import {
  issueSignalTicket,
  TICKET_TTL_SECONDS,
} from "@/lib/signaling/ticket.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async POST(_req, ctx) {
    const user = requireUser(ctx);
    const { db, jwtSecret } = appContext();
    const booking = await getBookingForUser(db, user, ctx.params.id);
    const ticket = await issueSignalTicket(jwtSecret, {
      userId: user.id,
      bookingId: booking.id,
      sessionId: ctx.state.sessionId,
    });
    return json({ ticket, expires_in: TICKET_TTL_SECONDS });
  },
});
