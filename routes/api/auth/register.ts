import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { parseJsonBody } from "@/lib/http/validate.ts";
import { registerSchema } from "@/lib/auth/schemas.ts";
import { registerUser } from "@/lib/auth/users.ts";

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const body = await parseJsonBody(req, registerSchema);
    const user = await registerUser(
      ctx.state.db,
      body,
      ctx.state.clientAddress,
    );
    return json({ user }, 201);
  },
};
