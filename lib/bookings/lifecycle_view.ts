// What the booking page shows of the lifecycle beyond the booking itself:
// its history, the open reschedule proposal, and whether a cancellation by
// the viewer now would be late. A read: it never writes.
import type { Queryable } from "@/lib/db/connection.ts";
import type { Booking } from "@/lib/bookings/model.ts";
import { type BookingEvent, listEvents } from "@/lib/bookings/history.ts";
import {
  getOpenProposal,
  type RescheduleProposal,
} from "@/lib/bookings/proposals.ts";
import { canReschedule } from "@/lib/bookings/reschedule.ts";
import { getSchedulePolicy } from "@/lib/availability/store.ts";

/** The lifecycle part of the booking page. */
export interface LifecycleView {
  events: BookingEvent[];
  /** The open proposal to move the booking, or null. */
  proposal: RescheduleProposal | null;
  /** Whether the booking can be moved now (a proposal can be made). */
  can_reschedule: boolean;
  /** The teacher's cancellation window, in hours. */
  cancellation_window_hours: number;
  /** True when the viewer is the student and cancelling now would be late. */
  cancel_would_be_late: boolean;
}

/** Loads the lifecycle part of the booking page for a participant. */
export async function loadLifecycleView(
  db: Queryable,
  booking: Booking,
  viewerId: string,
  now = new Date(),
): Promise<LifecycleView> {
  const [events, proposal, policy] = await Promise.all([
    listEvents(db, booking.id),
    getOpenProposal(db, booking.id, now),
    getSchedulePolicy(db, booking.teacher_id),
  ]);
  const window = policy.cancellation_window_hours;
  return {
    events,
    proposal,
    can_reschedule: canReschedule(booking, now),
    cancellation_window_hours: window,
    cancel_would_be_late: viewerId === booking.student_id &&
      (booking.status === "pending" || booking.status === "confirmed") &&
      booking.start_at > now &&
      booking.start_at.getTime() - now.getTime() < window * 3_600_000,
  };
}
