import type { Handlers } from "$fresh/server.ts";

export const handler: Handlers = {
  GET() {
    return Response.json({ status: "ok" }, {
      headers: { "cache-control": "no-store" },
    });
  },
};
