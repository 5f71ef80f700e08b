import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam } from "@/lib/http/validate.ts";
import { markRead } from "@/lib/notifications/inbox.ts";
import { toApiNotification } from "@/routes/api/(_shapes)/notifications.ts";

export const handler: Handlers<unknown, State> = {
  async POST(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db, config } = ctx.state;
    const n = await markRead(
      db,
      user.id,
      idParam(ctx, msg("error.notification.notFound")),
    );
    return json(
      toApiNotification(n, user, config.appOrigin ?? ctx.url.origin),
    );
  },
};
