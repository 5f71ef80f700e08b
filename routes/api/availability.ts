import type { Handlers } from "$fresh/server.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertRole, assertSignedIn } from "@/lib/auth/state.ts";
import { parseJsonBody } from "@/lib/http/validate.ts";
import { availabilitySchema } from "@/lib/availability/schema.ts";
import {
  getOwnAvailability,
  toAvailabilityView,
  updateAvailability,
} from "@/lib/availability/edit.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const rules = await getOwnAvailability(ctx.state.db, user);
    return json(toAvailabilityView(rules));
  },
  async PUT(req, ctx) {
    const user = assertSignedIn(ctx);
    assertRole(user, "teacher");
    const body = await parseJsonBody(req, availabilitySchema);
    const rules = await updateAvailability(ctx.state.db, user, body);
    return json(toAvailabilityView(rules));
  },
};
