// The database the configuration names: PostgreSQL at DATABASE_URL, or the
// embedded PGlite in DATA_DIR.
import { join } from "node:path";
import type { Config } from "@/lib/config.ts";
import { type Database, openDatabase } from "@/lib/db/connection.ts";
import { DataDirInUseError, makePrivate } from "@/lib/db/data_dir.ts";

/**
 * Opens (without migrating) the database of a configuration. The embedded one
 * makes DATA_DIR owner-only first and holds it for this process alone.
 * @throws {DataDirInUseError} when another process has the embedded database open
 */
export async function openConfiguredDatabase(
  config: Config,
): Promise<Database> {
  if (!config.databaseUrl) await makePrivate(config.dataDir);
  return await openDatabase({
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

/**
 * For command-line tasks (`deno task seed`, `deno task migrate`): opens the
 * configured database, or prints one line an operator can act on (no stack)
 * and exits with status 1.
 */
export async function openDatabaseOrExit(
  config: Config,
  task: string,
): Promise<Database> {
  try {
    return await openConfiguredDatabase(config);
  } catch (err) {
    console.error(
      err instanceof DataDirInUseError
        ? err.message
        : `Cannot ${task}: the database is not usable: ${
          (err as Error).message
        }`,
    );
    Deno.exit(1);
  }
}
