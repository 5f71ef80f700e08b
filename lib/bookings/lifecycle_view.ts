// What the booking page shows of the lifecycle beyond the booking itself:
// its history, the open reschedule proposal, and whether a cancellation by
// the viewer now would be late. A read: it never writes.
import type { Queryable } from "@/lib/db/connection.ts";
import type { Booking } from "@/lib/bookings/model.ts";
import { type BookingEvent, eventsRead } from "@/lib/bookings/history.ts";
import {
  openProposalRead,
  type RescheduleProposal,
} from "@/lib/bookings/proposals.ts";
import { canReschedule } from "@/lib/bookings/reschedule.ts";
import { bookingPolicyRead } from "@/lib/availability/store.ts";
import type { SchedulePolicy } from "@/lib/availability/rules.ts";
import { runAll } from "@/lib/db/reads.ts";

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
  const values = await runAll(db, lifecycleReads(booking.id, now));
  return lifecycleView(booking, viewerId, now, values);
}

/**
 * The reads of a booking's lifecycle view (by its id alone, so they can go
 * with the booking's own read), for runAll(); lifecycleView() joins them.
 */
export function lifecycleReads(bookingId: string, now: Date) {
  return [
    eventsRead(bookingId),
    openProposalRead(bookingId, now),
    bookingPolicyRead(bookingId),
  ] as const;
}

/** The lifecycle view from the values of lifecycleReads(). */
export function lifecycleView(
  booking: Booking,
  viewerId: string,
  now: Date,
  [events, proposal, policy]: [
    BookingEvent[],
    RescheduleProposal | null,
    SchedulePolicy,
  ],
): LifecycleView {
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
