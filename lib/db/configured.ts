// The database the configuration names: PostgreSQL at DATABASE_URL, or the
// embedded PGlite in DATA_DIR.
import { join } from "node:path";
import type { Config } from "@/lib/config.ts";
import { type Database, openDatabase } from "@/lib/db/connection.ts";

/** Opens (without migrating) the database of a configuration. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? null : join(config.dataDir, "pglite"),
    schema: config.databaseSchema ?? undefined,
  });
}

/** A database URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.href;
  } catch {
    return "DATABASE_URL";
  }
}
