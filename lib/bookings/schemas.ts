// Request shapes of the slots and bookings API (and their forms).
import { z } from "zod";
import { BOOKING_STATUSES, MAX_REPEAT_WEEKS } from "@/lib/bookings/model.ts";
import { decodeCursor, MAX_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { issue, uuid } from "@/lib/http/validate.ts";
import { timeBookingFields } from "@/lib/availability/schema.ts";
import { NOTES_MAX_LENGTH, REASON_MAX_LENGTH } from "@/lib/limits.ts";

const isoDateTime = z.iso.datetime({
  offset: true,
  message: issue("error.field.dateTime"),
})
  .transform((s) => new Date(s));

/** A list position from a previous page's `next` (see cursor.ts). */
const cursorSchema = z.string().max(100).transform((text, ctx) => {
  const cursor = decodeCursor(text);
  if (!cursor) {
    ctx.addIssue({
      code: "custom",
      message: issue("error.field.cursor"),
    });
    return z.NEVER;
  }
  return cursor;
});

/** `?limit=&after=` of a list: page size and where the page starts. */
const paging = {
  limit: z.coerce.number().int().min(1).max(
    MAX_PAGE_SIZE,
    issue("error.field.atMost"),
  ).optional(),
  after: cursorSchema.optional(),
};

/** `?after=` of a page that lists one thing in pages. */
export const pageQuerySchema = z.object({ after: cursorSchema.optional() });

/**
 * `/bookings?status=&after=&requests=&upcoming=&cancelled=&past=`: the status
 * filter (with `after`, where its one list starts) or where each section
 * starts.
 */
export const bookingsPageQuerySchema = z.object({
  status: z.enum(BOOKING_STATUSES, { message: issue("error.booking.status") })
    .optional(),
  after: cursorSchema.optional(),
  requests: cursorSchema.optional(),
  upcoming: cursorSchema.optional(),
  cancelled: cursorSchema.optional(),
  past: cursorSchema.optional(),
});

/** `POST /bookings`: confirm or decline a request from the list. */
export const bookingListActionSchema = z.object({
  action: z.enum(["confirm", "decline"], {
    message: issue("error.booking.listAction"),
  }),
  booking_id: uuid,
  /** The filter to return to. */
  status: z.enum(BOOKING_STATUSES).optional().catch(undefined),
});

/** `POST /api/slots` */
export const slotSchema = z.object({
  start_at: isoDateTime,
  end_at: isoDateTime,
  repeat_weeks: z.coerce.number().int().min(1).max(MAX_REPEAT_WEEKS).optional(),
});

/** `GET /api/slots` query */
export const slotQuerySchema = z.object({
  teacher_id: uuid.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  ...paging,
});

/**
 * `POST /api/bookings`: a one-off slot (`slot_id`), or a time computed from
 * the teacher's rules (`teacher_id`, `start_at`, `length_minutes`).
 */
export const bookingSchema = z.object({
  slot_id: uuid.optional(),
  ...timeBookingFields,
  notes: z.string().max(
    NOTES_MAX_LENGTH,
    issue("error.field.maxLength"),
  ).nullish(),
}).superRefine((b, ctx) => {
  const byTime = ["teacher_id", "start_at", "length_minutes"] as const;
  if (b.slot_id) {
    if (b.teacher_id || b.start_at) {
      ctx.addIssue({
        code: "custom",
        path: ["slot_id"],
        message: issue("error.booking.slotOrTime"),
      });
    }
    return;
  }
  if (byTime.every((k) => b[k] === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["slot_id"],
      message: issue("error.booking.slotOrTimeMissing"),
    });
    return;
  }
  for (const k of byTime) {
    if (b[k] === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [k],
        message: issue("error.booking.timeField"),
      });
    }
  }
});

/** What bookingSchema gives: a booking by slot or by time. */
export type BookingBody = z.output<typeof bookingSchema>;

/** `GET /api/bookings` query */
export const bookingQuerySchema = z.object({
  status: z.enum(BOOKING_STATUSES).optional(),
  scope: z.enum(["upcoming", "past"]).optional(),
  ...paging,
});

/**
 * `POST /api/bookings/:id/cancel`; `start_at`, when given, is the start the
 * canceller saw (a booking moved since is not cancelled).
 */
export const cancelSchema = z.object({
  reason: z.string().trim().min(1, issue("error.booking.cancelReason")).max(
    REASON_MAX_LENGTH,
    issue("error.field.maxLength"),
  ),
  start_at: isoDateTime.optional(),
});

/** `POST /api/bookings/:id/decline` */
export const declineSchema = z.object({
  reason: z.string().trim().max(
    REASON_MAX_LENGTH,
    issue("error.field.maxLength"),
  ).optional(),
});
