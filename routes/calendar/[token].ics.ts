import type { Handlers } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { findFeedOwner } from "@/lib/calendar/feed.ts";
import { listFeedEntries } from "@/lib/calendar/entries.ts";
import { bookingsCalendar } from "@/lib/calendar/ics.ts";
import {
  calendarResponse,
  feedNotFound,
  publicOrigin,
} from "@/lib/calendar/response.ts";

// A user's private calendar feed, fetched by calendar apps without a
// session: the token in the URL is the only credential.
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const { db, config } = ctx.state;
    const owner = await findFeedOwner(db, ctx.params.token);
    if (!owner) return feedNotFound();
    const entries = await listFeedEntries(db, owner);
    return calendarResponse(
      bookingsCalendar(entries, publicOrigin(config, ctx.url), {
        name: "Talkroom lessons",
      }),
    );
  },
};
