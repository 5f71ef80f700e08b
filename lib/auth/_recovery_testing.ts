// Test support for account recovery: the links that were "mailed".
import type { Queryable } from "@/lib/db/connection.ts";
import type { NotificationKind } from "@/lib/notifications/model.ts";

/**
 * The facts of a user's notifications of a kind, oldest first (those of one
 * transaction share a created_at and come in no particular order).
 */
export async function sentFacts(
  db: Queryable,
  userId: string,
  kind: NotificationKind,
): Promise<Record<string, unknown>[]> {
  const rows = await db.query<{ facts: Record<string, unknown> | string }>(
    `SELECT facts FROM notifications WHERE user_id = $1 AND kind = $2
      ORDER BY created_at, id`,
    [userId, kind],
  );
  return rows.map((r) =>
    typeof r.facts === "string" ? JSON.parse(r.facts) : r.facts
  );
}

/** The token of the newest link of a kind sent to a user; throws when none was. */
export async function lastLinkToken(
  db: Queryable,
  userId: string,
  kind: NotificationKind,
): Promise<string> {
  const links = (await sentFacts(db, userId, kind))
    .map((f) => String(f.link_path))
    .filter((path) => path.includes("token="));
  const last = links.at(-1);
  if (!last) throw new Error(`No ${kind} link was sent to ${userId}`);
  return new URL(last, "http://x").searchParams.get("token")!;
}
