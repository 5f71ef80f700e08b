// Login and registration throttling, kept in the database so every instance
// sees the same counts. Times come from the database clock so instances with
// skewed clocks agree. Each counter has a fixed window that starts with its
// first attempt; once it has ended, the next attempt starts a new one.
//
// A sign-in attempt is counted before its password is hashed, in one atomic
// statement, against three counters:
// - the pair (account, address): 5 per 15 minutes, whatever the address;
// - the account, from everywhere: 100 per 24 hours, a slower ceiling against
//   attackers spread over many addresses;
// - the address, for every account: 200 per 15 minutes, against spraying.
// The account and address ceilings never refuse an address the account has
// signed in from in the last 30 days ("known"), so the owner on their usual
// address is not locked out by an attacker elsewhere, and a school's shared
// address is not locked for the students who use it. An attempt that was
// refused, or whose password was right, is given back: the counters hold only
// the passwords that were checked and wrong.
//
// Every statement that writes several counters does it in one multi-row
// upsert in the same order (pair, account, address, known), so concurrent
// statements lock their rows in one order and cannot deadlock.
import type { Queryable } from "@/lib/db/connection.ts";
import { msg, type Text, TooManyRequestsError } from "@/lib/errors.ts";
import { normalizeEmail } from "@/lib/auth/email.ts";

/** Failed sign-ins of one account from one address within PAIR_WINDOW_SECONDS. */
export const PAIR_FAILURE_LIMIT = 5;
/** Window of the pair counter, in seconds (15 minutes). */
export const PAIR_WINDOW_SECONDS = 15 * 60;
/** Failed sign-ins of one account, from anywhere, within ACCOUNT_WINDOW_SECONDS; past it, addresses the account does not know are refused. */
export const ACCOUNT_FAILURE_LIMIT = 100;
/** Window of the account counter, in seconds (24 hours). */
export const ACCOUNT_WINDOW_SECONDS = 24 * 60 * 60;
/** Failed sign-ins from one address, to any account, within ADDRESS_WINDOW_SECONDS; past it, accounts that do not know the address are refused. */
export const ADDRESS_FAILURE_LIMIT = 200;
/** Window of the address counter, in seconds (15 minutes). */
export const ADDRESS_WINDOW_SECONDS = 15 * 60;
/** How long an address stays known to an account after a sign-in from it (30 days). */
export const KNOWN_ADDRESS_SECONDS = 30 * 24 * 60 * 60;
/** Registrations from one address within REGISTRATION_WINDOW_SECONDS. */
export const REGISTRATION_LIMIT = 30;
/** Window of the registration counter, in seconds (1 hour). */
export const REGISTRATION_WINDOW_SECONDS = 60 * 60;

// A row's window runs from window_started_at for window_seconds.
const ENDED =
  "t.window_started_at + make_interval(secs => t.window_seconds) <= now()";
const LIVE =
  "window_started_at + make_interval(secs => window_seconds) > now()";

/**
 * The end of an upsert into login_throttle AS t: one more attempt, or the
 * first of a new window when the counter's window has ended; returns the
 * scope, the count (as `attempts`) and the seconds left in the window.
 */
export const COUNT_ATTEMPT = `ON CONFLICT (scope, key) DO UPDATE SET
    failures = CASE WHEN ${ENDED} THEN 1 ELSE t.failures + 1 END,
    window_started_at = CASE WHEN ${ENDED} THEN now()
                             ELSE t.window_started_at END,
    window_seconds = CASE WHEN ${ENDED} THEN excluded.window_seconds
                          ELSE t.window_seconds END
  RETURNING scope, failures AS attempts,
    ceil(extract(epoch FROM window_started_at
      + make_interval(secs => window_seconds) - now()))::integer AS retry_after`;

/** What a throttling row counts. */
export type ThrottleScope =
  | "pair"
  | "account"
  | "address"
  | "known"
  | "register"
  | "reset_account"
  | "reset_address"
  | "email_change";

/** The throttle key of an email: normalizeEmail's, as accounts are stored. */
export function accountKey(email: string): string {
  return normalizeEmail(email);
}

/**
 * The throttle key of an (account, address) pair. The address key never holds
 * a space, so the first space separates the two unambiguously.
 */
