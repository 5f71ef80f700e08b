// Changes other modules react to (the signaling hub closes a cancelled
// booking's room), without the booking rules knowing about them.
import { logError } from "@/lib/log.ts";

type Listener = (bookingId: string) => void;
const cancelledListeners = new Set<Listener>();

/** Subscribes to bookings being cancelled or declined; returns the unsubscribe function. */
export function onBookingCancelled(listener: Listener): () => void {
  cancelledListeners.add(listener);
  return () => cancelledListeners.delete(listener);
}

/** Tells the subscribers a booking was cancelled or declined. */
export function emitBookingCancelled(bookingId: string): void {
  for (const listener of cancelledListeners) {
    try {
      listener(bookingId);
    } catch (err) {
      logError("booking.listener_failed", err);
    }
  }
}
