// Keyset pagination: a page ends at a position (a time and an id), and the
// next page starts after it. Positions travel as opaque strings.
import { isUuid } from "@/lib/bookings/model.ts";

/** A position in a list ordered by a time, then by id. */
export interface Cursor {
  at: Date;
  id: string;
}

/** One page of a list and where the next page starts (null on the last). */
export interface Page<T> {
  items: T[];
  next: Cursor | null;
}

/** Rows per page when the caller does not say. */
export const DEFAULT_PAGE_SIZE = 50;
/** The most rows one page may hold. */
export const MAX_PAGE_SIZE = 100;

/** The string form of a cursor, for `?after=`. */
export function encodeCursor(cursor: Cursor): string {
  return `${cursor.at.getTime()}_${cursor.id}`;
}

/** The cursor a string from encodeCursor() stands for, or null if it is not one. */
export function decodeCursor(text: string): Cursor | null {
  const match = /^(\d{1,15})_(.+)$/.exec(text);
  if (!match || !isUuid(match[2])) return null;
  const at = new Date(Number(match[1]));
  return Number.isNaN(at.getTime()) ? null : { at, id: match[2] };
}

/**
 * Cuts `limit + 1` fetched rows to one page: the extra row only tells that
 * another page follows, which starts after the page's last row.
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  position: (row: T) => Cursor,
): Page<T> {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: position(items[items.length - 1]) };
}

/** Rows per list on the HTML pages (/bookings, /teachers, /slots). */
export const LIST_PAGE_SIZE = 20;
