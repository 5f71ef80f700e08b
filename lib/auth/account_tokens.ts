// Single-use tokens sent by e-mail (a password reset, the confirmation of a
// new address). The link carries 32 random bytes; account_tokens keeps only
// their SHA-256, so a copy of the database opens no account. A token is used
// up by the one statement that checks it, so two uses at once cannot both win.
import type { Queryable } from "@/lib/db/connection.ts";

/** What an account token is for. */
export type TokenPurpose = "password_reset" | "email_change";

/** A live token's row, with the facts of its user that its use needs. */
export interface AccountToken {
  user_id: string;
  /** The user's address (before any change). */
  email: string;
  username: string;
  /** For an e-mail change: the address to move to. */
  new_email: string | null;
  expires_at: Date;
}

// 32 bytes in unpadded base64url.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Headers for a page whose URL or form holds a token: `Referrer-Policy:
 * strict-origin`, so nothing it links to or loads learns the token (the
 * Referer is the bare origin), and `Cache-Control: no-store`, so no cache
 * keeps it. Returns the response. Not `no-referrer`: under it a browser sends
 * `Origin: null` with the page's own form post, which the same-origin check
 * refuses (tests/notifications_browser_test.ts).
 */
export function protectTokenPage(res: Response): Response {
  res.headers.set("referrer-policy", "strict-origin");
  res.headers.set("cache-control", "no-store");
  return res;
}

/** A new token: 32 random bytes, base64url without padding (43 characters). */
export function newAccountToken(): string {
  return crypto.getRandomValues(new Uint8Array(32)).toBase64({
    alphabet: "base64url",
    omitPadding: true,
  });
}

/** The SHA-256 of a token, in hex: what account_tokens stores (decoded to bytea). */
export async function tokenHashHex(token: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(token),
  );
  return new Uint8Array(digest).toHex();
}

/**
 * Stores a token for the user who has `email` now, valid for `ttlSeconds`,
 * and returns the user's id and the expiry; null when no user has the
 * address, after the same statement (so an unknown address costs the same).
 */
export async function insertAccountToken(
  tx: Queryable,
  token: string,
  input: {
    email: string;
    purpose: TokenPurpose;
    newEmail?: string;
    ttlSeconds: number;
  },
): Promise<{ user_id: string; expires_at: Date } | null> {
  const [row] = await tx.query<{ user_id: string; expires_at: Date }>(
    `INSERT INTO account_tokens
       (token_hash, user_id, purpose, new_email, expires_at)
     SELECT decode($1, 'hex'), id, $3, $4,
            now() + make_interval(secs => $5::integer)
       FROM users WHERE email = $2
     RETURNING user_id, expires_at`,
    [
      await tokenHashHex(token),
      input.email,
      input.purpose,
      input.newEmail ?? null,
      input.ttlSeconds,
    ],
  );
  return row ? { ...row, expires_at: new Date(row.expires_at) } : null;
}

/**
 * The live (unused, unexpired) token of this purpose, or null for any other
 * string. Reads only: the token stays usable.
 */
export async function findAccountToken(
  db: Queryable,
  token: string,
  purpose: TokenPurpose,
): Promise<AccountToken | null> {
  return await tokenQuery(db, token, purpose, "SELECT");
}

/**
 * Uses a live token up and returns it, or null when it is unknown, used,
 * expired or of another purpose. Atomic: of two uses at once one gets null.
 */
export async function useAccountToken(
  tx: Queryable,
  token: string,
  purpose: TokenPurpose,
): Promise<AccountToken | null> {
  return await tokenQuery(tx, token, purpose, "UPDATE");
}

/** Ends every live token of a user for a purpose (a newer one was used). */
export async function expireAccountTokens(
  tx: Queryable,
  userId: string,
  purpose: TokenPurpose,
): Promise<void> {
  await tx.query(
    `UPDATE account_tokens SET used_at = now()
      WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
    [userId, purpose],
  );
}

async function tokenQuery(
  db: Queryable,
  token: string,
  purpose: TokenPurpose,
  verb: "SELECT" | "UPDATE",
): Promise<AccountToken | null> {
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) return null;
  const live = `t.token_hash = decode($1, 'hex') AND t.purpose = $2
    AND t.used_at IS NULL AND t.expires_at > now()`;
  const columns = "t.user_id, u.email, u.username, t.new_email, t.expires_at";
  const sql = verb === "SELECT"
    ? `SELECT ${columns} FROM account_tokens t
         JOIN users u ON u.id = t.user_id WHERE ${live}`
    : `UPDATE account_tokens t SET used_at = now() FROM users u
        WHERE u.id = t.user_id AND ${live} RETURNING ${columns}`;
  const [row] = await db.query<AccountToken>(sql, [
    await tokenHashHex(token),
    purpose,
  ]);
  return row ? { ...row, expires_at: new Date(row.expires_at) } : null;
}
