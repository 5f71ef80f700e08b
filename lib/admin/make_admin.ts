// The first admin of a self-hosted server: `deno task make-admin <email>`
// gives an existing account the admin role, on the configured database,
// and records it in the audit trail (as done by the account itself, with
// `via: "command line"`). Further admins are made on /admin/users.
import type { Database } from "@/lib/db/connection.ts";
import { normalizeEmail } from "@/lib/auth/email.ts";
import { NotFoundError } from "@/lib/errors.ts";
import { recordAdminAction } from "@/lib/admin/audit.ts";

/**
 * Makes the account with this e-mail an admin (and enables it if it was
 * disabled); returns its id. An admin already is left as it is.
 * @throws {NotFoundError} when no account has this e-mail
 */
export async function makeAdmin(db: Database, email: string): Promise<string> {
  return await db.transaction(async (tx) => {
    const [user] = await tx.query<
      { id: string; role: string; disabled: boolean }
    >(
      `SELECT id, role, disabled_at IS NOT NULL AS disabled FROM users
        WHERE email = $1 FOR UPDATE`,
      [normalizeEmail(email)],
    );
    if (!user) {
      throw new NotFoundError(
        `Cannot make an admin: no account has the e-mail ${email}`,
      );
    }
    if (user.role === "admin" && !user.disabled) return user.id;
    await tx.query(
      `UPDATE users SET role = 'admin', disabled_at = NULL, updated_at = now()
        WHERE id = $1`,
      [user.id],
    );
    await recordAdminAction(tx, {
      admin_id: user.id,
      action: "user.role_changed",
      target_user_id: user.id,
      details: { from: user.role, to: "admin", via: "command line" },
    });
    return user.id;
  });
}

if (import.meta.main) {
  const email = Deno.args[0];
  if (!email) {
    console.error("Usage: deno task make-admin <email of an existing account>");
    Deno.exit(2);
  }
  const { getConfig } = await import("@/lib/config.ts");
  const { openDatabaseOrExit } = await import("@/lib/db/configured.ts");
  const { migrate } = await import("@/lib/db/migrate.ts");
  const db = await openDatabaseOrExit(getConfig(), "make-admin");
  try {
    await migrate(db);
    await makeAdmin(db, email);
    console.log(`${email} is an admin; sign in and open /admin`);
  } catch (err) {
    console.error(err instanceof NotFoundError ? err.message : err);
    Deno.exitCode = 1;
  } finally {
    await db.close();
  }
}
