import type { FreshContext } from "$fresh/server.ts";
import { assertRole, assertSignedIn } from "@/lib/auth/state.ts";
import type { State } from "@/lib/http/api.ts";

// The one gate of every /admin route, whatever the method: the login page
// for a visitor, 403 for anyone signed in who is not an admin (the root
// middleware turns both errors into their pages).
export function handler(_req: Request, ctx: FreshContext<State>) {
  assertRole(assertSignedIn(ctx), "admin");
  return ctx.next();
}
