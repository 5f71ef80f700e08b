// The JSON shapes of a booking's attendance evidence and of its disputes:
// snake_case fields, ISO times.
import type {
  AttendanceEvidence,
  SideEvidence,
} from "@/lib/bookings/evidence.ts";
import type { Dispute } from "@/lib/bookings/disputes.ts";

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toApiSide(s: SideEvidence) {
  return {
    user_id: s.user_id,
    joined_at: iso(s.joined_at),
    connected_at: iso(s.connected_at),
    left_at: iso(s.left_at),
    visit_seconds: Math.round(s.visit_seconds),
    connected_seconds: Math.round(s.connected_seconds),
  };
}

/** Who joined, whose call connected and when each left, per side. */
export function toApiAttendance(a: AttendanceEvidence) {
  return {
    student: toApiSide(a.student),
    teacher: toApiSide(a.teacher),
    both_connected_seconds: Math.round(a.both_connected_seconds),
  };
}

/** A dispute as the JSON API shows it. */
export function toApiDispute(d: Dispute) {
  return {
    id: d.id,
    booking_id: d.booking_id,
    raised_by: d.raised_by,
    reason: d.reason,
    created_at: d.created_at.toISOString(),
    status: d.status,
    resolved_at: iso(d.resolved_at),
    resolution_status: d.resolution_status,
    resolution_note: d.resolution_note,
  };
}
