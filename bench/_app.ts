// Talkroom for the benchmarks: its databases (a bench_<random> schema on the
// PostgreSQL server, or a PGlite data folder), demo data and many
// student/teacher pairs with open rooms, and server processes.
import { type Database, openDatabase } from "@/lib/db/connection.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { DEMO_PASSWORD, seedDemo } from "@/lib/demo/seed.ts";
import { createSession } from "@/lib/auth/session.ts";
import { ROOT_DIR, type Server, spawnServer } from "./_proc.ts";
import { openTestSchema } from "@/tests/_server.ts";
import { realPostgresUrl } from "@/tests/_db.ts";

/** The PostgreSQL server the benchmarks use. */
export function databaseUrl(): string {
  return Deno.env.get("BENCH_DATABASE_URL") ?? realPostgresUrl();
}

/** One JWT secret for every server of a run, so tokens stay valid across restarts. */
export const JWT_SECRET = crypto.getRandomValues(new Uint8Array(36))
  .toBase64();

/** A prepared database: where it is, the demo ids, and how to remove it. */
export interface BenchDatabase {
  kind: "postgres" | "pglite";
  /** Server environment that selects this database. */
  env: Record<string, string>;
  openBookingId: string;
  /** The demo pair's ids. */
  studentId: string;
  teacherId: string;
  /** An open connection (postgres only; PGlite allows one process). */
  db: Database | null;
  drop(): Promise<void>;
}

/** Creates and migrates `bench_<random>` on the PostgreSQL server and seeds the demo data. */
export async function preparePostgres(): Promise<BenchDatabase> {
  const { url, schema, db, drop } = await openTestSchema({
    url: databaseUrl(),
    prefix: "bench",
    poolSize: 10,
    variable: "BENCH_DATABASE_URL",
  });
  const seed = await seedDemo(db);
  const ids = await demoIds(db);
  return {
    kind: "postgres",
    env: {
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
      JWT_SECRET,
      SIGNALING_BUS: "memory",
      TALKROOM_LOG: "off",
    },
    openBookingId: seed.openBookingId,
    ...ids,
    db,
    drop,
  };
}

