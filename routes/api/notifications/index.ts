import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { parseQuery } from "@/lib/http/validate.ts";
import { notificationsQuerySchema } from "@/lib/notifications/schemas.ts";
import { countUnread, listNotifications } from "@/lib/notifications/inbox.ts";
import { toApiNotification } from "@/routes/api/(_shapes)/notifications.ts";
import { forInApp } from "@/lib/notifications/in_app.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const query = parseQuery(ctx.url, notificationsQuerySchema);
    const { db, config } = ctx.state;
    const origin = config.appOrigin ?? ctx.url.origin;
    const page = await listNotifications(db, user.id, query);
    return json({
      notifications: page.items.map((n) =>
        toApiNotification(forInApp(n, !config.databaseUrl), user, origin)
      ),
      next: page.next,
      unread_count: await countUnread(db, user.id),
    });
  },
};
