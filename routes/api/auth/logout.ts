import type { Handlers } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { signOut } from "@/lib/http/sign_in.ts";

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const cookie = await signOut(req, ctx.state, ctx.state.sessionId);
    return new Response(null, {
      status: 204,
      headers: { "set-cookie": cookie },
    });
  },
};
