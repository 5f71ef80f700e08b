import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { parseJsonBody } from "@/lib/http/validate.ts";
import { registerSchema } from "@/lib/bookings/schemas.ts";
import { createUser } from "@/lib/auth/users.ts";

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const body = await parseJsonBody(req, registerSchema);
    const user = await createUser(ctx.state.db, body);
    return json({ user }, 201);
  },
};
