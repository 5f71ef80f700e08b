// Request shapes of the account API and forms, and the one set of limits
// behind them. Input is validated here, at the edge, and nowhere again.
import { z } from "zod";
import { canonicalTimeZone } from "@/lib/auth/users.ts";
import { passwordProblem } from "@/lib/auth/password_policy.ts";
import { TIME_ZONE_MAX_LENGTH } from "@/lib/limits.ts";
import { issue } from "@/lib/http/validate.ts";

/** Shortest password a new account may have. */
export const PASSWORD_MIN_LENGTH = 10;
/** Longest password accepted at all (bounds the work of hashing it). */
export const PASSWORD_MAX_LENGTH = 200;
/** Shortest name, after trimming. */
export const USERNAME_MIN_LENGTH = 2;
/** Longest name, after trimming. */
export const USERNAME_MAX_LENGTH = 40;
/** Longest e-mail address (RFC 5321's path limit). */
export const EMAIL_MAX_LENGTH = 254;
/** The roles anyone may register with; admins are made by an operator. */
export const REGISTRATION_ROLES = ["student", "teacher"] as const;

// Control, format (bidi overrides, zero-width characters), surrogate,
// private-use and unassigned code points, and line or paragraph separators.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
// Letters and symbols that render as blank space.
const BLANK = /[\u115f\u1160\u3164\uffa0\u2800]/gu;
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;

/**
 * Whether a name can be shown as it is: no control or invisible formatting
 * character, and at least one visible character besides blank-looking ones.
 */
export function isVisibleName(name: string): boolean {
  return !HIDDEN.test(name) && VISIBLE.test(name.replace(BLANK, ""));
}

const email = z.string().trim().max(EMAIL_MAX_LENGTH).pipe(
  z.email({ message: issue("error.field.email") }),
);

/** `POST /api/auth/register` and the registration form. */
export const registerSchema = z.object({
  email,
  password: z.string()
    .min(PASSWORD_MIN_LENGTH, issue("error.field.minLength"))
    .max(PASSWORD_MAX_LENGTH, issue("error.field.maxLength")),
  username: z.string().trim()
    .min(USERNAME_MIN_LENGTH, issue("error.field.minLength"))
    .max(USERNAME_MAX_LENGTH, issue("error.field.maxLength"))
    .refine(isVisibleName, issue("error.account.visibleName")),
  role: z.enum(REGISTRATION_ROLES, {
    message: issue("error.account.role"),
  }),
  time_zone: z.string().max(TIME_ZONE_MAX_LENGTH).transform((tz, ctx) => {
    const canonical = canonicalTimeZone(tz);
    if (canonical) return canonical;
    ctx.addIssue({
      code: "custom",
      message: issue("error.account.timeZone"),
    });
    return z.NEVER;
  }).optional(),
}).superRefine((value, ctx) => {
  const problem = passwordProblem(value.password, value);
  if (problem) {
    ctx.addIssue({
      code: "custom",
      path: ["password"],
      message: issue(problem),
    });
  }
});

/** A registration as validated by `registerSchema`. */
export type Registration = z.output<typeof registerSchema>;

/** `POST /api/auth/login` and the sign-in form. */
export const loginSchema = z.object({
  email: z.string().trim().min(1, issue("error.login.email"))
    .max(EMAIL_MAX_LENGTH),
  password: z.string().min(1, issue("error.login.password"))
    .max(PASSWORD_MAX_LENGTH),
});
