import { apiHandlers, json, requireUser } from "@/lib/http/api.ts";
import { getBookingForUser } from "@/lib/bookings/service.ts";
import { isInRoom } from "@/lib/call/room_presence.ts";
import { appContext } from "@/lib/context.ts";

// For the pre-join panel: whether the other participant is already in the
// call room. Reading it opens no socket, so it records no attendance.
export const handler = apiHandlers({
  async GET(_req, ctx) {
    const user = requireUser(ctx);
    const { db } = appContext();
    const booking = await getBookingForUser(db, user, ctx.params.id);
    const otherId = booking.student_id === user.id
      ? booking.teacher_id
      : booking.student_id;
    return json({ other_in_room: await isInRoom(db, booking.id, otherId) });
  },
});
