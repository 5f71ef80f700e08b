// The JSON shapes of the lesson record: chat messages and the teacher's notes.
import type {
  BookingMessage,
  LessonNotes,
} from "@/lib/bookings/lesson_record.ts";

/** A stored chat message as the JSON API shows it. */
export function toApiMessage(m: BookingMessage) {
  return {
    id: m.id,
    author_id: m.author_id,
    text: m.text,
    created_at: m.created_at.toISOString(),
  };
}

/** A lesson's notes as the JSON API shows them (empty before any were written). */
export function toApiNotes(n: LessonNotes | null) {
  return {
    notes: n?.notes ?? "",
    homework: n?.homework ?? "",
    updated_at: n?.updated_at.toISOString() ?? null,
    updated_by: n?.updated_by ?? null,
  };
}
