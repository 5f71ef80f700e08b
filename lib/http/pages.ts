// Helpers for HTML page routes.
import type { FreshContext } from "$fresh/server.ts";
import { UnauthorizedError } from "@/lib/errors.ts";
import type { User } from "@/lib/auth/users.ts";
import type { State } from "@/lib/http/api.ts";

/** A redirect after a form post (303, so the browser follows with GET). */
export function redirect(location: string, status = 303): Response {
  return new Response(null, { status, headers: { location } });
}

/** Where to send an anonymous visitor: the login page, then back here. */
export function loginRedirect(url: URL): Response {
  const next = url.pathname + url.search;
  return redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}

/** Only same-site paths are followed after login (no open redirects). */
export function safeNext(value: string | null | undefined): string {
  if (
    !value || !value.startsWith("/") || value.startsWith("//") ||
    value.startsWith("/\\")
  ) {
    return "/bookings";
  }
  return value;
}

/**
 * The signed-in user of a page.
 * @throws {UnauthorizedError} which the error page turns into a login redirect
 */
export function pageUser(ctx: FreshContext<State>): User {
  if (!ctx.state.user) throw new UnauthorizedError();
  return ctx.state.user;
}
