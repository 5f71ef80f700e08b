// The booking domain's types and limits, shared by its modules, the pages
// and the API shapes.
import type { AttendanceEvidence } from "@/lib/bookings/evidence.ts";

/** Every status a booking can have, in the order a booking goes through them. */
export const BOOKING_STATUSES = [
  "pending",
  "confirmed",
  "cancelled",
  "completed",
  "no_show",
  "technical_failure",
] as const;

/** The statuses a booking goes through. */
export type BookingStatus = typeof BOOKING_STATUSES[number];

/** Statuses that hold the slot and the participants' time. */
export const ACTIVE_STATUSES: readonly BookingStatus[] = [
  "pending",
  "confirmed",
];

/** Minutes before the start when the call room opens. */
export const JOIN_WINDOW_MINUTES = 10;
/** Shortest slot, in minutes. */
export const MIN_SLOT_MINUTES = 10;
/** Longest slot, in minutes. */
export const MAX_SLOT_MINUTES = 240;
/** How many weeks a repeating slot may span. */
export const MAX_REPEAT_WEEKS = 26;

/** An open or booked lesson slot of a teacher. */
export interface Slot {
  id: string;
  teacher_id: string;
  start_at: Date;
  end_at: Date;
  created_at: Date;
}

/** A participant as other people see them. */
export interface Participant {
  id: string;
  username: string;
}

/** A booking with both participants' public names. */
export interface Booking {
  id: string;
  /** The published slot it was booked from; null for a booking by time. */
  slot_id: string | null;
  student_id: string;
  teacher_id: string;
  start_at: Date;
  end_at: Date;
  status: BookingStatus;
  notes: string | null;
  cancel_reason: string | null;
  cancelled_by: string | null;
  absent_user_ids: string[];
  /** Cancelled by the student inside the teacher's cancellation window. */
  late_cancellation: boolean;
  /** How long the call actually ran, once settled (null before). */
  actual_duration_seconds: number | null;
  /** The start before the last accepted reschedule (null if never moved). */
  rescheduled_from: Date | null;
  /** Who joined, whose call connected, when each left (for settling). */
  attendance: AttendanceEvidence;
  created_at: Date;
  updated_at: Date;
  student: Participant;
  teacher: Participant;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID (ids in URLs are checked before SQL). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** True when the user is the booking's student or teacher. */
export function isParticipant(
  booking: Pick<Booking, "student_id" | "teacher_id">,
  userId: string,
): boolean {
  return booking.student_id === userId || booking.teacher_id === userId;
}
