// Signing in and out, shared by the JSON API and the HTML forms.
import { appContext } from "@/lib/context.ts";
import { isHttps } from "@/lib/http/client.ts";
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

/**
 * Checks the credentials (with login throttling) and starts a session.
 * @throws {UnauthorizedError} for wrong credentials
 * @throws {TooManyRequestsError} when throttled
 */
export async function signIn(
  req: Request,
  address: string,
  credentials: { email: string; password: string },
): Promise<{ user: User; token: string; cookie: string }> {
  const user = await authenticate(appContext().db, { ...credentials, address });
  return { user, ...await startSession(req, user) };
}

/**
 * Starts a session for a user whose identity is already established (just
 * registered): no second password check, no login throttle.
 */
export async function startSession(
  req: Request,
  user: User,
): Promise<{ token: string; cookie: string }> {
  const { db, jwtSecret } = appContext();
  const { token } = await createSession(db, jwtSecret, user.id);
  const cookie = sessionCookieHeader(token, {
    secure: isHttps(req, appContext().config),
    maxAgeSeconds: SESSION_TTL_SECONDS,
  });
  return { token, cookie };
}

/** Ends the current session (if any); returns the cookie header that clears it. */
export async function signOut(
  req: Request,
  sessionId: string | null,
): Promise<string> {
  if (sessionId) {
    const { db, signaling } = appContext();
    await revokeSession(db, sessionId);
    signaling.closeSession(sessionId);
  }
  return clearSessionCookieHeader({
    secure: isHttps(req, appContext().config),
  });
}
