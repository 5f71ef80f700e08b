import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { idParam, parseJsonBody } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import {
  MAX_SAVE_BYTES,
  saveWhiteboardSchema,
} from "@/lib/whiteboard/schema.ts";
import {
  listWhiteboardOps,
  saveWhiteboardOps,
} from "@/lib/whiteboard/store.ts";

// The booking's whiteboard: its participants read the stored ops and save
// the ops they have not saved yet (merged by id; see lib/whiteboard/).
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const booking = await getBookingForUser(
      db,
      user,
      idParam(ctx, msg("error.booking.notFound")),
    );
    return json({ ops: await listWhiteboardOps(db, booking.id) });
  },

  async PUT(req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const id = idParam(ctx, msg("error.booking.notFound"));
    // Outsiders and unknown ids are refused before the body is read.
    await getBookingForUser(db, user, id);
    const { ops } = await parseJsonBody(req, saveWhiteboardSchema, {
      limit: MAX_SAVE_BYTES,
    });
    return json(await saveWhiteboardOps(db, id, ops));
  },
};
