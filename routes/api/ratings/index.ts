import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { parseQuery } from "@/lib/http/validate.ts";
import { DEFAULT_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { ratingsQuerySchema } from "@/lib/ratings/schemas.ts";
import { listRatings, summarizeRatings } from "@/lib/ratings/store.ts";
import { toApiPage } from "@/routes/api/(_shapes)/bookings.ts";
import { toApiRating } from "@/routes/api/(_shapes)/ratings.ts";

export const handler: Handlers<unknown, State> = {
  /** A teacher's own ratings, or everyone's for an admin, newest first. */
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const query = parseQuery(ctx.url, ratingsQuerySchema);
    const { db } = ctx.state;
    const summary = await summarizeRatings(db, user);
    const page = await listRatings(db, user, {
      after: query.after,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return json({
      ...toApiPage("ratings", page, toApiRating),
      count: summary.count,
      average: summary.average,
    });
  },
};
