// The HTTP answer that carries a calendar object.

/**
 * A `text/calendar; charset=utf-8` response, never stored by a shared cache.
 * With `filename` it is offered as a download (the "Add to calendar" file).
 */
export function calendarResponse(
  body: string,
  { filename }: { filename?: string } = {},
): Response {
  const headers = new Headers({
    "content-type": "text/calendar; charset=utf-8",
    // Personal data: a browser or calendar client may keep it, a proxy not.
    "cache-control": "private, max-age=0, must-revalidate",
    "x-robots-tag": "noindex",
  });
  if (filename) {
    headers.set("content-disposition", `attachment; filename="${filename}"`);
  }
  return new Response(body, { headers });
}

/** The feed's answer for an unknown or revoked token: a plain 404. */
export function feedNotFound(): Response {
  return new Response("Not found\n", {
    status: 404,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}

/** The public origin links in calendars point to: APP_ORIGIN, else the request's. */
export function publicOrigin(
  config: { appOrigin: string | null },
  url: URL,
): string {
  return config.appOrigin ?? url.origin;
}
