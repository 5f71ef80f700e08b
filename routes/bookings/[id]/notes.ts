import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import type { State } from "@/lib/http/api.ts";
import { redirect } from "@/lib/http/pages.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseForm } from "@/lib/http/validate.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import { saveLessonNotes } from "@/lib/bookings/lesson_record.ts";
import { lessonNotesSchema } from "@/lib/bookings/lesson_record_schema.ts";

// The lesson record's form (components/booking/LessonRecord.tsx): the
// teacher saves the notes and homework and is sent back to the record. The
// textareas' maxlength keeps browsers within the limits; a post past them is
// refused with the 400 page.
export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const id = idParam(ctx, msg("error.booking.notFound"));
    // Outsiders get the 403 page and unknown ids the 404 page before the
    // body is even read.
    await getBookingForUser(db, user, id);
    const parsed = await parseForm(req, lessonNotesSchema);
    if (!parsed.ok) throw parsed.error;
    await saveLessonNotes(db, user, id, parsed.data);
    return redirect(`/bookings/${id}?done=notes#lesson-record`);
  },
};
