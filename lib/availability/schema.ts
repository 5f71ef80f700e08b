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
} from "@/lib/availability/rules.ts";
import { canonicalTimeZone } from "@/lib/auth/users.ts";
import { issue, uuid } from "@/lib/http/validate.ts";
import { msg, type TextParam } from "@/lib/errors.ts";

// The weekday in an overlap message, from the catalogue (Monday first).
const WEEKDAY_KEYS = [
  "error.weekday.1",
  "error.weekday.2",
  "error.weekday.3",
  "error.weekday.4",
  "error.weekday.5",
  "error.weekday.6",
  "error.weekday.7",
] as const;

/** Longest window of computed times one request may ask for. */
export const MAX_TIMES_WINDOW_DAYS = 62;

const DAY = 86_400_000;

const timeOfDay = z.string().transform((text, ctx) => {
  const minutes = parseMinutes(text);
  if (minutes === null) {
    ctx.addIssue({ code: "custom", message: issue("error.availability.time") });
    return z.NEVER;
  }
  return minutes;
});

const interval = z.object({ start: timeOfDay, end: timeOfDay }).refine(
  (i) => i.end > i.start,
  { message: issue("error.availability.endAfterStart"), path: ["end"] },
);

const localDate = z.string().refine((text) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    return Temporal.PlainDate.from(text).toString() === text;
  } catch {
    return false;
  }
}, issue("error.availability.date"));

const WHOLE = issue("error.field.wholeNumber");
const int = (min: number, max: number, message: string) =>
  z.number({ message: WHOLE }).int(WHOLE).min(min, message).max(max, message);
const between = (min: number, max: number) =>
  issue("error.field.between", { min, max });
// The limit as digits, as the field writes minutes (1440, not 1,440).
const MAX_BUFFER = issue("error.availability.maxBuffer", {
  count: String(MAX_BUFFER_MINUTES),
});
const MAX_NOTICE = issue("error.availability.maxNotice", {
  count: String(MAX_NOTICE_MINUTES),
});
const lengthBetween = issue("error.availability.lengthBetween", {
  min: MIN_LESSON_MINUTES,
  max: MAX_LESSON_MINUTES,
});

/** An IANA time zone name, in its canonical spelling. */
export const timeZoneSchema = z.string().transform((tz, ctx) => {
  const canonical = canonicalTimeZone(tz);
  if (!canonical) {
    ctx.addIssue({
      code: "custom",
      message: issue("error.availability.timeZone"),
    });
    return z.NEVER;
  }
  return canonical;
});

// Adds an issue at the second of any two overlapping intervals.
function checkOverlaps(
  intervals: Interval[],
  path: (i: number) => (string | number)[],
  label: TextParam,
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
        message: issue("error.availability.overlap"),
        params: {
          from: formatMinutes(prev.start),
          to: formatMinutes(prev.end),
          day: label,
        },
      });
    }
  }
}

/** `PUT /api/availability`: any field left out stays as it is. */
export const availabilitySchema = z.object({
  time_zone: timeZoneSchema.optional(),
  weekly: z.array(
    z.object({ weekday: int(1, 7, issue("error.availability.weekday")) }).and(
      interval,
    ),
  ).max(MAX_WEEKLY_INTERVALS, issue("error.availability.maxIntervals"))
    .optional(),
  overrides: z.array(z.object({
    date: localDate,
    intervals: z.array(interval).max(
      MAX_INTERVALS_PER_DAY,
      issue("error.availability.maxIntervalsADay"),
    ),
  })).max(MAX_OVERRIDES, issue("error.availability.maxDates")).optional(),
  lesson_lengths: z.array(
    int(MIN_LESSON_MINUTES, MAX_LESSON_MINUTES, lengthBetween),
  ).min(1, issue("error.availability.noLength")).max(
    MAX_LESSON_LENGTHS,
    issue("error.availability.maxLengths"),
  ).refine(
    (l) => new Set(l).size === l.length,
    issue("error.availability.lengthTwice"),
  )
    .transform((l) => [...l].sort((a, b) => a - b)).optional(),
  grid_minutes: z.union([z.literal(15), z.literal(30)], {
    message: issue("error.availability.grid"),
  }).optional(),
  buffer_before_minutes: int(
    0,
    MAX_BUFFER_MINUTES,
    MAX_BUFFER,
  ).optional(),
  buffer_after_minutes: int(
    0,
    MAX_BUFFER_MINUTES,
    MAX_BUFFER,
  ).optional(),
  min_notice_minutes: int(
    0,
    MAX_NOTICE_MINUTES,
    MAX_NOTICE,
  ).optional(),
  horizon_days: int(1, MAX_HORIZON_DAYS, between(1, MAX_HORIZON_DAYS))
    .optional(),
  requires_confirmation: z.boolean({ message: issue("error.field.boolean") })
    .optional(),
  request_expiry_hours: int(1, MAX_POLICY_HOURS, between(1, MAX_POLICY_HOURS))
    .optional(),
  cancellation_window_hours: int(
    0,
    MAX_POLICY_HOURS,
    between(0, MAX_POLICY_HOURS),
  ).optional(),
}).superRefine((input, ctx) => {
  for (let day = 1; day <= 7; day++) {
    const indexes = (input.weekly ?? []).flatMap((w, i) =>
      w.weekday === day ? [i] : []
    );
    checkOverlaps(
      indexes.map((i) => input.weekly![i]),
      (k) => ["weekly", indexes[k], "start"],
      msg(WEEKDAY_KEYS[day - 1]),
      ctx,
    );
  }
  const seen = new Set<string>();
  (input.overrides ?? []).forEach((o, i) => {
    if (seen.has(o.date)) {
      ctx.addIssue({
        code: "custom",
        path: ["overrides", i, "date"],
        message: issue("error.availability.dateTwice"),
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
  message: issue("error.field.dateTime"),
}).transform((s) => new Date(s));

/** `GET /api/teachers/:id/times` query: a window of at most 62 days. */
export const timesQuerySchema = z.object({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  length_minutes: z.coerce.number({ message: WHOLE })
    .int(WHOLE).min(MIN_LESSON_MINUTES).max(
      MAX_LESSON_MINUTES,
    ).optional(),
}).transform((q, ctx) => {
  const from = q.from ?? new Date();
  const to = q.to ?? new Date(from.getTime() + 7 * DAY);
  if (to <= from) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: issue("error.availability.toAfterFrom"),
    });
  } else if (to.getTime() - from.getTime() > MAX_TIMES_WINDOW_DAYS * DAY) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: issue("error.availability.window"),
      params: { count: MAX_TIMES_WINDOW_DAYS },
    });
  }
  return { from, to, length_minutes: q.length_minutes };
});

/** The by-time fields of `POST /api/bookings`. */
export const timeBookingFields = {
  teacher_id: uuid.optional(),
  start_at: isoDateTime.optional(),
  length_minutes: z.coerce.number({ message: WHOLE })
    .int(WHOLE).min(MIN_LESSON_MINUTES, lengthBetween)
    .max(MAX_LESSON_MINUTES, lengthBetween).optional(),
};
