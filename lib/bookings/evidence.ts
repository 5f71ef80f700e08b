// A booking's attendance evidence (who joined the room, whose call connected,
// when each left, for how long) and the fair-outcome rules that turn it into
// `completed`, `no_show` or `technical_failure`. Pure: the evidence is read
// with the booking (booking_attendance() in migration 0015).
import type { BookingStatus } from "@/lib/bookings/model.ts";

/**
 * Seconds in the room that count as having come without the call
 * connecting (waiting for the other side); a shorter visit without a
 * connected call does not count.
 */
export const MIN_PRESENCE_SECONDS = 60;

/** One participant's side of the evidence. */
export interface SideEvidence {
  user_id: string;
  /** First entry into the room (null: never joined). */
  joined_at: Date | null;
  /** First time the call connected (null: never). */
  connected_at: Date | null;
  /** Last leave; null while a visit is open or when never joined. */
  left_at: Date | null;
  /** Time in the room up to the booking's end (visits merged). */
  visit_seconds: number;
  /** Time the call was connected up to the booking's end. */
  connected_seconds: number;
}

/** Both sides and the seconds both were connected at once. */
export interface AttendanceEvidence {
  student: SideEvidence;
  teacher: SideEvidence;
  /** The actual duration of the call: both connected at the same time. */
  both_connected_seconds: number;
}

/** What a finished booking settles as. */
export interface Outcome {
  status: Extract<BookingStatus, "completed" | "no_show" | "technical_failure">;
  /** Who did not come (no_show only). */
  absent_user_ids: string[];
  actual_duration_seconds: number;
}

/** The outcomes a finished booking can have, and that can be disputed. */
export const OUTCOME_STATUSES: readonly BookingStatus[] = [
  "completed",
  "no_show",
  "technical_failure",
];

/** True when the side's call connected at least once. */
export function connected(side: SideEvidence): boolean {
  return side.connected_at !== null;
}

/** True when the side counts as having come: connected, or waited long enough. */
export function present(side: SideEvidence): boolean {
  return connected(side) || side.visit_seconds >= MIN_PRESENCE_SECONDS;
}

/**
 * The fair outcome of a finished booking: `completed` when both sides'
 * calls connected; `technical_failure` when both came but the call never
 * connected for both (no one is blamed); otherwise `no_show` with the sides
 * that did not come.
 */
export function outcomeOf(evidence: AttendanceEvidence): Outcome {
  const sides = [evidence.student, evidence.teacher];
  const actual = Math.round(evidence.both_connected_seconds);
  if (sides.every(connected)) {
    return {
      status: "completed",
      absent_user_ids: [],
      actual_duration_seconds: actual,
    };
  }
  const absent = sides.filter((s) => !present(s)).map((s) => s.user_id);
  return {
    status: absent.length === 0 ? "technical_failure" : "no_show",
    absent_user_ids: absent,
    actual_duration_seconds: actual,
  };
}

type Json = Record<string, unknown>;

function dateOrNull(value: unknown): Date | null {
  return value == null ? null : new Date(String(value));
}

function side(value: unknown, userId: string): SideEvidence {
  const v = (value ?? {}) as Json;
  return {
    user_id: userId,
    joined_at: dateOrNull(v.joined_at),
    connected_at: dateOrNull(v.connected_at),
    left_at: dateOrNull(v.left_at),
    visit_seconds: Number(v.visit_seconds ?? 0),
    connected_seconds: Number(v.connected_seconds ?? 0),
  };
}

/** Turns booking_attendance()'s JSON into the evidence (none when absent). */
export function toEvidence(
  value: unknown,
  studentId: string,
  teacherId: string,
): AttendanceEvidence {
  const v = (value ?? {}) as Json;
  return {
    student: side(v.student, studentId),
    teacher: side(v.teacher, teacherId),
    both_connected_seconds: Number(v.both_connected_seconds ?? 0),
  };
}
