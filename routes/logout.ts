import type { Handlers } from "$fresh/server.ts";
import type { State } from "@/lib/http/api.ts";
import { redirect } from "@/lib/http/pages.ts";
import { signOut } from "@/lib/http/sign_in.ts";

// POST only: a GET (a link, a prefetch) must never end a session.
export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const cookie = await signOut(req, ctx.state, ctx.state.sessionId);
    const res = redirect("/");
    res.headers.set("set-cookie", cookie);
    return res;
  },
};
