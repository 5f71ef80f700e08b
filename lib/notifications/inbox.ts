// A user's notifications in the app: newest first in pages, the unread count,
// and marking read. Every function is scoped to one user: nobody reads or
// marks another's notification.
import type { Queryable } from "@/lib/db/connection.ts";
import { msg, NotFoundError } from "@/lib/errors.ts";
import { type Read, run } from "@/lib/db/reads.ts";
import { isUuid } from "@/lib/bookings/model.ts";
import type { Notification } from "@/lib/notifications/model.ts";

/** Notifications per page when the caller does not say. */
export const INBOX_PAGE_SIZE = 20;
/** The most notifications one page may hold. */
export const INBOX_MAX_PAGE_SIZE = 100;

/** One page of notifications and the position of the next (null on the last). */
export interface InboxPage {
  items: Notification[];
  next: string | null;
}

// A position is the row's created_at in whole microseconds (what
// timestamptz stores, so no row is skipped between pages) and its id.
const POSITION = /^(\d{1,18})_([0-9a-f-]{36})$/i;

/** True when `text` is a position a previous page handed out. */
export function isInboxPosition(text: string): boolean {
  const match = POSITION.exec(text);
  return match !== null && isUuid(match[2]);
}

const COLUMNS = `n.id, n.user_id, n.kind, n.booking_id, n.facts, n.created_at,
  n.read_at, n.email_status`;

type Row = Notification & { position: string };

function toNotification({ position: _, ...row }: Row): Notification {
  return row;
}

/**
 * One page of the user's notifications, newest first, starting after
 * `after` (a `next` of an earlier page; the edge checks it with
 * isInboxPosition(), and one that is not a position starts at the newest).
 */
export async function listNotifications(
  db: Queryable,
  userId: string,
  options: { after?: string; limit?: number } = {},
): Promise<InboxPage> {
  const limit = options.limit ?? INBOX_PAGE_SIZE;
  const params: unknown[] = [userId, limit + 1];
  let where = "n.user_id = $1";
  const match = options.after ? POSITION.exec(options.after) : null;
  if (match) {
    params.push(match[1], match[2]);
    where += ` AND (n.created_at, n.id) <
      ('epoch'::timestamptz + $3::bigint * interval '1 microsecond', $4::uuid)`;
  }
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS},
            (floor(extract(epoch FROM n.created_at) * 1000000))::bigint::text
              || '_' || n.id AS position
       FROM notifications n
      WHERE ${where}
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT $2`,
    params,
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return {
    items: page.map(toNotification),
    next: more ? page[page.length - 1].position : null,
  };
}

/** How many of the user's notifications are unread. */
export function countUnread(db: Queryable, userId: string): Promise<number> {
  return run(db, unreadCountRead(userId));
}

/** The read of countUnread(). */
export function unreadCountRead(userId: string): Read<number> {
  return {
    text:
      "SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    params: [userId],
    decode: ([row]) => Number(row.count),
  };
}

/**
 * Marks one of the user's notifications read (once: a second call keeps the
 * first time) and returns it.
 * @throws {NotFoundError} when it is unknown or another user's
 */
export async function markRead(
  db: Queryable,
  userId: string,
  id: string,
): Promise<Notification> {
  if (!isUuid(id)) throw new NotFoundError(msg("error.notification.notFound"));
  const rows = await db.query<Row>(
    `UPDATE notifications n SET read_at = coalesce(n.read_at, now())
      WHERE n.id = $1 AND n.user_id = $2
      RETURNING ${COLUMNS}, '' AS position`,
    [id, userId],
  );
  if (!rows[0]) throw new NotFoundError(msg("error.notification.notFound"));
  return toNotification(rows[0]);
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllRead(
  db: Queryable,
  userId: string,
): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `UPDATE notifications SET read_at = now()
      WHERE user_id = $1 AND read_at IS NULL RETURNING id`,
    [userId],
  );
  return rows.length;
}
