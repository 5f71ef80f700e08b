import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import type { State } from "@/lib/http/api.ts";
import { idParam } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { deleteSlot } from "@/lib/bookings/slots.ts";

export const handler: Handlers<unknown, State> = {
  async DELETE(_req, ctx) {
    await deleteSlot(
      ctx.state.db,
      assertSignedIn(ctx),
      idParam(ctx, msg("error.slot.notFound")),
    );
    return new Response(null, { status: 204 });
  },
};
