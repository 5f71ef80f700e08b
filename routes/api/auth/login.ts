import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { parseJsonBody } from "@/lib/http/validate.ts";
import { loginSchema } from "@/lib/auth/schemas.ts";
import { signIn } from "@/lib/http/sign_in.ts";

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const body = await parseJsonBody(req, loginSchema);
    const { user, token, cookie } = await signIn(req, ctx.state, body);
    return json({ token, user }, 200, { "set-cookie": cookie });
  },
};
