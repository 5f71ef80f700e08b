import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { idParam } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { msg, UnauthorizedError } from "@/lib/errors.ts";
import { enterRoom } from "@/lib/signaling/admission.ts";
import {
  issueSignalTicket,
  TICKET_TTL_SECONDS,
} from "@/lib/signaling/ticket.ts";

export const handler: Handlers<unknown, State> = {
  async POST(_req, ctx) {
    const user = assertSignedIn(ctx);
    // The ticket carries the session, so that it ends with it (logout).
    const sessionId = ctx.state.sessionId;
    if (!sessionId) throw new UnauthorizedError();
    const { db, jwtSecret } = ctx.state;
    const booking = await enterRoom(
      db,
      user,
      idParam(ctx, msg("error.booking.notFound")),
    );
    const ticket = await issueSignalTicket(jwtSecret, {
      userId: user.id,
      bookingId: booking.id,
      sessionId,
    });
    return json({ ticket, expires_in: TICKET_TTL_SECONDS });
  },
};
