import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { markAllRead } from "@/lib/notifications/inbox.ts";

export const handler: Handlers<unknown, State> = {
  async POST(_req, ctx) {
    const user = assertSignedIn(ctx);
    return json({ marked: await markAllRead(ctx.state.db, user.id) });
  },
};
