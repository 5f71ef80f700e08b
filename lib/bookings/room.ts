// The call room of a booking: when it is open, and who may enter it now.
// The booking page and the signaling route both admit through admitToRoom().
import type { Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import {
  ACTIVE_STATUSES,
  type Booking,
  type BookingStatus,
  JOIN_WINDOW_MINUTES,
} from "@/lib/bookings/model.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";

/** Where a booking's call room stands at a moment. */
export type RoomState =
  | { state: "not_yet"; opensAt: Date }
  | { state: "open"; closesAt: Date }
  | { state: "ended" }
  | { state: "closed"; reason: BookingStatus };

/** When the room opens: the join window before the start until the end. */
export function roomState(
  booking: Pick<Booking, "start_at" | "end_at" | "status">,
  now = new Date(),
  windowMinutes = JOIN_WINDOW_MINUTES,
): RoomState {
  if (!ACTIVE_STATUSES.includes(booking.status)) {
    return booking.status === "completed" || booking.status === "no_show"
      ? { state: "ended" }
      : { state: "closed", reason: booking.status };
  }
  const opensAt = new Date(booking.start_at.getTime() - windowMinutes * 60_000);
  if (now < opensAt) return { state: "not_yet", opensAt };
  if (now >= booking.end_at) return { state: "ended" };
  return { state: "open", closesAt: booking.end_at };
}

/** The answer of admitToRoom(): the booking, its room, and why not, if not. */
export type Admission =
  | { admitted: true; booking: Booking; room: RoomState & { state: "open" } }
  | {
    admitted: false;
    booking: Booking;
    room: Exclude<RoomState, { state: "open" }>;
    /** Why the room cannot be entered now, for the user. */
    refusal: string;
  };

/** Why a closed room cannot be entered, in a sentence for the user. */
function roomRefusal(
  room: Exclude<RoomState, { state: "open" }>,
): string {
  switch (room.state) {
    case "not_yet":
      return `The room opens at ${room.opensAt.toISOString()}`;
    case "ended":
      return "The lesson is over";
    case "closed":
      return `The booking is ${room.reason}`;
  }
}

/**
 * Decides whether the user may enter the booking's call room now: only a
 * participant, only while the room is open.
 * @throws {NotFoundError} for an unknown booking
 * @throws {ForbiddenError} when the user is not one of its participants
 */
export async function admitToRoom(
  db: Queryable,
  user: Pick<User, "id">,
  bookingId: string,
  now = new Date(),
): Promise<Admission> {
  return admission(await getBookingForUser(db, user, bookingId, now), now);
}

/** admitToRoom()'s answer for a participant's booking already read. */
export function admission(booking: Booking, now: Date): Admission {
  const room = roomState(booking, now);
  if (room.state === "open") return { admitted: true, booking, room };
  return { admitted: false, booking, room, refusal: roomRefusal(room) };
}
