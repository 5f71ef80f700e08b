import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseJsonBody } from "@/lib/http/validate.ts";
import { ForbiddenError, NotFoundError } from "@/lib/errors.ts";
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
      idParam(ctx, "Booking not found"),
    );
    if (!booking) throw new NotFoundError("Booking not found");
    if (user.role !== "admin" && !isParticipant(booking, user.id)) {
      throw new ForbiddenError("This booking is not yours");
    }
    const rating = await getRatingForViewer(ctx.state.db, user, booking);
    if (!rating) throw new NotFoundError("The lesson has no rating");
    return json(toApiRating(rating));
  },

  /** Rates the completed lesson (its student), or changes the rating. */
  async PUT(req, ctx) {
    const user = assertSignedIn(ctx);
    const id = idParam(ctx, "Booking not found");
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
