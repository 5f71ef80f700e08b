// The JSON shape of a private lesson rating.
import { type Rating, ratingEditableUntil } from "@/lib/ratings/store.ts";

/** A rating as the JSON API shows it (snake_case, ISO times). */
export function toApiRating(r: Rating) {
  return {
    booking_id: r.booking_id,
    student_id: r.student_id,
    teacher_id: r.teacher_id,
    stars: r.stars,
    comment: r.comment,
    lesson_start_at: r.lesson_start_at.toISOString(),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    editable_until: ratingEditableUntil(r).toISOString(),
    student: r.student,
    teacher: r.teacher,
  };
}
