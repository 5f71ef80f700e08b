import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";

export const handler = apiHandlers({
  GET(_req, ctx) {
    return json({ user: requireUser(ctx) });
  },
});
