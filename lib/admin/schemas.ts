// Request shapes of the admin pages: the list filters and the forms.
import { z } from "zod";
import { BOOKING_STATUSES } from "@/lib/bookings/model.ts";
import { pageQuerySchema } from "@/lib/bookings/schemas.ts";
import { issue, uuid } from "@/lib/http/validate.ts";
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
  issue("error.field.maxLength"),
);
const day = z.iso.date({ message: issue("error.field.date") });
const role = z.enum(ROLES, { message: issue("error.field.role") });

/** `/admin/users?q=&role=&after=` */
export const usersQuerySchema = z.object({
  q: optional(search),
  role: optional(role),
  after: pageQuerySchema.shape.after,
});

/** The forms of `POST /admin/users`: a role change, disabling, enabling. */
export const userActionSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("role"),
    user_id: uuid,
    role,
  }),
  z.object({ action: z.literal("disable"), user_id: uuid }),
  z.object({ action: z.literal("enable"), user_id: uuid }),
], { message: issue("error.admin.userAction") });

/** `/admin/bookings?status=&teacher=&student=&from=&to=&after=` */
export const bookingsQuerySchema = z.object({
  status: optional(
    z.enum(BOOKING_STATUSES, { message: issue("error.field.status") }),
  ),
  teacher: optional(search),
  student: optional(search),
  from: optional(day),
  to: optional(day),
  after: pageQuerySchema.shape.after,
}).refine((f) => !f.from || !f.to || f.from <= f.to, {
  path: ["to"],
  message: issue("error.admin.toBeforeFrom"),
});

/** The form of `POST /admin/disputes`: resolve one. */
export const resolveDisputeSchema = z.object({
  dispute_id: uuid,
  status: z.enum(DISPUTE_OUTCOMES, { message: issue("error.admin.outcome") }),
  note: z.string().trim()
    .min(1, issue("error.admin.noteRequired"))
    .max(NOTE_MAX_LENGTH, issue("error.field.maxLength")),
  absent: optional(
    z.enum(ABSENT_SIDES, { message: issue("error.admin.absent") }),
  ),
});

/** `/admin/audit?before=` */
export const auditQuerySchema = z.object({
  before: optional(
    z.string().regex(/^\d{1,18}$/, issue("error.admin.entryId")),
  ),
});
