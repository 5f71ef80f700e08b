import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "@/lib/context.ts";
import { readSessionToken } from "@/lib/auth/cookies.ts";
import { liveSessionRead, sessionClaims } from "@/lib/auth/session.ts";
import { unreadCountRead } from "@/lib/notifications/inbox.ts";
import { run, runAll } from "@/lib/db/reads.ts";
import {
  checkSameOrigin,
  hasBearerAuth,
  isUnsafeMethod,
} from "@/lib/auth/origin.ts";
import { errorResponse, ForbiddenError, msg } from "@/lib/errors.ts";
import type { State } from "@/lib/http/api.ts";
import { pageErrorResponse } from "@/lib/http/pages.ts";
import { logEvent, loggablePath } from "@/lib/log.ts";
import { requestDuration } from "@/lib/metrics.ts";
import { DEFAULT_LOCALE, resolveLocale } from "@/lib/i18n/locale.ts";
import { clientAddress, isHttps } from "@/lib/http/client.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

// Every request: a request id, the services on ctx.state, one log line and a
// latency sample with the status actually sent; then the session and the
// cross-origin check. Page errors become their pages here (the API's own
// middleware maps its errors to JSON).
export async function handler(req: Request, ctx: FreshContext<State>) {
  const started = performance.now();
  const given = req.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given)
    ? given
    : crypto.randomUUID();
  // The one place that reads the process-wide services.
  Object.assign(ctx.state, appContext());
  ctx.state.requestId = requestId;
  ctx.state.clientAddress = clientAddress(
    req,
    ctx.remoteAddr.hostname,
    ctx.state.config,
  );
  // An unknown error thrown on (to the runtime's 500 page) stays a 500.
  let status = 500;
  try {
    const res = await respond(req, ctx);
    status = res.status;
    // An upgrade response belongs to Deno; it is never touched.
    if (status !== 101) {
      try {
        res.headers.set("x-request-id", requestId);
      } catch {
        // Immutable headers (a Response.redirect): the id stays in the log.
      }
    }
    return res;
  } finally {
    const seconds = (performance.now() - started) / 1000;
    const route = ctx.destination === "route" ? ctx.route : ctx.destination;
    requestDuration.observe({
      route,
      method: req.method,
      status: `${Math.floor(status / 100)}xx`,
    }, seconds);
    logEvent("http.request", {
      id: requestId,
      method: req.method,
      path: loggablePath(ctx.url.pathname),
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      user: ctx.state.user?.id,
      client: ctx.state.clientAddress,
    });
  }
}

async function respond(
  req: Request,
  ctx: FreshContext<State>,
): Promise<Response> {
  const api = ctx.url.pathname.startsWith("/api/");
  let res: Response;
  try {
    res = await authenticate(req, ctx);
  } catch (err) {
    res = api
      ? errorResponse(err, ctx.state.locale)
      : await pageErrorResponse(ctx, err);
  }
  // A page for a signed-in visitor is personal: no shared cache may keep it.
  // (The API answers no-store already; the runtime sets every page's CSP.)
  if (
    ctx.state.user && !api && res.status !== 101 &&
    ctx.destination !== "static" && ctx.destination !== "internal"
  ) {
    res.headers.set("cache-control", "private, no-store");
  }
  return res;
}

// Loads the session into ctx.state and refuses cross-origin unsafe requests.
async function authenticate(
  req: Request,
  ctx: FreshContext<State>,
): Promise<Response> {
  ctx.state.user = null;
  ctx.state.sessionId = null;
  ctx.state.locale = DEFAULT_LOCALE;
  if (ctx.destination === "static" || ctx.destination === "internal") {
    return await ctx.next();
  }
  // The browser's language from the start, so that a refusal below (another
  // origin, a database that is down) is said in it; the account's choice
  // refines it once the session is known.
  const acceptLanguage = req.headers.get("accept-language");
  ctx.state.locale = resolveLocale(null, acceptLanguage);

  const { db, config, jwtSecret } = ctx.state;
  // A Bearer token cannot be attached by another site, so only cookie
  // sessions need the Origin check.
  if (
    isUnsafeMethod(req.method) && !hasBearerAuth(req) &&
    !checkSameOrigin(req, config.appOrigin)
  ) {
    throw new ForbiddenError(msg("error.crossOrigin"));
  }
  const token = readSessionToken(req, { secure: isHttps(req, config) });
  const claims = token ? await sessionClaims(jwtSecret, token) : null;
  if (claims) {
    // A page shows the unread count in its header: read with the session,
    // in the same statement (the count is only used if the session is live).
    const page = req.method === "GET" && !ctx.url.pathname.startsWith("/api/");
    const [session, unread] = page
      ? await runAll(db, [
        liveSessionRead(claims),
        unreadCountRead(claims.userId),
      ])
      : [await run(db, liveSessionRead(claims)), undefined];
    if (session) {
      ctx.state.user = session.user;
      ctx.state.sessionId = session.sessionId;
      ctx.state.unread = unread;
    }
  }
  if (ctx.state.user?.locale) {
    ctx.state.locale = resolveLocale(ctx.state.user.locale, acceptLanguage);
  }
  return await ctx.next();
}
