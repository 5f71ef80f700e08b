// Request shapes of the slots and bookings API (and their forms).
import { z } from "zod";
import { BOOKING_STATUSES, MAX_REPEAT_WEEKS } from "@/lib/bookings/model.ts";
import { decodeCursor, MAX_PAGE_SIZE } from "@/lib/bookings/cursor.ts";
import { uuid } from "@/lib/http/validate.ts";
import { NOTES_MAX_LENGTH, REASON_MAX_LENGTH } from "@/lib/limits.ts";

const isoDateTime = z.iso.datetime({
  offset: true,
  message: "Must be an ISO 8601 date-time",
})
  .transform((s) => new Date(s));

/** A list position from a previous page's `next` (see cursor.ts). */
const cursorSchema = z.string().max(100).transform((text, ctx) => {
  const cursor = decodeCursor(text);
  if (!cursor) {
    ctx.addIssue({
      code: "custom",
      message: "Must be the next value of a previous page",
    });
    return z.NEVER;
  }
  return cursor;
});

/** `?limit=&after=` of a list: page size and where the page starts. */
const paging = {
  limit: z.coerce.number().int().min(1).max(
    MAX_PAGE_SIZE,
    `At most ${MAX_PAGE_SIZE}`,
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
  status: z.enum(BOOKING_STATUSES, { message: "Choose a status" }).optional(),
  after: cursorSchema.optional(),
  requests: cursorSchema.optional(),
  upcoming: cursorSchema.optional(),
  cancelled: cursorSchema.optional(),
  past: cursorSchema.optional(),
});

/** `POST /bookings`: confirm or decline a request from the list. */
export const bookingListActionSchema = z.object({
  action: z.enum(["confirm", "decline"], {
    message: "Choose confirm or decline",
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

/** `POST /api/bookings` */
export const bookingSchema = z.object({
  slot_id: uuid,
  notes: z.string().max(
    NOTES_MAX_LENGTH,
    `Use at most ${NOTES_MAX_LENGTH} characters`,
  ).nullish(),
});

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
  reason: z.string().trim().min(1, "Say why you cancel").max(
    REASON_MAX_LENGTH,
    `Use at most ${REASON_MAX_LENGTH} characters`,
  ),
  start_at: isoDateTime.optional(),
});

/** `POST /api/bookings/:id/decline` */
export const declineSchema = z.object({
  reason: z.string().trim().max(
    REASON_MAX_LENGTH,
    `Use at most ${REASON_MAX_LENGTH} characters`,
  ).optional(),
});
