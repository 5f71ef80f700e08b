// Request shapes of the notifications API and pages.
import { z } from "zod";
import {
  INBOX_MAX_PAGE_SIZE,
  isInboxPosition,
} from "@/lib/notifications/inbox.ts";
import { issue, uuid } from "@/lib/http/validate.ts";

const position = z.string().max(100).refine(isInboxPosition, {
  message: issue("error.field.cursor"),
});

/** `GET /api/notifications?limit=&after=` */
export const notificationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(
    INBOX_MAX_PAGE_SIZE,
    `At most ${INBOX_MAX_PAGE_SIZE}`,
  ).optional(),
  after: position.optional(),
});

/** `/notifications?after=` */
export const notificationsPageQuerySchema = z.object({
  after: position.optional(),
});

/** The forms of `/notifications`: mark one read, or all. */
export const markReadFormSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("read"), id: uuid }),
  z.object({ action: z.literal("read-all") }),
]);

// An unchecked checkbox is absent from the form.
const checkbox = z.literal("on").optional().transform((v) => v === "on");

/** The form of `/account/notifications`. */
export const emailPreferencesFormSchema = z.object({
  email_changes: checkbox,
  email_reminders: checkbox,
});
