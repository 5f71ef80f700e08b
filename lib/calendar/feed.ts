// A user's private calendar feed: a URL holding a long random token. Only
// the token's SHA-256 is stored, so a copy of the database opens no feed;
// a new token replaces the old one, and revoking deletes it.
import type { Queryable } from "@/lib/db/connection.ts";
import { timingSafeEqual } from "@/lib/auth/password.ts";
import { listFeedEntries } from "@/lib/calendar/entries.ts";
import { bookingsCalendar } from "@/lib/calendar/ics.ts";
import { translate } from "@/lib/i18n/messages.ts";
import { resolveLocale } from "@/lib/i18n/locale.ts";

/** Random bytes in a feed token (43 characters of base64url). */
export const FEED_TOKEN_BYTES = 32;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function encodeHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(token: string): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)),
  );
}

/** The path of a feed, as subscribed: `/calendar/<token>.ics`. */
export function feedPath(token: string): string {
  return `/calendar/${token}.ics`;
}

/**
 * Makes a new feed token for the user, replacing (and so revoking) any
 * earlier one, and returns it: this is the only time it can be shown.
 */
export async function createFeedToken(
  db: Queryable,
  userId: string,
): Promise<string> {
  const token = base64url(
    crypto.getRandomValues(new Uint8Array(FEED_TOKEN_BYTES)),
  );
  await db.query(
    `INSERT INTO calendar_feeds (user_id, token_hash)
     VALUES ($1, decode($2, 'hex'))
     ON CONFLICT (user_id)
       DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
    [userId, encodeHex(await sha256(token))],
  );
  return token;
}

/** Revokes the user's feed: its URL answers 404 from now on. */
export async function revokeFeed(db: Queryable, userId: string): Promise<void> {
  await db.query("DELETE FROM calendar_feeds WHERE user_id = $1", [userId]);
}

/** When the user's current feed token was made, or null when there is none. */
export async function getFeedCreatedAt(
  db: Queryable,
  userId: string,
): Promise<Date | null> {
  const [row] = await db.query<{ created_at: Date }>(
    "SELECT created_at FROM calendar_feeds WHERE user_id = $1",
    [userId],
  );
  return row ? new Date(row.created_at) : null;
}

/** A feed's owner: their id and the locale their feed is written in. */
interface FeedOwner {
  userId: string;
  /** The account's locale, else DEFAULT_LOCALE (no browser asks for a feed). */
  locale: string;
}

/**
 * The user a feed token belongs to, or null for a malformed, unknown or
 * revoked one. The lookup is by the token's SHA-256 (whose timing tells
 * nothing about the token), and the stored hash is then compared in
 * constant time.
 */
export async function findFeedOwner(
  db: Queryable,
  token: string,
): Promise<string | null> {
  return (await findOwner(db, token))?.userId ?? null;
}

/** findFeedOwner() with the owner's locale. */
async function findOwner(
  db: Queryable,
  token: string,
): Promise<FeedOwner | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const hash = encodeHex(await sha256(token));
  const [row] = await db.query<
    { user_id: string; token_hash: string; locale: string | null }
  >(
    `SELECT f.user_id, encode(f.token_hash, 'hex') AS token_hash, u.locale
       FROM calendar_feeds f JOIN users u ON u.id = f.user_id
      WHERE f.token_hash = decode($1, 'hex')`,
    [hash],
  );
  if (!row) return null;
  const encoder = new TextEncoder();
  return timingSafeEqual(encoder.encode(row.token_hash), encoder.encode(hash))
    ? { userId: row.user_id, locale: resolveLocale(row.locale, null) }
    : null;
}

/**
 * The calendar a feed token serves (its owner's lessons, named and written
 * in the owner's locale), or null for a token findFeedOwner() refuses.
 */
export async function feedCalendar(
  db: Queryable,
  token: string,
  origin: string,
  now: Date = new Date(),
): Promise<string | null> {
  const owner = await findOwner(db, token);
  if (!owner) return null;
  const entries = await listFeedEntries(db, owner.userId, now);
  return bookingsCalendar(entries, origin, {
    now,
    name: translate(owner.locale, "invite.feedName"),
    locale: owner.locale,
  });
}
