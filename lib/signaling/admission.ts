// Entering a booking's call room for its signaling: the upgrade, a ticket
// and TURN credentials all need the room open now, decided by the bookings'
// one admitToRoom() (as the booking page). The refusals' codes are part of
// the protocol (clients read them).
import { AppError } from "@/lib/errors.ts";
import type { Queryable } from "@/lib/db/connection.ts";
import type { User } from "@/lib/auth/users.ts";
import type { Booking } from "@/lib/bookings/model.ts";
import { admitToRoom, type RoomState } from "@/lib/bookings/room.ts";

/** The request to the signaling endpoint is not a WebSocket upgrade (426). */
export class UpgradeRequiredError extends AppError {
  override readonly status = 426;
  override readonly code = "upgrade_required";
  constructor(message = "This endpoint only accepts WebSocket upgrades") {
    super(message);
    this.name = "UpgradeRequiredError";
  }
}

/** The booking's room is not open: too early, over, or cancelled (409). */
export class RoomClosedError extends AppError {
  override readonly status = 409;
  override readonly code = "room_closed";
  constructor(message: string, readonly state: RoomState["state"]) {
    super(message);
    this.name = "RoomClosedError";
  }
}

/**
 * The booking whose call room the user may enter now.
 * @throws {NotFoundError} for an unknown booking
 * @throws {ForbiddenError} when the user is not one of its participants
 * @throws {RoomClosedError} saying when it opens, or that it is over or cancelled
 */
export async function enterRoom(
  db: Queryable,
  user: Pick<User, "id">,
  bookingId: string,
): Promise<Booking> {
  const admission = await admitToRoom(db, user, bookingId);
  if (!admission.admitted) {
    throw new RoomClosedError(admission.refusal, admission.room.state);
  }
  return admission.booking;
}
