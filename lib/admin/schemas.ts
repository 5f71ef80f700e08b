// Request shapes of the admin pages: the list filters and the forms.
import { z } from "zod";
import { BOOKING_STATUSES } from "@/lib/bookings/model.ts";
import { pageQuerySchema } from "@/lib/bookings/schemas.ts";
import { uuid } from "@/lib/http/validate.ts";
import { ABSENT_SIDES, DISPUTE_OUTCOMES } from "@/lib/admin/disputes.ts";

/** Longest search text or participant filter. */
export const SEARCH_MAX_LENGTH = 100;
/** Longest resolution note (the table's limit). */
export const NOTE_MAX_LENGTH = 2000;

const ROLES = ["student", "teacher", "admin"] as const;

// An empty form field is the same as an absent one.
const blankToUndefined = (v: unknown) => v === "" ? undefined : v;
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional());

const search = z.string().trim().max(
  SEARCH_MAX_LENGTH,
  `Use at most ${SEARCH_MAX_LENGTH} characters`,
);
const day = z.iso.date({ message: "Must be a date (YYYY-MM-DD)" });

/** `/admin/users?q=&role=&after=` */
export const usersQuerySchema = z.object({
  q: optional(search),
  role: optional(z.enum(ROLES, { message: "Must be a role" })),
  after: pageQuerySchema.shape.after,
});

/** The forms of `POST /admin/users`: a role change, disabling, enabling. */
export const userActionSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("role"),
    user_id: uuid,
    role: z.enum(ROLES, { message: "Must be a role" }),
  }),
  z.object({ action: z.literal("disable"), user_id: uuid }),
  z.object({ action: z.literal("enable"), user_id: uuid }),
], { message: 'Must be "role", "disable" or "enable"' });

/** `/admin/bookings?status=&teacher=&student=&from=&to=&after=` */
export const bookingsQuerySchema = z.object({
  status: optional(z.enum(BOOKING_STATUSES, { message: "Must be a status" })),
  teacher: optional(search),
  student: optional(search),
  from: optional(day),
  to: optional(day),
  after: pageQuerySchema.shape.after,
}).refine((f) => !f.from || !f.to || f.from <= f.to, {
  path: ["to"],
  message: "Must not be before the first day",
});

/** The form of `POST /admin/disputes`: resolve one. */
export const resolveDisputeSchema = z.object({
  dispute_id: uuid,
  status: z.enum(DISPUTE_OUTCOMES, { message: "Choose an outcome" }),
  note: z.string().trim()
    .min(1, "Say why you set this outcome")
    .max(NOTE_MAX_LENGTH, `Use at most ${NOTE_MAX_LENGTH} characters`),
  absent: optional(z.enum(ABSENT_SIDES, { message: "Choose who was absent" })),
});

/** `/admin/audit?before=` */
export const auditQuerySchema = z.object({
  before: optional(z.string().regex(/^\d{1,18}$/, "Must be an entry id")),
});
