import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { iceConfiguration } from "@/lib/signaling/ice.ts";
import { enterRoom } from "@/lib/signaling/admission.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async GET(_req, ctx) {
    const user = requireUser(ctx);
    const { db, config } = appContext();
    // TURN credentials only for a call that can happen now.
    await enterRoom(db, user, ctx.params.id);
    return json(await iceConfiguration(config, user.id));
  },
});
