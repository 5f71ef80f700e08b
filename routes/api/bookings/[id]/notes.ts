import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { idParam, parseJsonBody } from "@/lib/http/validate.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { getBookingForUser } from "@/lib/bookings/queries.ts";
import {
  getLessonNotes,
  saveLessonNotes,
} from "@/lib/bookings/lesson_record.ts";
import { lessonNotesSchema } from "@/lib/bookings/lesson_record_schema.ts";
import { toApiNotes } from "@/routes/api/(_shapes)/lesson_record.ts";

// The teacher's notes and homework: both participants read, the teacher writes.
export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const booking = await getBookingForUser(
      db,
      user,
      idParam(ctx, msg("error.booking.notFound")),
    );
    return json(toApiNotes(await getLessonNotes(db, booking.id)));
  },

  async PUT(req, ctx) {
    const user = assertSignedIn(ctx);
    const { db } = ctx.state;
    const id = idParam(ctx, msg("error.booking.notFound"));
    // Outsiders and unknown ids are refused before the body is read.
    await getBookingForUser(db, user, id);
    const input = await parseJsonBody(req, lessonNotesSchema);
    return json(toApiNotes(await saveLessonNotes(db, user, id, input)));
  },
};
