// What the middleware puts on `ctx.state`, and the assertions handlers use.
import {
  ForbiddenError,
  msg,
  type Text,
  UnauthorizedError,
} from "@/lib/errors.ts";
import type { Role, User } from "@/lib/auth/users.ts";

/** The auth part of `ctx.state`, set by `routes/_middleware.ts` on every request. */
export interface AuthState {
  user: User | null;
  sessionId: string | null;
}

const ROLE_PLURALS = {
  student: "error.role.students",
  teacher: "error.role.teachers",
  admin: "error.role.admins",
} as const satisfies Record<Role, string>;

/**
 * The signed-in user of a request context.
 * @throws {UnauthorizedError} when nobody is signed in
 */
export function assertSignedIn(ctx: { state: Partial<AuthState> }): User {
  const user = ctx.state.user;
  if (!user) throw new UnauthorizedError();
  return user;
}

/**
 * Checks that the user has the role, or one of the roles. No role implies
 * another: an admin is not a teacher.
 * @throws {ForbiddenError} e.g. "Only teachers can do this"
 */
export function assertRole(user: User, role: Role | readonly Role[]): void {
  const roles: readonly Role[] = typeof role === "string" ? [role] : role;
  if (roles.includes(user.role)) return;
  const who = roles.map((r): Text => msg(ROLE_PLURALS[r])).reduce((a, b) =>
    msg("error.role.either", { first: a, second: b })
  );
  throw new ForbiddenError(msg("error.role.only", { roles: who }));
}
