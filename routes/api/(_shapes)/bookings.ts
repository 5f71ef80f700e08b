// The JSON shapes of the slots and bookings API: snake_case fields, ISO times,
// and list pages as `{ <items>, next }` where `next` is the `after` of the
// following page (null on the last).
import type { Booking, Participant, Slot } from "@/lib/bookings/model.ts";
import { encodeCursor, type Page } from "@/lib/bookings/cursor.ts";

/** The booking as the JSON API shows it (snake_case, ISO times). */
export function toApiBooking(b: Booking) {
  return {
    id: b.id,
    slot_id: b.slot_id,
    student_id: b.student_id,
    teacher_id: b.teacher_id,
    start_at: b.start_at.toISOString(),
    end_at: b.end_at.toISOString(),
    status: b.status,
    notes: b.notes,
    cancel_reason: b.cancel_reason,
    cancelled_by: b.cancelled_by,
    absent_user_ids: b.absent_user_ids,
    late_cancellation: b.late_cancellation,
    actual_duration_seconds: b.actual_duration_seconds,
    rescheduled_from: b.rescheduled_from?.toISOString() ?? null,
    created_at: b.created_at.toISOString(),
    updated_at: b.updated_at.toISOString(),
    student: b.student,
    teacher: b.teacher,
  };
}

/** A slot as the JSON API shows it. */
export function toApiSlot(s: Slot & { teacher?: Participant }) {
  return {
    id: s.id,
    teacher_id: s.teacher_id,
    start_at: s.start_at.toISOString(),
    end_at: s.end_at.toISOString(),
    created_at: s.created_at.toISOString(),
    ...(s.teacher ? { teacher: s.teacher } : {}),
  };
}

/** A page of a list as the JSON API shows it: `{ [key]: items, next }`. */
export function toApiPage<T, K extends string, R>(
  key: K,
  page: Page<T>,
  shape: (item: T) => R,
): { [P in K]: R[] } & { next: string | null } {
  return {
    [key]: page.items.map(shape),
    next: page.next ? encodeCursor(page.next) : null,
  } as { [P in K]: R[] } & { next: string | null };
}
