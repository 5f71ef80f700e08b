import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { idParam } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { isInRoom } from "@/lib/bookings/attendance.ts";

// For the pre-join panel: whether the other participant is already in the
// call room. Reading it opens no socket, so it records no attendance.
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const booking = await getBookingForUser(
      db,
      user,
      idParam(ctx, msg("error.booking.notFound")),
    );
    const otherId = booking.student_id === user.id
      ? booking.teacher_id
      : booking.student_id;
    return json({ other_in_room: await isInRoom(db, booking.id, otherId) });
  },
};
