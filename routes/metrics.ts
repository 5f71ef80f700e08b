import type { Handlers } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { registry } from "@/lib/metrics.ts";
import { timingSafeEqual } from "@/lib/auth/password.ts";

// Prometheus scrape endpoint. Off (404) unless METRICS_TOKEN is set; then
// only `Authorization: Bearer <METRICS_TOKEN>` gets in.
export const handler: Handlers<unknown, State> = {
  async GET(req, ctx) {
    const token = ctx.state.config.metricsToken;
    if (!token) return new Response("Not found", { status: 404 });
    const given = req.headers.get("authorization")?.replace(/^Bearer /, "") ??
      "";
    const encoder = new TextEncoder();
    const ok = given.length === token.length &&
      timingSafeEqual(encoder.encode(given), encoder.encode(token));
    if (!ok) {
      return new Response("Unauthorized", {
        status: 401,
        headers: {
          "www-authenticate": 'Bearer realm="metrics"',
          "cache-control": "no-store",
        },
      });
    }
    return new Response(await registry.metrics(), {
      headers: {
        "content-type": registry.contentType,
        "cache-control": "no-store",
      },
    });
  },
};
