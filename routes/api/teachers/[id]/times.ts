import type { Handlers } from "$fresh/server.ts";
import { msg } from "@/lib/errors.ts";
import { json, type State } from "@/lib/http/api.ts";
import { assertSignedIn } from "@/lib/auth/state.ts";
import { idParam, parseQuery } from "@/lib/http/validate.ts";
import { timesQuerySchema } from "@/lib/availability/schema.ts";
import { loadAvailability } from "@/lib/availability/bookable.ts";
import { computeBookableTimes } from "@/lib/availability/compute.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    assertSignedIn(ctx);
    const teacherId = idParam(ctx, msg("error.teacher.notFound"));
    const query = parseQuery(ctx.url, timesQuerySchema);
    const availability = await loadAvailability(
      ctx.state.db,
      teacherId,
      query.from,
      query.to,
    );
    // Without a length: the teacher's shortest lesson.
    const lengthMinutes = query.length_minutes ??
      availability.rules.lesson_lengths[0];
    const times = computeBookableTimes(availability, {
      from: query.from,
      to: query.to,
      lengthMinutes,
    }, new Date());
    return json({
      times: times.map((t) => ({
        start_at: t.start_at.toISOString(),
        end_at: t.end_at.toISOString(),
      })),
    });
  },
};
