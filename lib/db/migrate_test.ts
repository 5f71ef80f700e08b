import assert from "node:assert/strict";
import { type Database, ident, openDatabase } from "@/lib/db/connection.ts";
import { loadMigrations, migrate } from "@/lib/db/migrate.ts";

const TEST_URL = Deno.env.get("TEST_DATABASE_URL") ?? null;
const ENGINE = TEST_URL ? "postgres" : "pglite";

function randomSchema(): string {
  return `test_mig_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/** Opens an empty database: a new schema on the server, or a new PGlite. */
async function openEmpty(
  schema = randomSchema(),
): Promise<{ db: Database; close(): Promise<void> }> {
  const db = await openDatabase({
    url: TEST_URL,
    schema: TEST_URL ? schema : undefined,
  });
  return {
    db,
    async close() {
      if (TEST_URL) {
        await db.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
      }
      await db.close();
    },
  };
}

async function appliedNames(db: Database): Promise<string[]> {
  return (await db.query<{ name: string }>(
    "SELECT name FROM schema_migrations ORDER BY name",
  )).map((r) => r.name);
}

Deno.test("loadMigrations() reads the .sql files in name order", async () => {
  const migrations = await loadMigrations();
  const names = migrations.map((m) => m.name);
  assert.ok(names.length >= 1);
  assert.equal(names[0], "0001_init.sql");
  assert.deepEqual(names, [...names].sort());
  for (const m of migrations) {
    assert.match(m.name, /^\d{4}_[a-z0-9_]+\.sql$/);
    assert.ok(m.sql.trim().length > 0, m.name);
  }
});

Deno.test(`migrate() runs a file whole: quoted semicolons, a DO block and comments survive (${ENGINE})`, async () => {
  const { db, close } = await openEmpty();
  try {
    const applied = await migrate(db, [{
      name: "0001_tricky.sql",
      sql: `-- a comment; with a semicolon
CREATE TABLE notes (body text NOT NULL);
INSERT INTO notes VALUES ('one;
two'), ($q$three;$q$);
DO $$
BEGIN
  INSERT INTO notes VALUES ('from a block;');
  INSERT INTO notes VALUES ('four');
END
$$;
CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql AS $f$
  SELECT upper(t) || ';'
$f$; INSERT INTO notes SELECT shout('five')`,
    }]);
    assert.deepEqual(applied, ["0001_tricky.sql"]);
    const rows = await db.query<{ body: string }>(
      "SELECT body FROM notes ORDER BY body",
    );
    assert.deepEqual(rows.map((r) => r.body), [
      "FIVE;",
      "four",
      "from a block;",
      "one;\ntwo",
      "three;",
    ]);
  } finally {
    await close();
  }
});

Deno.test(`migrate() applies nothing when a later statement of a later file fails (${ENGINE})`, async () => {
  const { db, close } = await openEmpty();
  try {
    await assert.rejects(
      migrate(db, [
        { name: "0001_ok.sql", sql: "CREATE TABLE first_table (x int);" },
        {
          name: "0002_bad.sql",
          sql:
            "CREATE TABLE second_table (x int);\nSELECT * FROM missing_table;",
        },
      ]),
      /missing_table/,
    );
    const [{ first, second, log }] = await db.query<
      { first: string | null; second: string | null; log: string | null }
    >(
      `SELECT to_regclass('first_table')::text AS first,
              to_regclass('second_table')::text AS second,
              to_regclass('schema_migrations')::text AS log`,
    );
    assert.deepEqual({ first, second, log }, {
      first: null,
      second: null,
      log: null,
    });
  } finally {
    await close();
  }
});

Deno.test(`migrate() applies every migration once and then nothing (${ENGINE})`, async () => {
  const { db, close } = await openEmpty();
  try {
    const all = (await loadMigrations()).map((m) => m.name);
    assert.deepEqual(await migrate(db), all);
    assert.deepEqual(await appliedNames(db), all);
    assert.deepEqual(await migrate(db), []);
    assert.deepEqual(await migrate(db), []);
    assert.deepEqual(await appliedNames(db), all);
    // The schema is really there.
    const tables = (await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() ORDER BY table_name`,
    )).map((r) => r.name);
    for (
      const table of ["attendance", "bookings", "sessions", "slots", "users"]
    ) {
      assert.ok(tables.includes(table), `missing table ${table}`);
    }
  } finally {
    await close();
  }
});

Deno.test(`concurrent migrate() calls on one database apply each migration once (${ENGINE})`, async () => {
  const all = (await loadMigrations()).map((m) => m.name);
  const schema = randomSchema();
  // Separate handles (separate pools on PostgreSQL), as separate instances
  // starting at once would have; PGlite has one connection, so it gets one.
  const handles: { db: Database; close(): Promise<void> }[] = [];
  try {
    const count = TEST_URL ? 6 : 1;
    for (let i = 0; i < count; i++) handles.push(await openEmpty(schema));
    const dbs = TEST_URL
      ? handles.map((h) => h.db)
      : Array(6).fill(handles[0].db);
    const results = await Promise.all(dbs.map((db) => migrate(db)));
    assert.deepEqual(results.flat().sort(), all);
    assert.equal(results.filter((r) => r.length > 0).length, 1);
    assert.deepEqual(await appliedNames(dbs[0]), all);
  } finally {
    // Drop the schema once, then close the other pools.
    await handles[0]?.close();
    for (const h of handles.slice(1)) await h.db.close();
  }
});

Deno.test(`concurrent migrate() calls on fresh databases all succeed (${ENGINE})`, async () => {
  const all = (await loadMigrations()).map((m) => m.name);
  const handles = await Promise.all(
    Array.from({ length: TEST_URL ? 4 : 2 }, () => openEmpty()),
  );
  try {
    const results = await Promise.all(handles.map((h) => migrate(h.db)));
    for (const applied of results) assert.deepEqual(applied, all);
    for (const h of handles) assert.deepEqual(await appliedNames(h.db), all);
  } finally {
    for (const h of handles) await h.close();
  }
});
