import { apiHandlers, json } from "@/lib/http/api.ts";
import { parseJsonBody } from "@/lib/http/validate.ts";
import { registerSchema } from "@/lib/bookings/schemas.ts";
import { createUser } from "@/lib/auth/users.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async POST(req) {
    const body = await parseJsonBody(req, registerSchema);
    const user = await createUser(appContext().db, body);
    return json({ user }, 201);
  },
});
