// Request shapes of the availability API (and the availability page's
// forms): the rules a teacher saves and the window of computed times a
// student asks for. Every limit on the rules lives here.
import { z } from "zod";
import {
  formatMinutes,
  type Interval,
  MAX_BUFFER_MINUTES,
  MAX_HORIZON_DAYS,
  MAX_INTERVALS_PER_DAY,
  MAX_LESSON_LENGTHS,
  MAX_LESSON_MINUTES,
  MAX_NOTICE_MINUTES,
  MAX_OVERRIDES,
  MAX_POLICY_HOURS,
  MAX_WEEKLY_INTERVALS,
  MIN_LESSON_MINUTES,
  parseMinutes,
  WEEKDAY_NAMES,
} from "@/lib/availability/rules.ts";
import { canonicalTimeZone } from "@/lib/auth/users.ts";
import { uuid } from "@/lib/http/validate.ts";

/** Longest window of computed times one request may ask for. */
export const MAX_TIMES_WINDOW_DAYS = 62;

const DAY = 86_400_000;

const timeOfDay = z.string().transform((text, ctx) => {
  const minutes = parseMinutes(text);
  if (minutes === null) {
    ctx.addIssue({ code: "custom", message: "Use HH:MM, 00:00 to 24:00" });
    return z.NEVER;
  }
  return minutes;
});

const interval = z.object({ start: timeOfDay, end: timeOfDay }).refine(
  (i) => i.end > i.start,
  { message: "Must end after it starts", path: ["end"] },
);

const localDate = z.string().refine((text) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    return Temporal.PlainDate.from(text).toString() === text;
  } catch {
    return false;
  }
}, "Use a date as YYYY-MM-DD");

const int = (min: number, max: number, message: string) =>
  z.number({ message: "Must be a whole number" }).int("Must be a whole number")
    .min(min, message).max(max, message);

/** An IANA time zone name, in its canonical spelling. */
export const timeZoneSchema = z.string().transform((tz, ctx) => {
  const canonical = canonicalTimeZone(tz);
  if (!canonical) {
    ctx.addIssue({ code: "custom", message: "Unknown time zone" });
    return z.NEVER;
  }
  return canonical;
});

// Adds an issue at the second of any two overlapping intervals.
function checkOverlaps(
  intervals: Interval[],
  path: (i: number) => (string | number)[],
  label: string,
  ctx: z.RefinementCtx,
) {
  const order = intervals.map((iv, i) => ({ iv, i }))
    .sort((a, b) => a.iv.start - b.iv.start);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1].iv;
    if (order[k].iv.start < prev.end) {
      ctx.addIssue({
        code: "custom",
        path: path(order[k].i),
        message: `Overlaps ${formatMinutes(prev.start)}–${
          formatMinutes(prev.end)
        } on ${label}`,
      });
    }
  }
}

