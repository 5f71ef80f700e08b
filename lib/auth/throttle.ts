// Login throttling, kept in the database so every instance sees the same
// counts. Only failed attempts count: people signing in correctly behind one
// school NAT address are never refused because of each other.
//
// Each (scope, key) has a fixed window that starts at its first failure; when
// the window has passed, the next failure starts a new one. Times come from the
// database clock so instances with skewed clocks agree.
import type { Queryable } from "@/lib/db/connection.ts";
import { TooManyRequestsError } from "@/lib/errors.ts";

/** Length of a throttling window, in seconds (15 minutes). */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
/** Failed attempts on one account within a window before it is locked. */
export const ACCOUNT_FAILURE_LIMIT = 5;
/** Failed attempts from one client address within a window before it is locked. */
export const ADDRESS_FAILURE_LIMIT = 50;

/** What a throttling row counts: an account (lowercased email) or a client address. */
export type ThrottleScope = "account" | "address";

/** The throttle key of an email: trimmed and lowercased. */
export function accountKey(email: string): string {
  return String(email).trim().toLowerCase();
}

/**
 * The throttle key of a client address: an IPv4 address as is (also when
 * IPv4-mapped), an IPv6 address as its /64 network, since one host commonly
 * holds a whole /64 and could otherwise rotate through it.
 */
export function addressKey(address: string): string {
  const text = String(address).trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (!text.includes(":")) return text;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(
    text,
  );
  if (mapped) return mapped[1];
  const hextets = expandIpv6(text.replace(/%.*$/, ""));
  return hextets ? `${hextets.slice(0, 4).join(":")}::/64` : text;
}

function expandIpv6(text: string): string[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [
    ...head,
    ...Array(halves.length === 2 ? missing : 0).fill("0"),
    ...tail,
  ];
  if (!all.every((h) => /^[0-9a-f]{1,4}$/.test(h))) return null;
  return all.map((h) => h.replace(/^0+(?=.)/, ""));
}

/**
 * Refuses a sign-in attempt while the account or the address has reached its
 * failure limit in the current window. Call before checking the password, so a
 * locked account is refused even with the right one.
 * @throws {TooManyRequestsError} with `retryAfter` = seconds until the window ends
 */
export async function assertLoginAllowed(
  db: Queryable,
  email: string,
  address: string,
): Promise<void> {
  const rows = await db.query<
    { scope: ThrottleScope; failures: number; retry_after: number }
  >(
    `SELECT scope, failures,
            ceil(extract(epoch FROM window_started_at
              + make_interval(secs => $3::integer) - now()))::integer AS retry_after
       FROM login_throttle
      WHERE ((scope = 'account' AND key = $1) OR (scope = 'address' AND key = $2))
        AND window_started_at > now() - make_interval(secs => $3::integer)`,
    [accountKey(email), addressKey(address), THROTTLE_WINDOW_SECONDS],
  );
  let retryAfter = 0;
  for (const row of rows) {
    const limit = row.scope === "account"
      ? ACCOUNT_FAILURE_LIMIT
      : ADDRESS_FAILURE_LIMIT;
    if (Number(row.failures) >= limit) {
      retryAfter = Math.max(retryAfter, Number(row.retry_after), 1);
    }
  }
  if (retryAfter > 0) {
    const minutes = Math.ceil(retryAfter / 60);
    throw new TooManyRequestsError(
      `Too many failed sign-in attempts: try again in ${minutes} minute${
        minutes === 1 ? "" : "s"
      }`,
      retryAfter,
    );
  }
}

/**
 * Counts one failed sign-in against the account and the address, in one
 * atomic upsert: concurrent failures are all counted, and a counter whose
 * window has ended starts a new window at 1.
 */
export async function recordLoginFailure(
  db: Queryable,
  email: string,
  address: string,
): Promise<void> {
  await db.query(
    `INSERT INTO login_throttle AS t (scope, key, failures, window_started_at)
     VALUES ('account', $1, 1, now()), ('address', $2, 1, now())
     ON CONFLICT (scope, key) DO UPDATE SET
       failures = CASE
         WHEN t.window_started_at <= now() - make_interval(secs => $3::integer) THEN 1
         ELSE t.failures + 1 END,
       window_started_at = CASE
         WHEN t.window_started_at <= now() - make_interval(secs => $3::integer) THEN now()
         ELSE t.window_started_at END`,
    [accountKey(email), addressKey(address), THROTTLE_WINDOW_SECONDS],
  );
}

/** Forgets the account's failed attempts, after a successful sign-in. */
export async function clearAccountFailures(
  db: Queryable,
  email: string,
): Promise<void> {
  await db.query(
    `DELETE FROM login_throttle WHERE scope = 'account' AND key = $1`,
    [
      accountKey(email),
    ],
  );
}

/**
 * Deletes counters whose window has ended (they no longer refuse anything);
 * returns how many. For a periodic job, so the table does not grow without bound.
 */
export async function pruneLoginThrottle(db: Queryable): Promise<number> {
  const rows = await db.query(
    `DELETE FROM login_throttle
      WHERE window_started_at <= now() - make_interval(secs => $1::integer)
      RETURNING 1`,
    [THROTTLE_WINDOW_SECONDS],
  );
  return rows.length;
}
