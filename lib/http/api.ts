// What every route gets on ctx.state, and the JSON answer of API routes.
// Errors are not handled here: routes throw the app's errors and
// routes/api/_middleware.ts turns them into responses.
import type { AuthState } from "@/lib/auth/state.ts";
import type { AppContext } from "@/lib/context.ts";

/**
 * State the root middleware puts on every request: the session, facts about
 * the client, and the services (database, configuration, secret, signaling),
 * so routes never reach for a process-wide context.
 */
export type State = AuthState & AppContext & {
  /** The client's address (X-Forwarded-For behind trusted proxies). */
  clientAddress: string;
  /** This request's id, as logged and sent back in x-request-id. */
  requestId: string;
  /** The locale pages are written in (lib/i18n/locale.ts resolveLocale()). */
  locale: string;
  /**
   * The signed-in user's unread notifications as read with the session, for
   * a page's header (GET pages only; undefined when not read).
   */
  unread?: number;
};

/** A JSON response that is never cached. */
export function json(
  body: unknown,
  status = 200,
  headers?: HeadersInit,
): Response {
  const h = new Headers(headers);
  h.set("cache-control", "no-store");
  return Response.json(body, { status, headers: h });
}
