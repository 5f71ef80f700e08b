import type { Handlers } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { migrationsPending } from "@/lib/db/migrate.ts";
import { withDeadline } from "@/lib/db/availability.ts";

// Ready when the database answers and every migration is applied; load
// balancers route to an instance only then.
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const headers = { "cache-control": "no-store" };
    try {
      const pending = await withDeadline(
        migrationsPending(ctx.state.db),
        2_000,
      );
      if (pending.length > 0) {
        return Response.json({ status: "migrations pending", pending }, {
          status: 503,
          headers,
        });
      }
      return Response.json({ status: "ready" }, { headers });
    } catch {
      return Response.json({ status: "database unavailable" }, {
        status: 503,
        headers,
      });
    }
  },
};
