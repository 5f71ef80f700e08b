// The sections of the booking list (/bookings): requests waiting for an
// answer, today's lessons, later ones, cancelled and declined ones, and the
// past, each a keyset-paged list; or one status across all of them. Reads
// never write: finished bookings the sweep has not reached are shown settled.
import type { Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import type { Booking, BookingStatus } from "@/lib/bookings/model.ts";
import {
  BOOKING_LIST_SELECT,
  type BookingRow,
  toBooking,
} from "@/lib/bookings/_rows.ts";
import { settle } from "@/lib/bookings/attendance.ts";
import { type Cursor, type Page, toPage } from "@/lib/bookings/cursor.ts";
import { fromLocalInputValue, toLocalInputValue } from "@/lib/format.ts";

/** The sections of the unfiltered list, in the order the page shows them. */
export const LIST_SECTIONS = [
  "requests",
  "today",
  "upcoming",
  "cancelled",
  "past",
] as const;

/** One section of the booking list. */
export type ListSection = typeof LIST_SECTIONS[number];

/** The moments a list is cut at: now and the end of the viewer's day. */
export interface ListClock {
  now: Date;
  /** Midnight after `now` in the viewer's time zone. */
  endOfToday: Date;
}

/** The end of `now`'s day (the next midnight) in a time zone. */
export function endOfDay(now: Date, timeZone: string): Date {
  const today = toLocalInputValue(now, timeZone).slice(0, 10);
  const [y, m, d] = today.split("-").map(Number);
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(
    0,
    10,
  );
  return fromLocalInputValue(`${tomorrow}T00:00`, timeZone)!;
}

/** A ListClock for a viewer's zone at `now`. */
export function listClock(now: Date, timeZone: string): ListClock {
  return { now, endOfToday: endOfDay(now, timeZone) };
}

// $1 the user, $2 now, $3 the end of today. `requests` is the user's to
// answer as teacher, or waiting for their teacher as student; a pending
// booking that has started (unanswered) is today's until it ends.
const SECTION_WHERE: Record<ListSection, string> = {
  requests: "b.status = 'pending' AND b.start_at > $2",
  today: `b.end_at > $2 AND b.start_at < $3
    AND (b.status = 'confirmed' OR (b.status = 'pending' AND b.start_at <= $2))`,
  upcoming: "b.status = 'confirmed' AND b.start_at >= $3",
  cancelled: "b.status = 'cancelled'",
  past: `b.status <> 'cancelled'
    AND (b.end_at <= $2 OR b.status NOT IN ('pending', 'confirmed'))`,
};

/** Sections listed latest first; the others earliest first. */
const DESCENDING: ReadonlySet<ListSection> = new Set(["cancelled", "past"]);

// A status filter as stored rows: a finished pending or confirmed booking
// shows as completed or no_show (settle() tells which, after the query).
function statusWhere(status: BookingStatus): string {
  switch (status) {
    case "pending":
    case "confirmed":
      return `b.status = '${status}' AND b.end_at > $2`;
    case "completed":
    case "no_show":
      return `(b.status = '${status}'
        OR (b.status IN ('pending', 'confirmed') AND b.end_at <= $2))`;
    default:
      return `b.status = '${status}'`;
  }
}

/** Which bookings one list holds: a section, or every booking of a status. */
export type ListKind = { section: ListSection } | { status: BookingStatus };

/** True when the list of `kind` is ordered latest first. */
export function isDescending(kind: ListKind): boolean {
  if ("section" in kind) return DESCENDING.has(kind.section);
  return kind.status !== "pending" && kind.status !== "confirmed";
}

/**
 * One page of a list of the user's bookings (as student or teacher; as the
 * teacher only for `requests` of a teacher), ordered by start and id, as
 * they stand at `clock.now`. A status filter of `completed` or `no_show`
 * may give a short page while the sweep has not reached a finished booking;
 * `next` still says whether more follow. The list shows no attendance, so
 * only bookings settle() needs it for carry their evidence.
 */
export async function listBookingSection(
  db: Queryable,
  user: Pick<User, "id" | "role">,
  kind: ListKind,
  page: { after?: Cursor; limit: number },
  clock: ListClock,
): Promise<Page<Booking>> {
  const params: unknown[] = [user.id, clock.now, clock.endOfToday];
  const where = [
    "section" in kind && kind.section === "requests" && user.role === "teacher"
      ? "b.teacher_id = $1"
      : "(b.student_id = $1 OR b.teacher_id = $1)",
    "section" in kind ? SECTION_WHERE[kind.section] : statusWhere(kind.status),
  ];
  const descending = isDescending(kind);
  if (page.after) {
    const at = params.push(page.after.at);
    const id = params.push(page.after.id);
    where.push(
      `(b.start_at, b.id) ${
        descending ? "<" : ">"
      } ($${at}::timestamptz, $${id}::uuid)`,
    );
  }
  const direction = descending ? "DESC" : "ASC";
  const limit = params.push(page.limit + 1);
  const rows = await db.query<BookingRow>(
    `${BOOKING_LIST_SELECT} WHERE ${where.join(" AND ")}
     AND $2::timestamptz IS NOT NULL AND $3::timestamptz IS NOT NULL
     ORDER BY b.start_at ${direction}, b.id ${direction}
     LIMIT $${limit}`,
    params,
  );
  const result = toPage(
    rows.map(toBooking),
    page.limit,
    (b) => ({ at: b.start_at, id: b.id }),
  );
  const items = result.items.map((b) => settle(b, clock.now));
  return {
    items: "status" in kind
      ? items.filter((b) => b.status === kind.status)
      : items,
    next: result.next,
  };
}

/** How many requests wait for this teacher's answer (0 for a student). */
export async function countRequestsFor(
  db: Queryable,
  user: Pick<User, "id" | "role">,
  now: Date,
): Promise<number> {
  if (user.role !== "teacher") return 0;
  const [row] = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM bookings
     WHERE teacher_id = $1 AND status = 'pending' AND start_at > $2`,
    [user.id, now],
  );
  return row?.count ?? 0;
}