/** `PUT /api/availability`: any field left out stays as it is. */
export const availabilitySchema = z.object({
  time_zone: timeZoneSchema.optional(),
  weekly: z.array(
    z.object({ weekday: int(1, 7, "Use 1 (Monday) to 7 (Sunday)") }).and(
      interval,
    ),
  ).max(MAX_WEEKLY_INTERVALS, `At most ${MAX_WEEKLY_INTERVALS} intervals`)
    .optional(),
  overrides: z.array(z.object({
    date: localDate,
    intervals: z.array(interval).max(
      MAX_INTERVALS_PER_DAY,
      `At most ${MAX_INTERVALS_PER_DAY} intervals a day`,
    ),
  })).max(MAX_OVERRIDES, `At most ${MAX_OVERRIDES} dates`).optional(),
  lesson_lengths: z.array(
    int(
      MIN_LESSON_MINUTES,
      MAX_LESSON_MINUTES,
      `Between ${MIN_LESSON_MINUTES} and ${MAX_LESSON_MINUTES} minutes`,
    ),
  ).min(1, "Offer at least one lesson length").max(
    MAX_LESSON_LENGTHS,
    `At most ${MAX_LESSON_LENGTHS} lengths`,
  ).refine((l) => new Set(l).size === l.length, "Each length once")
    .transform((l) => [...l].sort((a, b) => a - b)).optional(),
  grid_minutes: z.union([z.literal(15), z.literal(30)], {
    message: "Use 15 or 30",
  }).optional(),
  buffer_before_minutes: int(0, MAX_BUFFER_MINUTES, "At most a day (1440)")
    .optional(),
  buffer_after_minutes: int(0, MAX_BUFFER_MINUTES, "At most a day (1440)")
    .optional(),
  min_notice_minutes: int(0, MAX_NOTICE_MINUTES, "At most 30 days (43200)")
    .optional(),
  horizon_days: int(1, MAX_HORIZON_DAYS, `Between 1 and ${MAX_HORIZON_DAYS}`)
    .optional(),
  requires_confirmation: z.boolean({ message: "Must be true or false" })
    .optional(),
  request_expiry_hours: int(1, MAX_POLICY_HOURS, "Between 1 and 720")
    .optional(),
  cancellation_window_hours: int(0, MAX_POLICY_HOURS, "Between 0 and 720")
    .optional(),
}).superRefine((input, ctx) => {
  for (let day = 1; day <= 7; day++) {
    const indexes = (input.weekly ?? []).flatMap((w, i) =>
      w.weekday === day ? [i] : []
    );
    checkOverlaps(
      indexes.map((i) => input.weekly![i]),
      (k) => ["weekly", indexes[k], "start"],
      WEEKDAY_NAMES[day - 1],
      ctx,
    );
  }
  const seen = new Set<string>();
  (input.overrides ?? []).forEach((o, i) => {
    if (seen.has(o.date)) {
      ctx.addIssue({
        code: "custom",
        path: ["overrides", i, "date"],
        message: "This date is listed twice",
      });
    }
    seen.add(o.date);
    checkOverlaps(
      o.intervals,
      (k) => ["overrides", i, "intervals", k, "start"],
      o.date,
      ctx,
    );
  });
});

/** What availabilitySchema gives. */
export type AvailabilityBody = z.output<typeof availabilitySchema>;

const isoDateTime = z.iso.datetime({
  offset: true,
  message: "Must be an ISO 8601 date-time",
}).transform((s) => new Date(s));

/** `GET /api/teachers/:id/times` query: a window of at most 62 days. */
export const timesQuerySchema = z.object({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  length_minutes: z.coerce.number({ message: "Must be a whole number" })
    .int("Must be a whole number").min(MIN_LESSON_MINUTES).max(
      MAX_LESSON_MINUTES,
    ).optional(),
}).transform((q, ctx) => {
  const from = q.from ?? new Date();
  const to = q.to ?? new Date(from.getTime() + 7 * DAY);
  if (to <= from) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: "Must be after from",
    });
  } else if (to.getTime() - from.getTime() > MAX_TIMES_WINDOW_DAYS * DAY) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `At most ${MAX_TIMES_WINDOW_DAYS} days after from`,
    });
  }
  return { from, to, length_minutes: q.length_minutes };
});

/** The by-time fields of `POST /api/bookings`. */
export const timeBookingFields = {
  teacher_id: uuid.optional(),
  start_at: isoDateTime.optional(),
  length_minutes: z.coerce.number({ message: "Must be a whole number" })
    .int("Must be a whole number").min(
      MIN_LESSON_MINUTES,
      `Between ${MIN_LESSON_MINUTES} and ${MAX_LESSON_MINUTES} minutes`,
    ).max(
      MAX_LESSON_MINUTES,
      `Between ${MIN_LESSON_MINUTES} and ${MAX_LESSON_MINUTES} minutes`,
    ).optional(),
};
