import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseJsonBody } from "@/lib/http/validate.ts";
import { disputeSchema, raiseDispute } from "@/lib/bookings/disputes.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { toApiDispute } from "@/routes/api/(_shapes)/outcomes.ts";

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const id = idParam(ctx, msg("error.booking.notFound"));
    // Outsiders and unknown ids are refused before the body is read.
    await getBookingForUser(ctx.state.db, user, id);
    const { reason } = await parseJsonBody(req, disputeSchema);
    const dispute = await raiseDispute(ctx.state.db, user, id, reason);
    return json(toApiDispute(dispute), 201);
  },
};
