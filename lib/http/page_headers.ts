// Headers every HTML page gets: a Content-Security-Policy (also on pages the
// runtime renders without one) and, for a signed-in visitor, a Cache-Control
// that keeps shared caches from storing a personal page.

const SCRIPT_NONCE = /<script\b[^>]*\snonce="([A-Za-z0-9_+/=-]+)"/;

/**
 * The app's page policy: same-origin resources; scripts only by the nonce
 * the runtime put on its own script tags (none at all on a page without
 * them); no plugins, framing, <base> hijacking or cross-site form posts.
 */
export function pageCsp(nonce: string | null): string {
  return [
    "default-src 'self'",
    nonce
      ? `script-src 'nonce-${nonce}' 'strict-dynamic'`
      : "script-src 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Adds the page headers to a response: the policy to HTML without one
 * (reading the nonce from the page's script tags), and
 * `Cache-Control: private, no-store` when somebody is signed in.
 */
export async function withPageHeaders(
  res: Response,
  signedIn: boolean,
): Promise<Response> {
  const type = res.headers.get("content-type") ?? "";
  if (
    type.startsWith("text/html") && !res.headers.has("content-security-policy")
  ) {
    // A HEAD answer has no body, and so no script to allow.
    const html = res.body ? await res.text() : null;
    const headers = new Headers(res.headers);
    headers.set(
      "content-security-policy",
      pageCsp(html === null ? null : SCRIPT_NONCE.exec(html)?.[1] ?? null),
    );
    res = new Response(html, {
      status: res.status,
      statusText: res.statusText,
      headers,
    });
  }
  if (signedIn) res.headers.set("cache-control", "private, no-store");
  return res;
}
