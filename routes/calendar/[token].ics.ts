import type { Handlers } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { feedCalendar } from "@/lib/calendar/feed.ts";
import {
  calendarResponse,
  feedNotFound,
  publicOrigin,
} from "@/lib/calendar/response.ts";

// A user's private calendar feed, fetched by calendar apps without a
// session: the token in the URL is the only credential. The feed is written
// in its owner's locale (the calendar app sends no useful Accept-Language).
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const { db, config } = ctx.state;
    const body = await feedCalendar(
      db,
      ctx.params.token,
      publicOrigin(config, ctx.url),
    );
    return body === null ? feedNotFound() : calendarResponse(body);
  },
};
