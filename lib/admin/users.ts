// The admin's side of accounts: finding users, changing a role, disabling
// and enabling an account. Each change writes the audit trail in its own
// transaction; disabling also ends the account's sessions.
import type { Database, Queryable } from "@/lib/db/connection.ts";
import { ConflictError, msg, NotFoundError } from "@/lib/errors.ts";
import type { Role, User } from "@/lib/auth/users.ts";
import { type Cursor, type Page, toPage } from "@/lib/bookings/cursor.ts";
import { recordAdminAction } from "@/lib/admin/audit.ts";

/** A user as the admin pages show it. */
export interface AdminUser {
  id: string;
  email: string;
  username: string;
  role: Role;
  created_at: Date;
  /** When the account was disabled; null while it may sign in. */
  disabled_at: Date | null;
}

/** Rows per page of the user list. */
export const USER_PAGE_SIZE = 25;

/** `%`, `_` and `\` taken literally in an ILIKE pattern. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const toDate = (v: Date | string | null) =>
  v === null ? null : v instanceof Date ? v : new Date(v);

/**
 * Users whose e-mail or name contains `q` (any case), and of `role` when
 * given, newest first, one page after `after`.
 */
export async function searchUsers(
  db: Queryable,
  filter: { q?: string; role?: Role; after?: Cursor; limit?: number } = {},
): Promise<Page<AdminUser>> {
  const limit = filter.limit ?? USER_PAGE_SIZE;
  const q = filter.q?.trim() || null;
  const rows = await db.query<AdminUser>(
    `SELECT id, email, username, role, created_at, disabled_at FROM users
      WHERE ($1::text IS NULL OR email ILIKE $1 OR username ILIKE $1)
        AND ($2::text IS NULL OR role = $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
      ORDER BY created_at DESC, id DESC
      LIMIT $5`,
    [
      q === null ? null : likePattern(q),
      filter.role ?? null,
      filter.after?.at ?? null,
      filter.after?.id ?? null,
      limit + 1,
    ],
  );
  const users = rows.map((r) => ({
    ...r,
    created_at: toDate(r.created_at)!,
    disabled_at: toDate(r.disabled_at),
  }));
  return toPage(users, limit, (u) => ({ at: u.created_at, id: u.id }));
}

// The target row, locked for the change; refuses the admin's own account.
async function lockTarget(
  tx: Queryable,
  admin: User,
  userId: string,
  what: "role" | "disable" | "enable",
): Promise<AdminUser> {
  if (userId === admin.id) {
    throw new ConflictError(msg(`error.admin.self.${what}`));
  }
  const [row] = await tx.query<AdminUser>(
    `SELECT id, email, username, role, created_at, disabled_at FROM users
      WHERE id = $1 FOR UPDATE`,
    [userId],
  );
  if (!row) throw new NotFoundError(msg(`error.admin.missing.${what}`));
  return row;
}

/**
 * Gives a user another role, and records it. Setting the role it already
 * has changes and records nothing.
 * @throws {ConflictError} for the admin's own account
 * @throws {NotFoundError} for an unknown user
 */
export async function changeRole(
  db: Database,
  admin: User,
  userId: string,
  role: Role,
): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await lockTarget(tx, admin, userId, "role");
    if (target.role === role) return;
    await tx.query(
      "UPDATE users SET role = $2, updated_at = now() WHERE id = $1",
      [userId, role],
    );
    await recordAdminAction(tx, {
      admin_id: admin.id,
      action: "user.role_changed",
      target_user_id: userId,
      details: { from: target.role, to: role },
    });
  });
}

/**
 * Disables an account: it can no longer sign in, and every live session
 * ends, in one transaction with its audit record. Returns the ids of the
 * sessions ended, whose signaling sockets the caller closes
 * (`SignalingHub.closeSession`).
 * @throws {ConflictError} for the admin's own account or one already disabled
 * @throws {NotFoundError} for an unknown user
 */
export async function disableUser(
  db: Database,
  admin: User,
  userId: string,
): Promise<string[]> {
  return await db.transaction(async (tx) => {
    const target = await lockTarget(tx, admin, userId, "disable");
    if (target.disabled_at !== null) {
      throw new ConflictError(msg("error.admin.alreadyDisabled"));
    }
    await tx.query(
      "UPDATE users SET disabled_at = now(), updated_at = now() WHERE id = $1",
      [userId],
    );
    const ended = await tx.query<{ id: string }>(
      `UPDATE sessions SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId],
    );
    await recordAdminAction(tx, {
      admin_id: admin.id,
      action: "user.disabled",
      target_user_id: userId,
      details: { sessions_ended: ended.length },
    });
    return ended.map((r) => r.id);
  });
}

/**
 * Lets a disabled account sign in again, and records it.
 * @throws {ConflictError} for the admin's own account or one not disabled
 * @throws {NotFoundError} for an unknown user
 */
export async function enableUser(
  db: Database,
  admin: User,
  userId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await lockTarget(tx, admin, userId, "enable");
    if (target.disabled_at === null) {
      throw new ConflictError(msg("error.admin.notDisabled"));
    }
    await tx.query(
      "UPDATE users SET disabled_at = NULL, updated_at = now() WHERE id = $1",
      [userId],
    );
    await recordAdminAction(tx, {
      admin_id: admin.id,
      action: "user.enabled",
      target_user_id: userId,
    });
  });
}
