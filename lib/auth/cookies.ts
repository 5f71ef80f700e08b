// The session cookie and the token of a request, parsed and written with the
// `cookie` package. Over HTTPS the cookie carries the `__Host-` prefix, which
// the browser only accepts with Secure, Path=/ and no Domain, so no sibling or
// plain-HTTP origin can plant or overwrite it.
import { parseCookie, stringifySetCookie } from "cookie";
import { hasBearerAuth } from "@/lib/auth/origin.ts";

/** Name of the session cookie on plain-HTTP origins (local development). */
export const SESSION_COOKIE = "talkroom_session";
/** Name of the session cookie on HTTPS origins. */
export const SECURE_SESSION_COOKIE = "__Host-talkroom_session";

// base64url parts separated by dots: nothing that needs quoting in a cookie.
const TOKEN = /^[A-Za-z0-9._-]+$/;

/** The session cookie name for an HTTPS (`secure`) or plain-HTTP origin. */
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
  return setCookie(
    token,
    Math.max(0, Math.floor(options.maxAgeSeconds)),
    options.secure,
  );
}

/** The `Set-Cookie` value that deletes the session cookie. */
export function clearSessionCookieHeader(options: { secure: boolean }): string {
  return setCookie("", 0, options.secure, new Date(0));
}

/**
 * The session token of a request, or null: from `Authorization: Bearer
 * <token>` when that header is present, else from the session cookie. When
 * the browser talks HTTPS (`secure`: directly or through a TLS proxy, see
 * `isHttps`), only the `__Host-` cookie counts, whatever else is sent: a
 * plain-named one may have been planted over HTTP or by a sibling domain.
 * On plain HTTP either name is read, the plain one first.
 */
export function readSessionToken(
  req: Request,
  options: { secure: boolean },
): string | null {
  // With a Bearer header the cookie is never used, even when the header is
  // malformed: such a request is treated as not CSRF-able (see hasBearerAuth).
  if (hasBearerAuth(req)) return bearerToken(req);
  const header = req.headers.get("cookie");
  if (!header) return null;
  const cookies = parseCookie(header);
  const names = options.secure
    ? [SECURE_SESSION_COOKIE]
    : [SESSION_COOKIE, SECURE_SESSION_COOKIE];
  for (const name of names) {
    // A value may be sent in double quotes (RFC 6265's cookie-value).
    const token = cookies[name]?.replace(/^"(.*)"$/, "$1");
    if (token && TOKEN.test(token)) return token;
  }
  return null;
}

// The token of an `Authorization: Bearer <token>` header, or null.
function bearerToken(req: Request): string | null {
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i.exec(
    req.headers.get("authorization") ?? "",
  );
  return match ? match[1] : null;
}

function setCookie(
  value: string,
  maxAge: number,
  secure: boolean,
  expires?: Date,
): string {
  return stringifySetCookie({
    name: sessionCookieName(secure),
    value,
    path: "/",
    maxAge,
    expires,
    httpOnly: true,
    sameSite: "lax",
    secure,
  });
}
