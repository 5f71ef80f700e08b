// Request shapes of the ratings API and form, and the rating limits.
import { z } from "zod";
import { decodeCursor, MAX_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { issue } from "@/lib/http/validate.ts";

/** Longest rating comment, in characters. */
export const RATING_COMMENT_MAX_LENGTH = 1000;
/** Days after the first rating during which the student may change it. */
export const RATING_EDIT_DAYS = 7;

const STARS_MESSAGE = issue("error.rating.stars");
const starsRange = (n: z.ZodNumber) =>
  n.int(STARS_MESSAGE).min(1, STARS_MESSAGE).max(5, STARS_MESSAGE);

const comment = z.string().trim().max(
  RATING_COMMENT_MAX_LENGTH,
  issue("error.field.maxLength"),
).nullish().transform((s) => s || null);

/** `PUT /api/bookings/:id/rating` (JSON: stars must be a number). */
export const ratingSchema = z.object({
  stars: starsRange(z.number({ message: STARS_MESSAGE })),
  comment,
});

/** The rating form on the booking page (every value a string). */
export const ratingFormSchema = z.object({
  stars: starsRange(z.coerce.number({ message: STARS_MESSAGE })),
  comment,
});

/** A rating as the student gives it. */
export type RatingInput = z.output<typeof ratingSchema>;

/** `GET /api/ratings?after=&limit=` and `/ratings?after=`. */
export const ratingsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(
    MAX_PAGE_SIZE,
    issue("error.field.atMost"),
  ).optional(),
  after: z.string().max(100).transform((text, ctx) => {
    const cursor = decodeCursor(text);
    if (!cursor) {
      ctx.addIssue({
        code: "custom",
        message: issue("error.field.cursor"),
      });
      return z.NEVER;
    }
    return cursor;
  }).optional(),
});
