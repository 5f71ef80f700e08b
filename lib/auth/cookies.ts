// The session cookie and the token of a request. Over HTTPS it carries the `__Host-` prefix, which the
// browser only accepts with Secure, Path=/ and no Domain, so no sibling or
// plain-HTTP origin can plant or overwrite it.

/** Name of the session cookie on plain-HTTP requests (local development). */
export const SESSION_COOKIE = "talkroom_session";
/** Name of the session cookie on HTTPS requests. */
export const SECURE_SESSION_COOKIE = "__Host-talkroom_session";

import { hasBearerAuth } from "@/lib/auth/origin.ts";

// base64url parts separated by dots: nothing that needs quoting in a cookie.
const TOKEN = /^[A-Za-z0-9._-]+$/;

/**
 * Whether the request arrived over HTTPS, judged by its URL only. The
 * `X-Forwarded-Proto` header is not trusted: any client can send it.
 */
export function isSecureRequest(req: Request): boolean {
  return new URL(req.url).protocol === "https:";
}

/** The session cookie name for a secure (HTTPS) or plain request. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/**
 * The `Set-Cookie` value that stores a session token: HttpOnly, SameSite=Lax,
 * Path=/, Max-Age, and Secure with the `__Host-` name when `secure`.
 * @throws {TypeError} when the token has characters a JWT never has
 */
export function sessionCookieHeader(
  token: string,
  options: { secure: boolean; maxAgeSeconds: number },
): string {
  if (!TOKEN.test(token)) {
    throw new TypeError("Session token has invalid characters");
  }
  const maxAge = Math.max(0, Math.floor(options.maxAgeSeconds));
  return cookie(
    sessionCookieName(options.secure),
    token,
    maxAge,
    options.secure,
  );
}

/** The `Set-Cookie` value that deletes the session cookie. */
export function clearSessionCookieHeader(options: { secure: boolean }): string {
  return cookie(sessionCookieName(options.secure), "", 0, options.secure) +
    "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
}

/**
 * The session token of a request, or null: from `Authorization: Bearer
 * <token>` when that header is present, else from the session cookie. On an HTTPS request only the
 * `__Host-` cookie is read, because a plain-named cookie there may have been
 * planted by a network attacker over HTTP; on a plain request either name is.
 */
export function readSessionToken(req: Request): string | null {
  // With a Bearer header the cookie is never used, even when the header is
  // malformed: such a request is treated as not CSRF-able (see hasBearerAuth).
  if (hasBearerAuth(req)) return bearerToken(req);
  const cookies = parseCookies(req.headers.get("cookie"));
  const names = isSecureRequest(req)
    ? [SECURE_SESSION_COOKIE]
    : [SESSION_COOKIE, SECURE_SESSION_COOKIE];
  for (const name of names) {
    const token = cookies.get(name)?.find((value) => TOKEN.test(value));
    if (token) return token;
  }
  return null;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: Request): string | null {
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i.exec(
    req.headers.get("authorization") ?? "",
  );
  return match ? match[1] : null;
}

/**
 * Parses a `Cookie` header into name → values (a name can repeat, e.g. for
 * different paths; the browser sends the most specific first). Tolerates
 * missing spaces, empty pairs, quoted values and pairs without `=`.
 */
export function parseCookies(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!header) return out;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq === -1) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    if (!name) continue;
    const values = out.get(name);
    if (values) values.push(value);
    else out.set(name, [value]);
  }
  return out;
}

function cookie(
  name: string,
  value: string,
  maxAge: number,
  secure: boolean,
): string {
  const parts = [
    `${name}=${value}`,
    "Path=/",
    `Max-Age=${maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}
