// Request shapes of the account API and forms, and the one set of limits
// behind them. Input is validated here, at the edge, and nowhere again.
import { z } from "zod";
import { canonicalTimeZone } from "@/lib/auth/users.ts";
import { passwordProblem } from "@/lib/auth/password_policy.ts";
import { TIME_ZONE_MAX_LENGTH } from "@/lib/limits.ts";

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
  z.email({ message: "Must be an email address" }),
);

/** `POST /api/auth/register` and the registration form. */
export const registerSchema = z.object({
  email,
  password: z.string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`),
  username: z.string().trim()
    .min(USERNAME_MIN_LENGTH, `Use at least ${USERNAME_MIN_LENGTH} characters`)
    .max(USERNAME_MAX_LENGTH, `Use at most ${USERNAME_MAX_LENGTH} characters`)
    .refine(isVisibleName, "Use visible characters only"),
  role: z.enum(REGISTRATION_ROLES, {
    message: 'Must be "student" or "teacher"',
  }),
  time_zone: z.string().max(TIME_ZONE_MAX_LENGTH).transform((tz, ctx) => {
    const canonical = canonicalTimeZone(tz);
    if (canonical) return canonical;
    ctx.addIssue({
      code: "custom",
      message: "Choose a time zone from the list",
    });
    return z.NEVER;
  }).optional(),
}).superRefine((value, ctx) => {
  const problem = passwordProblem(value.password, value);
  if (problem) {
    ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  }
});

/** A registration as validated by `registerSchema`. */
export type Registration = z.output<typeof registerSchema>;

/** `POST /api/auth/login` and the sign-in form. */
export const loginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email").max(EMAIL_MAX_LENGTH),
  password: z.string().min(1, "Enter your password").max(PASSWORD_MAX_LENGTH),
});
