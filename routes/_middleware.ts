import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "@/lib/context.ts";
import { readSessionToken } from "@/lib/auth/cookies.ts";
import { verifySession } from "@/lib/auth/session.ts";
import {
  checkSameOrigin,
  hasBearerAuth,
  isUnsafeMethod,
} from "@/lib/auth/origin.ts";
import type { State } from "@/lib/http/api.ts";
import { logEvent } from "@/lib/log.ts";
import { requestDuration } from "@/lib/metrics.ts";
import { clientAddress } from "@/lib/http/client.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

// Every request: a request id, one log line and a latency sample; then the
// session and the cross-origin check.
export async function handler(req: Request, ctx: FreshContext<State>) {
  const started = performance.now();
  const given = req.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given)
    ? given
    : crypto.randomUUID();
  ctx.state.requestId = requestId;
  ctx.state.clientAddress = clientAddress(
    req,
    ctx.remoteAddr.hostname,
    appContext().config,
  );
  let status = 500;
  try {
    const res = await authenticate(req, ctx);
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
      path: ctx.url.pathname,
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      user: ctx.state.user?.id,
      client: ctx.state.clientAddress,
    });
  }
}

// Loads the session into ctx.state and refuses cross-origin unsafe requests.
async function authenticate(
  req: Request,
  ctx: FreshContext<State>,
): Promise<Response> {
  ctx.state.user = null;
  ctx.state.sessionId = null;
  if (ctx.destination === "static" || ctx.destination === "internal") {
    return await ctx.next();
  }

  const { db, config, jwtSecret } = appContext();
  // A Bearer token cannot be attached by another site, so only cookie
  // sessions need the Origin check.
  if (
    isUnsafeMethod(req.method) && !hasBearerAuth(req) &&
    !checkSameOrigin(req, config.appOrigin)
  ) {
    const message = "Cross-origin request refused";
    return ctx.url.pathname.startsWith("/api/")
      ? Response.json({ error: { code: "forbidden", message } }, {
        status: 403,
      })
      : new Response(message, {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
  }
  const token = readSessionToken(req);
  if (token) {
    const session = await verifySession(db, jwtSecret, token);
    if (session) {
      ctx.state.user = session.user;
      ctx.state.sessionId = session.sessionId;
    }
  }
  return await ctx.next();
}
