import type { Handlers } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { migrationsPending } from "@/lib/db/migrate.ts";

// Ready when the database answers and every migration is applied; load
// balancers route to an instance only then.
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const headers = { "cache-control": "no-store" };
    try {
      const pending = await withTimeout(migrationsPending(ctx.state.db), 2_000);
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("Timed out")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