export function pairKey(email: string, address: string): string {
  return `${addressKey(address)} ${accountKey(email)}`;
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
 * Counts a sign-in attempt before its password is checked, atomically (one
 * statement), and refuses it when the pair, or, from an address the account
 * does not know, the account or the address has reached its limit. A refused
 * attempt is given back at once. Call `loginSucceeded` after a right password;
 * after a wrong one the attempt stays counted.
 * @throws {TooManyRequestsError} with `retryAfter` = seconds until the
 *   refusing window ends
 */
export async function claimLoginAttempt(
  db: Queryable,
  email: string,
  address: string,
): Promise<void> {
  const pair = pairKey(email, address);
  const rows = await db.query<
    {
      scope: ThrottleScope;
      attempts: number;
      retry_after: number;
      known: boolean;
    }
  >(
    `WITH known AS (
       SELECT EXISTS (
         SELECT 1 FROM login_throttle
          WHERE scope = 'known' AND key = $1 AND ${LIVE}
       ) AS known
     ), counted AS (
       INSERT INTO login_throttle AS t
         (scope, key, failures, window_started_at, window_seconds)
       VALUES ('pair', $1, 1, now(), $4), ('account', $2, 1, now(), $5),
              ('address', $3, 1, now(), $6)
       ${COUNT_ATTEMPT}
     )
     SELECT counted.*, known.known FROM counted, known`,
    [
      pair,
      accountKey(email),
      addressKey(address),
      PAIR_WINDOW_SECONDS,
      ACCOUNT_WINDOW_SECONDS,
      ADDRESS_WINDOW_SECONDS,
    ],
  );
  let retryAfter = 0;
  for (const row of rows) {
    const limit = row.scope === "pair"
      ? PAIR_FAILURE_LIMIT
      : row.known
      ? Infinity
      : row.scope === "account"
      ? ACCOUNT_FAILURE_LIMIT
      : ADDRESS_FAILURE_LIMIT;
    if (Number(row.attempts) > limit) {
      retryAfter = Math.max(retryAfter, Number(row.retry_after), 1);
    }
  }
  if (retryAfter === 0) return;
  // Not checked, so not counted: a refused burst at one pair must not fill
  // the account's or the address's ceiling.
  await releaseLoginAttempt(db, email, address);
  throw new TooManyRequestsError(
    msg("error.throttle.login", { wait: waitText(retryAfter) }),
    retryAfter,
  );
}

/**
 * Gives back an attempt that `claimLoginAttempt` counted but whose password
 * was never checked (refused, or the check failed for another reason).
 */
export async function releaseLoginAttempt(
  db: Queryable,
  email: string,
  address: string,
): Promise<void> {
  // A counter that is gone is written back empty, its window already over.
  await db.query(
    `INSERT INTO login_throttle AS t
       (scope, key, failures, window_started_at, window_seconds)
     VALUES ('pair', $1, 0, now(), 0), ('account', $2, 0, now(), 0),
            ('address', $3, 0, now(), 0)
     ON CONFLICT (scope, key) DO UPDATE SET
       failures = greatest(t.failures - 1, 0)`,
    [pairKey(email, address), accountKey(email), addressKey(address)],
  );
}

/**
 * After a right password: clears the pair's failures, gives the attempt back
 * to the account and the address, and marks the address as known to the
 * account for KNOWN_ADDRESS_SECONDS.
 */
export async function loginSucceeded(
  db: Queryable,
  email: string,
  address: string,
): Promise<void> {
  await db.query(
    `INSERT INTO login_throttle AS t
       (scope, key, failures, window_started_at, window_seconds)
     VALUES ('pair', $1, 0, now(), 0), ('account', $2, 0, now(), 0),
            ('address', $3, 0, now(), 0), ('known', $1, 0, now(), $4)
     ON CONFLICT (scope, key) DO UPDATE SET
       failures = CASE WHEN t.scope IN ('account', 'address')
                       THEN greatest(t.failures - 1, 0) ELSE 0 END,
       window_started_at = CASE WHEN t.scope = 'known' THEN now()
                                ELSE t.window_started_at END,
       window_seconds = CASE WHEN t.scope = 'known' THEN excluded.window_seconds
                             ELSE t.window_seconds END`,
    [
      pairKey(email, address),
      accountKey(email),
      addressKey(address),
      KNOWN_ADDRESS_SECONDS,
    ],
  );
}

/**
 * Counts a registration from an address, atomically, and refuses it past
 * REGISTRATION_LIMIT in the window. Call before hashing the new password.
 * @throws {TooManyRequestsError} with `retryAfter` = seconds until the window ends
 */
export async function claimRegistration(
  db: Queryable,
  address: string,
): Promise<void> {
  const [row] = await db.query<{ attempts: number; retry_after: number }>(
    `INSERT INTO login_throttle AS t
       (scope, key, failures, window_started_at, window_seconds)
     VALUES ('register', $1, 1, now(), $2)
     ${COUNT_ATTEMPT}`,
    [addressKey(address), REGISTRATION_WINDOW_SECONDS],
  );
  if (Number(row.attempts) <= REGISTRATION_LIMIT) return;
  const retryAfter = Math.max(Number(row.retry_after), 1);
  throw new TooManyRequestsError(
    msg("error.throttle.register", { wait: waitText(retryAfter) }),
    retryAfter,
  );
}

/**
 * Clears an account's failed sign-ins (its pair counters and its account
 * counter) once its password was reset: failures against a password that no
 * longer exists must not keep the owner out.
 */
export async function forgetLoginFailures(
  db: Queryable,
  email: string,
): Promise<void> {
  const account = accountKey(email);
  await db.query(
    `DELETE FROM login_throttle
      WHERE (scope = 'account' AND key = $1)
         OR (scope = 'pair' AND right(key, char_length($1) + 1) = ' ' || $1)`,
    [account],
  );
}

/**
 * Deletes counters whose window has ended (they no longer refuse anything)
 * and known addresses that were not used for KNOWN_ADDRESS_SECONDS; returns
 * how many. For a periodic job, so the table does not grow without bound.
 */
export async function pruneLoginThrottle(db: Queryable): Promise<number> {
  const rows = await db.query(
    `DELETE FROM login_throttle AS t WHERE ${ENDED} RETURNING 1`,
  );
  return rows.length;
}

/** A wait as a refusal says it: "15 minutes", "1 minute", "24 hours". */
export function waitText(seconds: number): Text {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 90
    ? msg("error.duration.minutes", { count: minutes })
    : msg("error.duration.hours", { count: Math.ceil(minutes / 60) });
}
