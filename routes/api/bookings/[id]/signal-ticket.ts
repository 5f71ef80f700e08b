import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { UnauthorizedError } from "@/lib/errors.ts";
import { enterRoom } from "@/lib/signaling/admission.ts";
import {
  issueSignalTicket,
  TICKET_TTL_SECONDS,
} from "@/lib/signaling/ticket.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async POST(_req, ctx) {
    const user = requireUser(ctx);
    // The ticket carries the session, so that it ends with it (logout).
    const sessionId = ctx.state.sessionId;
    if (!sessionId) throw new UnauthorizedError();
    const { db, jwtSecret } = appContext();
    const booking = await enterRoom(db, user, ctx.params.id);
    const ticket = await issueSignalTicket(jwtSecret, {
      userId: user.id,
      bookingId: booking.id,
      sessionId,
    });
    return json({ ticket, expires_in: TICKET_TTL_SECONDS });
  },
});
