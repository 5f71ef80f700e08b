// Private post-lesson ratings: the student of a completed lesson rates it
// once, may change it for RATING_EDIT_DAYS, and only the lesson's teacher
// and admins read it. The booking's row lock orders a rating against
// another of the same booking.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  ConflictError,
  ForbiddenError,
  msg,
  NotFoundError,
} from "@/lib/errors.ts";
import {
  type Booking,
  isParticipant,
  isUuid,
  type Participant,
} from "@/lib/bookings/model.ts";
import { getBooking } from "@/lib/bookings/queries.ts";
import { type Read, run, toDate } from "@/lib/db/reads.ts";
import { type Cursor, type Page, toPage } from "@/lib/bookings/cursor.ts";
import { RATING_EDIT_DAYS, type RatingInput } from "@/lib/ratings/schemas.ts";

/** A rating with the lesson's participants and start. */
export interface Rating {
  booking_id: string;
  student_id: string;
  teacher_id: string;
  stars: number;
  comment: string | null;
  created_at: Date;
  updated_at: Date;
  lesson_start_at: Date;
  student: Participant;
  teacher: Participant;
}

/** A teacher's (or, for admins, everyone's) ratings in numbers. */
export interface RatingSummary {
  count: number;
  /** Mean stars, rounded to one decimal; null without ratings. */
  average: number | null;
}

const RATING_SELECT = `
  SELECT r.booking_id, r.student_id, r.teacher_id, r.stars::int AS stars,
         r.comment, r.created_at, r.updated_at, b.start_at AS lesson_start_at,
         s.username AS student_username, t.username AS teacher_username
  FROM booking_ratings r
  JOIN bookings b ON b.id = r.booking_id
  JOIN users s ON s.id = r.student_id
  JOIN users t ON t.id = r.teacher_id`;

type RatingRow = Omit<Rating, "student" | "teacher"> & {
  student_username: string;
  teacher_username: string;
};

function toRating(row: RatingRow): Rating {
  const { student_username, teacher_username, ...rest } = row;
  return {
    ...rest,
    stars: Number(rest.stars),
    created_at: toDate(rest.created_at),
    updated_at: toDate(rest.updated_at),
    lesson_start_at: toDate(rest.lesson_start_at),
    student: { id: row.student_id, username: student_username },
    teacher: { id: row.teacher_id, username: teacher_username },
  };
}

/** The last moment the student may change a rating. */
export function ratingEditableUntil(rating: Pick<Rating, "created_at">): Date {
  return new Date(
    rating.created_at.getTime() + RATING_EDIT_DAYS * 24 * 3600_000,
  );
}

/** The read of a lesson's rating (access is the caller's check: ratingVisible()). */
export function ratingRead(bookingId: string): Read<Rating | null> {
  return {
    text: `${RATING_SELECT} WHERE r.booking_id = $1`,
    params: [bookingId],
    decode: ([row]) => row ? toRating(row as unknown as RatingRow) : null,
  };
}

function getRating(db: Queryable, bookingId: string): Promise<Rating | null> {
  return run(db, ratingRead(bookingId));
}

/**
 * Rates a completed lesson as its student, or changes the rating within
 * RATING_EDIT_DAYS of the first one. `created` tells which.
 * @throws {NotFoundError} for an unknown booking
 * @throws {ForbiddenError} when the user is not the booking's student
 * @throws {ConflictError} when the lesson is not completed, or the rating
 *   can no longer be changed
 */
