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

// Loads the session into ctx.state and refuses cross-origin unsafe requests.
export async function handler(req: Request, ctx: FreshContext<State>) {
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
