// Plain SQL migrations, applied in file-name order inside one transaction that
// holds an advisory lock, so several instances can start at once.
import type { Database, Queryable } from "./connection.ts";

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);
// Any constant works; it only has to be the same for every instance.
const LOCK_KEY = 7_204_311;

/** A migration file. */
export interface Migration {
  name: string;
  sql: string;
}

let cached: Promise<Migration[]> | null = null;

/** Reads the migration files (once per process), sorted by name. */
export function loadMigrations(): Promise<Migration[]> {
  cached ??= readMigrations();
  return cached;
}

async function readMigrations(): Promise<Migration[]> {
  const out: Migration[] = [];
  for await (const entry of Deno.readDir(MIGRATIONS_DIR)) {
    if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
    out.push({
      name: entry.name,
      sql: await Deno.readTextFile(new URL(entry.name, MIGRATIONS_DIR)),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Applies the migrations not yet recorded in `schema_migrations` (the files in
 * lib/db/migrations/ unless `migrations` is given); returns the names it
 * applied. Throws (and applies none) if any migration fails.
 */
export async function migrate(
  db: Database,
  migrations?: Migration[],
): Promise<string[]> {
  const list = migrations ?? await loadMigrations();
  return await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await tx.query<{ name: string }>("SELECT name FROM schema_migrations"))
        .map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of list) {
      if (done.has(m.name)) continue;
      // The whole file at once: both engines take several statements in one
      // text, so no splitting (dollar quotes and literals stay intact).
      await tx.exec(m.sql);
      await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [
        m.name,
      ]);
      applied.push(m.name);
    }
    return applied;
  });
}

/** Names of migration files not yet applied (all of them on an empty database). */
export async function migrationsPending(db: Queryable): Promise<string[]> {
  const migrations = await loadMigrations();
  const [{ exists }] = await db.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
  );
  if (!exists) return migrations.map((m) => m.name);
  const done = new Set(
    (await db.query<{ name: string }>("SELECT name FROM schema_migrations"))
      .map((r) => r.name),
  );
  return migrations.map((m) => m.name).filter((n) => !done.has(n));
}

if (import.meta.main) {
  // `deno task migrate`: apply pending migrations deliberately, then exit.
  const { getConfig } = await import("@/lib/config.ts");
  const { openDatabaseOrExit } = await import("@/lib/db/configured.ts");
  const db = await openDatabaseOrExit(getConfig(), "migrate");
  const applied = await migrate(db);
  console.log(
    applied.length
      ? `Applied: ${applied.join(", ")}`
      : "Nothing to apply: the database is up to date",
  );
  await db.close();
}
