import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseJsonBody } from "@/lib/http/validate.ts";
import { ForbiddenError, msg, NotFoundError } from "@/lib/errors.ts";
import { getBooking } from "@/lib/bookings/queries.ts";
import { isParticipant } from "@/lib/bookings/model.ts";
import { ratingSchema } from "@/lib/ratings/schemas.ts";
import { getRatingForViewer, rateBooking } from "@/lib/ratings/store.ts";
import { toApiRating } from "@/routes/api/(_shapes)/ratings.ts";

export const handler: Handlers<unknown, State> = {
  /** The booking's rating: for its participants and admins. */
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const booking = await getBooking(
      ctx.state.db,
      idParam(ctx, msg("error.booking.notFound")),
    );
    if (!booking) throw new NotFoundError(msg("error.booking.notFound"));
    if (user.role !== "admin" && !isParticipant(booking, user.id)) {
      throw new ForbiddenError(msg("error.booking.notYours"));
    }
    const rating = await getRatingForViewer(ctx.state.db, user, booking);
    if (!rating) throw new NotFoundError(msg("error.rating.none"));
    return json(toApiRating(rating));
  },

  /** Rates the completed lesson (its student), or changes the rating. */
  async PUT(req, ctx) {
    const user = assertSignedIn(ctx);
    const id = idParam(ctx, msg("error.booking.notFound"));
    const body = await parseJsonBody(req, ratingSchema);
    const { rating, created } = await rateBooking(
      ctx.state.db,
      user,
      id,
      body,
    );
    return json(toApiRating(rating), created ? 201 : 200);
  },
};
