import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { iceConfiguration } from "@/lib/signaling/ice.ts";
import { assertRoomOpen } from "@/lib/signaling/admission.ts";
import { appContext } from "@/lib/context.ts";

export const handler = apiHandlers({
  async GET(_req, ctx) {
    const user = requireUser(ctx);
    const { db, config } = appContext();
    // No TURN credentials for a booking whose call will not happen.
    assertRoomOpen(await getBookingForUser(db, user, ctx.params.id));
    return json(await iceConfiguration(config, user.id));
  },
});