export async function rateBooking(
  db: Database,
  student: Pick<User, "id">,
  bookingId: string,
  input: RatingInput,
  now = new Date(),
): Promise<{ rating: Rating; created: boolean }> {
  if (!isUuid(bookingId)) {
    throw new NotFoundError(msg("error.booking.notFound"));
  }
  return await db.transaction(async (tx) => {
    await tx.query("SELECT 1 FROM bookings WHERE id = $1 FOR UPDATE", [
      bookingId,
    ]);
    const booking = await getBooking(tx, bookingId, now);
    if (!booking) throw new NotFoundError(msg("error.booking.notFound"));
    if (booking.student_id !== student.id) {
      throw new ForbiddenError(msg("error.rating.studentOnly"));
    }
    if (booking.status !== "completed") {
      throw new ConflictError(msg("error.rating.notCompleted"));
    }
    const existing = await getRating(tx, bookingId);
    if (existing) {
      if (now > ratingEditableUntil(existing)) {
        throw new ConflictError(
          msg("error.rating.tooLate", { count: RATING_EDIT_DAYS }),
        );
      }
      await tx.query(
        `UPDATE booking_ratings SET stars = $2, comment = $3, updated_at = $4
         WHERE booking_id = $1`,
        [bookingId, input.stars, input.comment ?? null, now],
      );
    } else {
      await tx.query(
        `INSERT INTO booking_ratings
           (booking_id, student_id, teacher_id, stars, comment, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [
          bookingId,
          booking.student_id,
          booking.teacher_id,
          input.stars,
          input.comment ?? null,
          now,
        ],
      );
    }
    return { rating: (await getRating(tx, bookingId))!, created: !existing };
  });
}

/**
 * A booking's rating as `viewer` may see it: its student, its teacher and
 * admins see it; anyone else gets null, as when there is none.
 */
export async function getRatingForViewer(
  db: Queryable,
  viewer: Pick<User, "id" | "role">,
  booking: Pick<Booking, "id" | "student_id" | "teacher_id">,
): Promise<Rating | null> {
  return ratingVisible(viewer, booking)
    ? await getRating(db, booking.id)
    : null;
}

/** Whether a viewer may see a booking's rating: its participants and admins. */
export function ratingVisible(
  viewer: Pick<User, "id" | "role">,
  booking: Pick<Booking, "student_id" | "teacher_id">,
): boolean {
  return viewer.role === "admin" || isParticipant(booking, viewer.id);
}

// Teachers read their own; admins read everyone's; students none.
function scopeOf(viewer: Pick<User, "id" | "role">): string | null {
  if (viewer.role === "admin") return null;
  if (viewer.role === "teacher") return viewer.id;
  throw new ForbiddenError(msg("error.rating.readersOnly"));
}

/**
 * One page of ratings, newest first: a teacher's own, or everyone's for an
 * admin.
 * @throws {ForbiddenError} for a student
 */
export async function listRatings(
  db: Queryable,
  viewer: Pick<User, "id" | "role">,
  page: { after?: Cursor; limit: number },
): Promise<Page<Rating>> {
  const teacherId = scopeOf(viewer);
  const params: unknown[] = [teacherId];
  const where = ["($1::uuid IS NULL OR r.teacher_id = $1::uuid)"];
  if (page.after) {
    const at = params.push(page.after.at);
    const id = params.push(page.after.id);
    where.push(
      `(r.created_at, r.booking_id) < ($${at}::timestamptz, $${id}::uuid)`,
    );
  }
  const limit = params.push(page.limit + 1);
  const rows = await db.query<RatingRow>(
    `${RATING_SELECT} WHERE ${where.join(" AND ")}
     ORDER BY r.created_at DESC, r.booking_id DESC LIMIT $${limit}`,
    params,
  );
  return toPage(
    rows.map(toRating),
    page.limit,
    (r) => ({ at: r.created_at, id: r.booking_id }),
  );
}

/**
 * How many ratings and their average: a teacher's own, or everyone's for
 * an admin.
 * @throws {ForbiddenError} for a student
 */
export async function summarizeRatings(
  db: Queryable,
  viewer: Pick<User, "id" | "role">,
): Promise<RatingSummary> {
  const teacherId = scopeOf(viewer);
  const [row] = await db.query<{ count: number; average: string | null }>(
    `SELECT count(*)::int AS count, round(avg(stars), 1)::text AS average
     FROM booking_ratings WHERE ($1::uuid IS NULL OR teacher_id = $1::uuid)`,
    [teacherId],
  );
  return {
    count: row.count,
    average: row.average === null ? null : Number(row.average),
  };
}