/** Seeds a PGlite data folder (as `deno task start` would) and closes it for the server. */
export async function preparePglite(): Promise<BenchDatabase> {
  const dataDir = await Deno.makeTempDir({ prefix: "talkroom_bench_" });
  const db = await openDatabase({ dataDir: `${dataDir}/pglite` });
  await migrate(db);
  const seed = await seedDemo(db);
  const ids = await demoIds(db);
  await db.close();
  return {
    kind: "pglite",
    env: { DATA_DIR: dataDir, JWT_SECRET, TALKROOM_LOG: "off" },
    openBookingId: seed.openBookingId,
    ...ids,
    db: null,
    async drop() {
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}

async function demoIds(
  db: Database,
): Promise<{ studentId: string; teacherId: string }> {
  const rows = await db.query<{ email: string; id: string }>(
    "SELECT email, id FROM users WHERE email IN ('student@demo.test', 'teacher@demo.test')",
  );
  const id = (email: string) => rows.find((r) => r.email === email)!.id;
  return {
    studentId: id("student@demo.test"),
    teacherId: id("teacher@demo.test"),
  };
}

/** A booking whose room is open now, with a signed-in student and teacher. */
export interface RoomPair {
  bookingId: string;
  student: { id: string; token: string };
  teacher: { id: string; token: string };
}

/**
 * Creates `count` distinct student/teacher pairs, each with a confirmed
 * booking whose room is open now, and a session for every user.
 */
export async function createRoomPairs(
  db: Database,
  count: number,
): Promise<RoomPair[]> {
  const tag = crypto.randomUUID().slice(0, 8);
  const users = await db.query<{ id: string; role: string; n: number }>(
    `INSERT INTO users (email, username, role, password_hash)
     SELECT 'bench-' || r || '-' || $1 || '-' || g || '@bench.test', r || ' ' || g, r,
            'bench-user-without-login'
       FROM generate_series(1, $2::int) AS g, unnest(ARRAY['student', 'teacher']) AS r
     RETURNING id, role, split_part(split_part(email, '@', 1), '-', 4)::int AS n`,
    [tag, count],
  );
  const byN = new Map<number, { student?: string; teacher?: string }>();
  for (const u of users) {
    const pair = byN.get(u.n) ?? {};
    pair[u.role as "student" | "teacher"] = u.id;
    byN.set(u.n, pair);
  }
  // Open now: the join window starts 10 minutes before the start.
  const bookings = await db.query<{ id: string; n: number }>(
    `WITH pairs AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS p(student_id, teacher_id, n)
     ), new_slots AS (
       INSERT INTO slots (teacher_id, start_at, end_at)
       SELECT teacher_id, now() + interval '2 minutes', now() + interval '3 hours' FROM pairs
       RETURNING id, teacher_id, start_at, end_at
     )
     INSERT INTO bookings (slot_id, student_id, teacher_id, start_at, end_at, status, notes)
     SELECT s.id, p.student_id, p.teacher_id, s.start_at, s.end_at, 'confirmed', 'bench ' || p.n
       FROM new_slots s JOIN pairs p USING (teacher_id)
     RETURNING id, split_part(notes, ' ', 2)::int AS n`,
    [
      [...byN.values()].map((p) => p.student),
      [...byN.values()].map((p) => p.teacher),
      [...byN.keys()],
    ],
  );
  const secret = new TextEncoder().encode(JWT_SECRET);
  const pairs: RoomPair[] = [];
  const sorted = bookings.sort((a, b) => a.n - b.n);
  for (let i = 0; i < sorted.length; i += 50) {
    const batch = await Promise.all(
      sorted.slice(i, i + 50).map(async (b) => {
        const p = byN.get(b.n)!;
        const [s, t] = await Promise.all([
          createSession(db, secret, p.student!),
          createSession(db, secret, p.teacher!),
        ]);
        return {
          bookingId: b.id,
          student: { id: p.student!, token: s.token },
          teacher: { id: p.teacher!, token: t.token },
        };
      }),
    );
    pairs.push(...batch);
  }
  return pairs;
}

/** Options of a Talkroom server process. */
export interface TalkroomOptions {
  database: BenchDatabase;
  cpus?: string | null;
  /** Prebuilt `_fresh/` folder to serve; unset: an empty one (islands built at start). */
  freshDir?: string;
  /** Lifts the relay's flood and per-address limits (relay and idle benchmarks). */
  relaxLimits?: boolean;
  env?: Record<string, string>;
  port?: number;
  /** Extra flags for `deno run` (e.g. --inspect). */
  denoFlags?: string[];
  /** Another checkout of the app to run instead of this one (its own code and config). */
  root?: string;
}

/** Starts Talkroom (bench/servers/talkroom.ts, i.e. main.ts with bench overrides). */
export async function startTalkroom(options: TalkroomOptions): Promise<Server> {
  let emptyDir: string | null = null;
  if (!options.freshDir) {
    emptyDir = await Deno.makeTempDir({ prefix: "talkroom_nofresh_" });
  }
  const server = await spawnServer({
    command: Deno.execPath(),
    args: [
      "run",
      "-A",
      ...(options.denoFlags ?? []),
      "bench/servers/talkroom.ts",
    ],
    cpus: options.cpus,
    cwd: options.root,
    env: {
      ...options.database.env,
      PORT: String(options.port ?? 0),
      BENCH_FRESH_DIR: options.freshDir ?? `${emptyDir}/_fresh`,
      ...(options.relaxLimits ? { BENCH_RELAX_LIMITS: "1" } : {}),
      ...options.env,
    },
  });
  if (!emptyDir) return server;
  const stop = server.stop;
  return {
    ...server,
    async stop(graceMs) {
      await stop(graceMs);
      await Deno.remove(emptyDir!, { recursive: true }).catch(() => {});
    },
  };
}

/**
 * Builds the islands ahead of time into a temporary `_fresh/` folder, from
 * this checkout or another one (`root`).
 */
export async function buildAssets(root = ROOT_DIR): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "talkroom_fresh_" });
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "bench/servers/build.ts", `${dir}/_fresh`],
    cwd: root,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `Building the islands failed:\n${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return `${dir}/_fresh`;
}

/** Signs in through the JSON API and returns the session token. */
export async function login(
  origin: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json();
  if (!res.ok || typeof body.token !== "string") {
    throw new Error(
      `Signing in ${email} failed: ${res.status} ${JSON.stringify(body)}`,
    );
  }
  return body.token;
}

/** The cookie header value of a session token. */
export function cookieOf(token: string): string {
  return `talkroom_session=${token}`;
}

/**
 * Checks a URL answers 200 with the signed-in page (HTML) or, for the
 * floor, JSON.
 * @throws Error with the status otherwise
 */
export async function assertPage(
  url: string,
  headers: Record<string, string>,
  kind: "html" | "json" = "html",
): Promise<void> {
  const res = await fetch(url, { headers, redirect: "manual" });
  const body = await res.text();
  const ok = kind === "html"
    ? body.includes("<html")
    : body.startsWith("{") && body.includes('"booking"');
  if (res.status !== 200 || !ok) {
    throw new Error(`${url} answered ${res.status}, not the signed-in page`);
  }
}
