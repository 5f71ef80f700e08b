// The lesson notes form and `PUT /api/bookings/:id/notes`.
import { z } from "zod";
import { issue } from "@/lib/http/validate.ts";

/** Longest lesson notes or homework, in characters. */
export const LESSON_NOTES_MAX_LENGTH = 10_000;

const text = z.string().max(
  LESSON_NOTES_MAX_LENGTH,
  issue("error.field.atMostChars"),
).transform((s) => s.trim());

/** `{notes, homework}`: either may be empty (a form sends both). */
export const lessonNotesSchema = z.object({
  notes: text.default(""),
  homework: text.default(""),
});
