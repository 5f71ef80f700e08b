import type { Handlers } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { withDeadline } from "@/lib/db/availability.ts";

// Liveness: 200 while the process serves HTTP, so a database outage never
// restarts instances; the body says whether the database answered within
// 1 s (`"database": "up"` or `"unavailable"`). Load balancers use /readyz.
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const database = await withDeadline(ctx.state.db.query("SELECT 1"), 1_000)
      .then(() => "up", () => "unavailable");
    return Response.json({ status: "ok", database }, {
      headers: { "cache-control": "no-store" },
    });
  },
};
