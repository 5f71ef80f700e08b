// Reading bookings. Reads never write: a finished booking the sweep has not
// reached yet is shown settled (settle()), and stays as stored until then.
import type { Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import { ForbiddenError, msg, NotFoundError } from "@/lib/errors.ts";
import {
  type Booking,
  type BookingStatus,
  isParticipant,
  isUuid,
} from "@/lib/bookings/model.ts";
import {
  BOOKING_SELECT,
  type BookingRow,
  toBooking,
} from "@/lib/bookings/_rows.ts";
import { settle } from "@/lib/bookings/attendance.ts";
import { type Read, run } from "@/lib/db/reads.ts";
import {
  type Cursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  toPage,
} from "@/lib/bookings/cursor.ts";

/** A booking by id as it stands at `now` (settled if it has ended), or null. */
export async function getBooking(
  db: Queryable,
  id: string,
  now = new Date(),
): Promise<Booking | null> {
  if (!isUuid(id)) return null;
  return await run(db, bookingRead(id, now));
}

/** The read of getBooking() for a valid id. */
export function bookingRead(id: string, now: Date): Read<Booking | null> {
  return {
    text: `${BOOKING_SELECT} WHERE b.id = $1`,
    params: [id],
    decode: ([row]) =>
      row ? settle(toBooking(row as unknown as BookingRow), now) : null,
  };
}

/**
 * The booking if the user takes part in it.
 * @throws {NotFoundError} for no booking
 * @throws {ForbiddenError} when the user is not one of its participants
 */
export function participantBooking(
  booking: Booking | null,
  user: Pick<User, "id">,
): Booking {
  if (!booking) throw new NotFoundError(msg("error.booking.notFound"));
  if (!isParticipant(booking, user.id)) {
    throw new ForbiddenError(msg("error.booking.notYours"));
  }
  return booking;
}

/**
 * A booking the user takes part in, as it stands at `now`.
 * @throws {NotFoundError} for an unknown booking
 * @throws {ForbiddenError} when the user is not one of its participants
 */
export async function getBookingForUser(
  db: Queryable,
  user: Pick<User, "id">,
  id: string,
  now = new Date(),
): Promise<Booking> {
  return participantBooking(await getBooking(db, id, now), user);
}

/** Filters and position for a user's bookings. */
export interface BookingFilter {
  status?: BookingStatus;
  /** upcoming: not yet ended, earliest first; past: ended, latest first. */
  scope?: "upcoming" | "past";
  /** Start after this position (the `next` of the page before). */
  after?: Cursor;
  /** Bookings per page (DEFAULT_PAGE_SIZE when absent). */
  limit?: number;
}

/** Where a booking stands in a list of bookings. */
function bookingPosition(booking: Booking): Cursor {
  return { at: booking.start_at, id: booking.id };
}

/**
 * One page of the user's own bookings (as student or teacher), ordered by
 * start (latest first for `past`), as they stand at `now`. Filtered by
 * an outcome (`completed`, `no_show`, `technical_failure`), a page may hold fewer than `limit` while the
 * sweep has not yet reached a finished booking; `next` still says whether
 * more follow.
 */
export async function listBookingsForUser(
  db: Queryable,
  user: Pick<User, "id">,
  filter: BookingFilter = {},
  now = new Date(),
): Promise<Page<Booking>> {
  const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
  const where = ["(b.student_id = $1 OR b.teacher_id = $1)"];
  const params: unknown[] = [user.id, now];
  const status = filter.status;
  if (status === "pending" || status === "confirmed") {
    where.push(`b.status = $${params.push(status)} AND b.end_at > $2`);
  } else if (
    status === "completed" || status === "no_show" ||
    status === "technical_failure"
  ) {
    // Unsettled finished bookings may be any; settle() tells below.
    where.push(
      `(b.status = $${params.push(status)}
        OR (b.status = 'confirmed' AND b.end_at <= $2))`,
    );
  } else if (status) {
    where.push(`b.status = $${params.push(status)}`);
  }
  if (filter.scope === "upcoming") where.push("b.end_at > $2");
  if (filter.scope === "past") where.push("b.end_at <= $2");
  const descending = filter.scope === "past";
  if (filter.after) {
    const at = params.push(filter.after.at);
    const id = params.push(filter.after.id);
    where.push(
      `(b.start_at, b.id) ${
        descending ? "<" : ">"
      } ($${at}::timestamptz, $${id}::uuid)`,
    );
  }
  const direction = descending ? "DESC" : "ASC";
  const limitParam = params.push(limit + 1);
  const rows = await db.query<BookingRow>(
    `${BOOKING_SELECT} WHERE ${where.join(" AND ")}
     AND $2::timestamptz IS NOT NULL
     ORDER BY b.start_at ${direction}, b.id ${direction}
     LIMIT $${limitParam}`,
    params,
  );
  const page = toPage(rows.map(toBooking), limit, bookingPosition);
  const items = page.items.map((b) => settle(b, now));
  return {
    items: status ? items.filter((b) => b.status === status) : items,
    next: page.next,
  };
}
