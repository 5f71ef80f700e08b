// Request shapes of the recovery pages and the account page's forms, built
// from registration's fields so the limits live once (lib/auth/schemas.ts).
import { z } from "zod";
import { LOCALE_CHOICES } from "@/lib/i18n/choices.ts";
import { loginSchema, registerSchema } from "@/lib/auth/schemas.ts";
import { issue } from "@/lib/http/validate.ts";

const { email, password, username } = registerSchema.shape;
const currentPassword = loginSchema.shape.password;
const token = z.string().max(200);

/** The form of `/forgot-password`. */
export const forgotPasswordSchema = z.object({ email });

/** The form of `/reset-password` (the token comes back as a hidden field). */
export const resetPasswordSchema = z.object({ token, password });

/** The form of `/confirm-email`. */
export const confirmEmailSchema = z.object({ token });

/** The account page's forms; the hidden `action` says which one was sent. */
export const accountFormSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("name"), username }),
  z.object({
    action: z.literal("email"),
    email,
    // Named apart from the password form's field, so ids stay unique.
    email_password: currentPassword,
  }),
  z.object({
    action: z.literal("password"),
    current_password: currentPassword,
    password,
  }),
  z.object({
    action: z.literal("time_zone"),
    time_zone: z.string().max(64),
    // Where a one-click switch from another page returns to: a path on
    // this site only.
    next: z.string().max(200).regex(/^\/(?!\/)[A-Za-z0-9/_-]*$/).optional(),
  }),
  z.object({
    action: z.literal("locale"),
    // "" follows the browser.
    locale: z.enum(["", ...LOCALE_CHOICES], {
      message: issue("error.account.locale"),
    }),
  }),
], { message: issue("error.account.action") });
