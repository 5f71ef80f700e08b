import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { idParam } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { iceConfiguration } from "@/lib/signaling/ice.ts";
import { enterRoom } from "@/lib/signaling/admission.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db, config } = ctx.state;
    // TURN credentials only for a call that can happen now.
    await enterRoom(db, user, idParam(ctx, msg("error.booking.notFound")));
    return json(await iceConfiguration(config, user.id));
  },
};
