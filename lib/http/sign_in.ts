// Signing in and out, shared by the JSON API and the HTML forms. The services
// come from the request's state (routes/_middleware.ts puts them there).
import { isHttps } from "@/lib/http/client.ts";
import type { State } from "@/lib/http/api.ts";
import { authenticate, type User } from "@/lib/auth/users.ts";
import {
  createSession,
  revokeSession,
  SESSION_TTL_SECONDS,
} from "@/lib/auth/session.ts";
import {
  clearSessionCookieHeader,
  sessionCookieHeader,
} from "@/lib/auth/cookies.ts";

/** The part of the request state signing in and out needs. */
export type SignInState = Pick<
  State,
  "db" | "config" | "jwtSecret" | "signaling" | "clientAddress"
>;

/**
 * Checks the credentials (with login throttling by the client's address)
 * and starts a session.
 * @throws {UnauthorizedError} for wrong credentials
 * @throws {TooManyRequestsError} when throttled
 */
export async function signIn(
  req: Request,
  state: SignInState,
  credentials: { email: string; password: string },
): Promise<{ user: User; token: string; cookie: string }> {
  const user = await authenticate(state.db, {
    ...credentials,
    address: state.clientAddress,
  });
  return { user, ...await startSession(req, state, user) };
}

/**
 * Starts a session for a user whose identity is already established (just
 * registered): no second password check, no login throttle.
 */
export async function startSession(
  req: Request,
  state: SignInState,
  user: User,
): Promise<{ token: string; cookie: string }> {
  const { token } = await createSession(state.db, state.jwtSecret, user.id);
  const cookie = sessionCookieHeader(token, {
    secure: isHttps(req, state.config),
    maxAgeSeconds: SESSION_TTL_SECONDS,
  });
  return { token, cookie };
}

/** Ends the current session (if any); returns the cookie header that clears it. */
export async function signOut(
  req: Request,
  state: SignInState,
  sessionId: string | null,
): Promise<string> {
  if (sessionId) {
    await revokeSession(state.db, sessionId);
    state.signaling.closeSession(sessionId);
  }
  return clearSessionCookieHeader({ secure: isHttps(req, state.config) });
}
