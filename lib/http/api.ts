// Helpers for JSON API routes: one error path, and the signed-in user.
import type { FreshContext, Handler, Handlers } from "$fresh/server.ts";
import { errorResponse, UnauthorizedError } from "@/lib/errors.ts";
import type { AuthState } from "@/lib/auth/state.ts";
import type { User } from "@/lib/auth/users.ts";

/** State the root middleware puts on every request. */
export type State = AuthState & {
  /** The client's address (X-Forwarded-For behind trusted proxies). */
  clientAddress: string;
  /** This request's id, as logged and sent back in x-request-id. */
  requestId: string;
};

/**
 * Wraps API handlers so any thrown error becomes the JSON error body with its
 * status (and unknown errors a generic 500).
 */
export function apiHandlers(
  handlers: Handlers<unknown, State>,
): Handlers<unknown, State> {
  const out: Handlers<unknown, State> = {};
  for (
    const [method, fn] of Object.entries(handlers) as [
      keyof Handlers,
      Handler<unknown, State>,
    ][]
  ) {
    out[method] = async (req, ctx) => {
      try {
        return await fn(req, ctx);
      } catch (err) {
        return errorResponse(err);
      }
    };
  }
  return out;
}

/**
 * The signed-in user.
 * @throws {UnauthorizedError} without a valid session
 */
export function requireUser(ctx: FreshContext<State>): User {
  if (!ctx.state.user) throw new UnauthorizedError();
  return ctx.state.user;
}

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
