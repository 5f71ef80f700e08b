import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseJsonBody } from "@/lib/http/validate.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { getOpenProposal } from "@/lib/bookings/proposals.ts";
import { proposeReschedule } from "@/lib/bookings/reschedule.ts";
import {
  rescheduleSchema,
  toApiProposal,
} from "@/lib/bookings/reschedule_schemas.ts";

export const handler: Handlers<unknown, State> = {
  /** The booking's open proposal: `{proposal}` (null when none is open). */
  async GET(_req, ctx) {
    const { db } = ctx.state;
    const booking = await getBookingForUser(
      db,
      assertSignedIn(ctx),
      idParam(ctx, msg("error.booking.notFound")),
    );
    const proposal = await getOpenProposal(db, booking.id);
    return json({ proposal: proposal ? toApiProposal(proposal) : null });
  },

  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const id = idParam(ctx, msg("error.booking.notFound"));
    // Outsiders and unknown ids are refused before the body is read.
    await getBookingForUser(ctx.state.db, user, id);
    const { start_at } = await parseJsonBody(req, rescheduleSchema);
    const proposal = await proposeReschedule(ctx.state.db, user, id, start_at);
    return json(toApiProposal(proposal), 201);
  },
};
