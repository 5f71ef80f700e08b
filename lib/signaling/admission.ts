// What a booking's room must be for its signaling: the upgrade, a ticket and
// TURN credentials all need the room open now (as the booking page, which
// hands out ICE servers only then). The refusals' codes are part of the
// protocol (clients read them).
import { AppError } from "@/lib/errors.ts";
import { type Booking, roomState } from "@/lib/bookings/service.ts";

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
  constructor(message: string) {
    super(message);
    this.name = "RoomClosedError";
  }
}

type RoomBooking = Pick<Booking, "start_at" | "end_at" | "status">;

/**
 * Refuses unless the booking's room is open now.
 * @throws {RoomClosedError} saying when it opens, or that it is over or cancelled
 */
export function assertRoomOpen(booking: RoomBooking, now = new Date()): void {
  const room = roomState(booking, now);
  if (room.state === "open") return;
  throw new RoomClosedError(
    room.state === "not_yet"
      ? `The room opens at ${room.opensAt.toISOString()}`
      : room.state === "ended"
      ? "The lesson is over"
      : `The booking is ${room.reason}`,
  );
}
