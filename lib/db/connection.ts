// One interface over the two PostgreSQL engines the app runs on: PGlite
// (embedded, WASM) when DATABASE_URL is unset, postgres.js otherwise.
import type { PGlite } from "@electric-sql/pglite";
import type postgres from "postgres";
import {
  type DataDirLock,
  lockDataDir,
  makePrivate,
  privateNodeFs,
} from "@/lib/db/data_dir.ts";
import { Availability } from "@/lib/db/availability.ts";

/** Something that runs parameterized SQL: the database or a transaction. */
export interface Queryable {
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<T = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<T[]>;
  /**
   * Runs SQL text of one or more statements without parameters (the simple
   * query protocol), such as a migration file.
   */
  exec(text: string): Promise<void>;
}

/** A database handle. */
export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in a transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on a channel; resolves to an unsubscribe function. */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>>;
  /** Sends NOTIFY on a channel. */
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/** How to reach the database. */
export interface DatabaseOptions {
  /** postgres:// URL; unset means embedded PGlite. */
  url?: string | null;
  /** PGlite data folder; unset means in memory. */
  dataDir?: string | null;
  /** postgres.js pool size (default 10). */
  poolSize?: number;
  /** Statement timeout in milliseconds (default 10 000; 0 disables). */
  statementTimeoutMs?: number;
  /**
   * PostgreSQL only: how long a query may go unanswered before the database
   * counts as unavailable (default the statement timeout plus 2 s, or 30 s
   * without one). Covers what a server-side timeout cannot: a server or
   * network that does not answer at all.
   */
  queryDeadlineMs?: number;
  /** PostgreSQL only: seconds to wait for a new connection (default 5). */
  connectTimeoutSeconds?: number;
  /** Schema to use first on the search path (tests isolate themselves so). */
  schema?: string;
}

/** Opens the database the options name. */
export function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options) : openPglite(options);
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { btree_gist } = await import(
    "@electric-sql/pglite/contrib/btree_gist"
  );
  let lock: DataDirLock | null = null;
  if (options.dataDir) {
    // Owner-only files, and one process at a time (PGlite is single-process).
    await makePrivate(options.dataDir, { contents: true });
    lock = await lockDataDir(options.dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      fs: options.dataDir ? await privateNodeFs(options.dataDir) : undefined,
      extensions: { btree_gist },
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const timeout = options.statementTimeoutMs ?? 10_000;
  await pg.exec(`SET statement_timeout = ${Math.trunc(timeout)}`);
  if (options.schema) {
    await pg.exec(
      `CREATE SCHEMA IF NOT EXISTS ${
        ident(options.schema)
      }; SET search_path = ${ident(options.schema)}, public`,
    );
  }
  const run = async <T>(
    q: Pick<PGlite, "query">,
    text: string,
    params?: unknown[],
  ) => (await q.query<T>(text, params)).rows;
  return {
    kind: "pglite",
    query: (text, params) => run(pg, text, params),
    exec: async (text) => void await pg.exec(text),
    transaction: (fn) =>
      pg.transaction((tx) =>
        fn({
          query: (text, params) => run(tx, text, params),
          exec: async (text) => void await tx.exec(text),
        })
      ),
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload);
      return async () => await unsub();
    },
    async notify(channel, payload) {
      await pg.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    async close() {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(options: DatabaseOptions): Promise<Database> {
  const { default: postgresFn } = await import("postgres");
  const timeout = options.statementTimeoutMs ?? 10_000;
  const connection: Record<string, string> = {
    statement_timeout: String(Math.trunc(timeout)),
    application_name: "talkroom",
  };
  if (options.schema) {
    // Create the schema before any pooled connection uses it.
    const setup = postgresFn(options.url!, { max: 1, onnotice: () => {} });
    await setup.unsafe(`CREATE SCHEMA IF NOT EXISTS ${ident(options.schema)}`);
    await setup.end();
    connection.search_path = `${ident(options.schema)}, public`;
  }
  const sql: postgres.Sql = postgresFn(options.url!, {
    max: options.poolSize ?? 10,
    onnotice: () => {},
    connection,
    connect_timeout: options.connectTimeoutSeconds ?? 5,
    // Dates arrive as Date objects; int8 stays a string (counts are cast to int).
  });
  const availability = new Availability({
    deadlineMs: options.queryDeadlineMs ??
      (timeout > 0 ? timeout + 2_000 : 30_000),
    ping: async () => await sql`SELECT 1`,
  });
  const run = async <T>(
    q: postgres.Sql | postgres.TransactionSql,
    text: string,
    params?: unknown[],
  ) =>
    [
      ...(await q.unsafe(
        text,
        (params ?? []) as postgres.ParameterOrJSON<never>[],
        // A named statement per text and connection: parsed, described and
        // planned once (unsafe()'s default asks the server to describe every
        // statement before running it: two round trips per query).
        { prepare: true },
      )),
    ] as T[];
  return {
    kind: "postgres",
    query: (text, params) => availability.run(() => run(sql, text, params)),
    // unsafe() without parameters uses the simple protocol, which takes
    // several statements in one text.
    exec: async (text) => void await sql.unsafe(text).simple(),
    // Starting and ending a transaction run under the deadline; the work
    // between is bounded by its statements' own deadlines (a migration's by
    // the server's statement_timeout).
    transaction: (fn) =>
      availability.transaction((work) =>
        sql.begin((tx) =>
          work(() =>
            fn({
              query: (text, params) =>
                availability.run(() => run(tx, text, params)),
              exec: async (text) => void await tx.unsafe(text).simple(),
            })
          )
        ) as Promise<Awaited<ReturnType<typeof fn>>>
      ),
    async listen(channel, onPayload) {
      const sub = await sql.listen(channel, onPayload);
      return async () => await sub.unlisten();
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    close: () => {
      availability.close();
      return sql.end({ timeout: 5 });
    },
  };
}

/** Quotes an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
