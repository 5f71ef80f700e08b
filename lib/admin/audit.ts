// The admin audit trail (`admin_audit`, append-only): every admin mutation
// writes one row with recordAdminAction() in the transaction that makes the
// change, so the change and its record commit or roll back together.
// (`::text::jsonb`: postgres.js stores a string sent as jsonb as a JSON
// string, not as the object it spells.)
import type { Queryable } from "@/lib/db/connection.ts";

/** The admin actions the trail records. */
export const ADMIN_ACTIONS = [
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "dispute.resolved",
] as const;

/** One admin action. */
export type AdminAction = typeof ADMIN_ACTIONS[number];

/** What recordAdminAction() writes. */
export interface NewAdminAction {
  admin_id: string;
  action: AdminAction;
  target_user_id?: string | null;
  target_booking_id?: string | null;
  details?: Record<string, unknown>;
}

/** One row of the trail, with the names an admin reads. */
export interface AdminAuditEntry {
  id: string;
  at: Date;
  admin_id: string;
  admin_email: string;
  action: string;
  target_user_id: string | null;
  target_user_email: string | null;
  target_booking_id: string | null;
  details: Record<string, unknown>;
}

/** Appends one action to the trail, in the caller's transaction. */
export async function recordAdminAction(
  tx: Queryable,
  entry: NewAdminAction,
): Promise<void> {
  await tx.query(
    `INSERT INTO admin_audit (admin_id, action, target_user_id, target_booking_id, details)
     VALUES ($1, $2, $3, $4, $5::text::jsonb)`,
    [
      entry.admin_id,
      entry.action,
      entry.target_user_id ?? null,
      entry.target_booking_id ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

/** Rows per page of the trail. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * One page of the trail, newest first: the entries older than `before` (an
 * entry id) when given, and the id the next page starts before (null on the
 * last page).
 */
export async function listAdminAudit(
  db: Queryable,
  options: { before?: string | null; limit?: number } = {},
): Promise<{ items: AdminAuditEntry[]; next: string | null }> {
  const limit = options.limit ?? AUDIT_PAGE_SIZE;
  const rows = await db.query<AdminAuditEntry & { id: string | number }>(
    `SELECT a.id, a.at, a.admin_id, ad.email AS admin_email, a.action,
            a.target_user_id, tu.email AS target_user_email,
            a.target_booking_id, a.details
       FROM admin_audit a
       JOIN users ad ON ad.id = a.admin_id
       LEFT JOIN users tu ON tu.id = a.target_user_id
      WHERE $1::bigint IS NULL OR a.id < $1::bigint
      ORDER BY a.id DESC
      LIMIT $2`,
    [options.before ?? null, limit + 1],
  );
  const items = rows.slice(0, limit).map((row) => ({
    ...row,
    id: String(row.id),
    at: row.at instanceof Date ? row.at : new Date(row.at),
  }));
  return {
    items,
    next: rows.length > limit ? items[items.length - 1].id : null,
  };
}
