// Sessions: an HS256 JWT names a row of `sessions`, so a token can be checked
// without a lookup for its signature and still be ended for real by revoking
// the row (logout, "sign out everywhere").
import { jwtVerify, SignJWT } from "jose";
import type { Queryable } from "@/lib/db/connection.ts";
import { type Read, run } from "@/lib/db/reads.ts";
import { toUser, type User, USER_COLUMNS } from "@/lib/auth/users.ts";

/** `iss` and `aud` of every session token. */
export const JWT_ISSUER = "talkroom";
/** `aud` of every session token. */
export const JWT_AUDIENCE = "talkroom";
/** How long a session lasts, in seconds (7 days). */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A JWT is three base64url parts; anything longer than this is not ours.
const MAX_TOKEN_LENGTH = 4096;

/** A new session and the token that carries it. */
export interface NewSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

// Importing the HMAC key is a WebCrypto round trip; every request verifies a
// token, so each secret is imported once.
const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
function hmacKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      secret as Uint8Array<ArrayBuffer>,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
  }
  return key;
}

/**
 * Starts a session for a user: inserts the `sessions` row and signs its token
 * (HS256; `iss`, `aud`, `sub` = user id, `jti` = session id, `iat`, `exp` in 7 days).
 * @throws database errors, e.g. a foreign-key violation for an unknown user
 */
export async function createSession(
  db: Queryable,
  secret: Uint8Array,
  userId: string,
): Promise<NewSession> {
  const sessionId = crypto.randomUUID();
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = new Date((issuedAt + SESSION_TTL_SECONDS) * 1000);
  await db.query(
    "INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, $3)",
    [
      sessionId,
      userId,
      expiresAt,
    ],
  );
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setSubject(userId)
    .setJti(sessionId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_TTL_SECONDS)
    .sign(await hmacKey(secret));
  return { token, sessionId, expiresAt };
}

/**
 * The signed-in user and session a token names, or null for any token that
 * is not a live session: bad signature, another algorithm (`none` included),
 * expired, wrong issuer or audience, missing claims, malformed, or a session
 * row that is missing, revoked, expired or of another user, or of a
 * disabled account.
 * @throws only database errors (an unreachable database is not "signed out")
 */
export async function verifySession(
  db: Queryable,
  secret: Uint8Array,
  token: string,
): Promise<LiveSession | null> {
  const claims = await sessionClaims(secret, token);
  return claims ? await run(db, liveSessionRead(claims)) : null;
}

/** A live session and its user. */
export interface LiveSession {
  user: User;
  sessionId: string;
}

/** What a token with a valid signature says: whose session, which one. */
export interface SessionClaims {
  userId: string;
  sessionId: string;
}

/**
 * The claims of a token whose signature, algorithm, issuer, audience and
 * expiry hold, or null. The session itself is not checked yet: that is
 * liveSessionRead() (verifySession() does both).
 */
export async function sessionClaims(
  secret: Uint8Array,
  token: string,
): Promise<SessionClaims | null> {
  if (
    typeof token !== "string" || token.length === 0 ||
    token.length > MAX_TOKEN_LENGTH
  ) {
    return null;
  }
  let sub: unknown, jti: unknown;
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      algorithms: ["HS256"],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      requiredClaims: ["sub", "jti", "exp", "iat"],
    });
    ({ sub, jti } = payload);
  } catch {
    return null;
  }
  if (
    typeof sub !== "string" || typeof jti !== "string" || !UUID.test(sub) ||
    !UUID.test(jti)
  ) {
    return null;
  }
  return { userId: sub, sessionId: jti };
}

/**
 * The read of the live session the claims name and its user (one query):
 * null when the row is missing, revoked, expired, of another user or of a
 * disabled account.
 */
export function liveSessionRead(
  claims: SessionClaims,
): Read<LiveSession | null> {
  return {
    text: `SELECT ${USER_COLUMNS.split(", ").map((c) => `u.${c}`).join(", ")}
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
        AND u.disabled_at IS NULL`,
    params: [claims.sessionId, claims.userId],
    decode: ([row]) =>
      row
        ? { user: toUser(row as unknown as User), sessionId: claims.sessionId }
        : null,
  };
}

/**
 * Ends a session: its token is refused from now on, even before it expires.
 * Unknown or already revoked sessions are left as they are.
 */
export async function revokeSession(
  db: Queryable,
  sessionId: string,
): Promise<void> {
  if (typeof sessionId !== "string" || !UUID.test(sessionId)) return;
  await db.query(
    "UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
    [sessionId],
  );
}

/**
 * Which of the given sessions are live (not revoked, not expired, of an
 * account that is not disabled); ids that
 * are not UUIDs are simply not live. One query for any number of ids.
 * @throws only database errors
 */
export async function activeSessionIds(
  db: Queryable,
  sessionIds: Iterable<string>,
): Promise<Set<string>> {
  const ids = [...sessionIds].filter((id) => UUID.test(id));
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(
    `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL
        AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** Ends every live session of a user (sign out everywhere, password change); returns how many. */
export async function revokeAllSessions(
  db: Queryable,
  userId: string,
): Promise<number> {
  if (typeof userId !== "string" || !UUID.test(userId)) return 0;
  const rows = await db.query(
    `UPDATE sessions SET revoked_at = now()
      WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
    [userId],
  );
  return rows.length;
}

/**
 * Deletes sessions that expired or were revoked more than `graceDays` ago;
 * returns how many. For a periodic job.
 */
export async function pruneSessions(
  db: Queryable,
  graceDays = 1,
): Promise<number> {
  const rows = await db.query(
    `DELETE FROM sessions
      WHERE expires_at < now() - make_interval(days => $1::integer)
         OR revoked_at < now() - make_interval(days => $1::integer)
     RETURNING id`,
    [Math.max(0, Math.trunc(graceDays))],
  );
  return rows.length;
}
