// Request shapes of rescheduling (API and form) and the JSON shapes of a
// proposal and of a booking's history.
import { z } from "zod";
import { issue } from "@/lib/http/validate.ts";
import type { RescheduleProposal } from "@/lib/bookings/proposals.ts";
import type { BookingEvent } from "@/lib/bookings/history.ts";

/** `POST /api/bookings/:id/reschedule` */
export const rescheduleSchema = z.object({
  start_at: z.iso.datetime({
    offset: true,
    message: issue("error.field.dateTime"),
  }).transform((s) => new Date(s)),
});

/** A proposal as the JSON API shows it. */
export function toApiProposal(p: RescheduleProposal) {
  return {
    id: p.id,
    booking_id: p.booking_id,
    proposed_by: p.proposed_by,
    start_at: p.start_at.toISOString(),
    end_at: p.end_at.toISOString(),
    previous_start_at: p.previous_start_at.toISOString(),
    expires_at: p.expires_at.toISOString(),
    status: p.status,
    created_at: p.created_at.toISOString(),
    decided_at: p.decided_at?.toISOString() ?? null,
    decided_by: p.decided_by,
  };
}

/** A history entry as the JSON API shows it. */
export function toApiEvent(e: BookingEvent) {
  return {
    at: new Date(e.at).toISOString(),
    actor_id: e.actor_id,
    kind: e.kind,
    from_status: e.from_status,
    to_status: e.to_status,
    details: e.details,
  };
}
