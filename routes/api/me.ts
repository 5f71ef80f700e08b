import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";

export const handler: Handlers<unknown, State> = {
  GET(_req, ctx) {
    return json({ user: assertSignedIn(ctx) });
  },
};
