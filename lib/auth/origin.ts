// CSRF protection by origin. SameSite=Lax already keeps the session cookie off
// cross-site POSTs in current browsers; this check also covers older browsers,
// same-site sibling origins and WebSocket upgrades (which SameSite does not stop).

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether a method changes state and so needs the same-origin check. */
export function isUnsafeMethod(method: string): boolean {
  return UNSAFE_METHODS.has(method.toUpperCase());
}

/**
 * Whether a request comes from the app's own pages (or from a non-browser
 * client). The expected origin is `appOrigin` (APP_ORIGIN) or else the
 * request URL's origin; behind a proxy that rewrites the URL, set APP_ORIGIN.
 *
 * - `Origin` present: it must equal the expected origin (`null` is refused).
 * - `Origin` absent, `Sec-Fetch-Site` present: it must be `same-origin` or `none`.
 * - Both absent: allowed. Browsers send at least one of them on every unsafe
 *   request they make, so this is a script or curl, which cannot ride on a
 *   victim's cookies.
 *
 * It checks whatever request it is given, whatever the method, so the
 * WebSocket upgrade (a GET) can use it too; middleware calls it for unsafe
 * methods (see `isUnsafeMethod`).
 *
 * A request authenticated only by `Authorization: Bearer` cannot be forged
 * cross-site (a browser cannot add that header to another site's request
 * without CORS, which this app does not grant), so middleware may skip this
 * check for it, provided that it then ignores the cookie: see `hasBearerAuth`.
 */
export function checkSameOrigin(
  req: Request,
  appOrigin: string | null,
): boolean {
  const expected = appOrigin ?? new URL(req.url).origin;
  const origin = req.headers.get("origin");
  // Browsers send the serialized origin (lowercase, no path), so an exact
  // comparison is right; "null" never equals a real origin.
  if (origin !== null) return origin === expected;
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  return true;
}

/**
 * Whether the request carries an `Authorization: Bearer` header. Such a
 * request is not CSRF-able, because a cross-site page cannot set that header;
 * when it is present, `readSessionToken` reads only that header, never the
 * cookie, so the cookie is never what authenticates such a request.
 */
export function hasBearerAuth(req: Request): boolean {
  return /^Bearer(?:[ \t]|$)/i.test(req.headers.get("authorization") ?? "");
}
