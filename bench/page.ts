// 1. Page serving against the floor (issue 17): the signed-in booking page
// and booking list on PostgreSQL beside the Deno.serve hello world (the
// ceiling) and the floor (bench/servers/floor.ts: Deno.serve + postgres.js
// doing one booking page's database work, JSON out), all servers up at
// once and measured in interleaved rounds: every row once per round, the
// median over the rounds. Per row: req/s and p99 at 50 connections, p99 at
// 10, server CPU and PostgreSQL CPU per request (from /proc, over the 50
// connection run), with and without compression (wrk sends no
// Accept-Encoding unless told), and the bytes each page puts on the wire.
// With `--app-b <checkout>` a second Talkroom from another worktree gets
// its own rows in the same rounds (an A/B of two versions in one sitting).
import type { BenchContext } from "./_context.ts";
import {
  assertPage,
  cookieOf,
  databaseUrl,
  JWT_SECRET,
  login,
  startTalkroom,
} from "./_app.ts";
import { ensureCommand, type Server, spawnServer } from "./_proc.ts";
import { runWrk, type WrkResult } from "./_wrk.ts";
import {
  backendPids,
  cpuBetween,
  isLocalHost,
  postgresPort,
  processTicks,
  TICKS_PER_SECOND,
  ticksOf,
} from "./_cpu.ts";
import { wireBytes, type WireResponse } from "./_wire.ts";
import { type BenchResult, fmt, type Table, type Verdict } from "./_report.ts";
import {
  type PageMedians,
  pageVerdicts,
  type RoundMeasure,
  rowMedians,
} from "./_page_targets.ts";

/** Connections of the throughput run, as the targets state. */
export const CONNECTIONS = 50;
/** Connections of the latency run (p99 at 10 connections). */
export const LATENCY_CONNECTIONS = 10;
/** What a browser sends; the runtime answers br for it. */
export const COMPRESSED = "gzip, br";

/** One line of the table: a server and a URL, measured once per round. */
interface Row {
  page: string;
  server: string;
  /** "A", "B" for Talkroom; null for the references. */
  app: "A" | "B" | null;
  /** The Accept-Encoding sent, or null for none (wrk's default). */
  encoding: string | null;
  url: string;
  headers: Record<string, string>;
  pid: number;
  /** Whether the server talks to PostgreSQL (whose backends are counted). */
  database: boolean;
  rounds: RoundMeasure[];
}

/** Runs the page-serving benchmark against the floor. */
export async function runPageBench(ctx: BenchContext): Promise<BenchResult> {
  await ensureCommand("wrk", "wrk");
  const seconds = ctx.quick ? 2 : 10;
  const warmup = ctx.quick ? 1 : 2;
  const { server: serverCpu, load: loadCpu } = ctx.layout;
  const pg = await ctx.postgres();
  const url = databaseUrl();
  const pgPort = isLocalHost(url) ? postgresPort(url) : null;

  const servers: Server[] = [];
  try {
    const start = async (s: Promise<Server>) => {
      const server = await s;
      servers.push(server);
      return server;
    };
    const hello = await start(spawnServer({
      command: Deno.execPath(),
      args: ["run", "-A", "bench/servers/hello.ts"],
      cpus: serverCpu,
    }));
    const floor = await start(spawnServer({
      command: Deno.execPath(),
      args: ["run", "-A", "bench/servers/floor.ts"],
      cpus: serverCpu,
      env: {
        DATABASE_URL: pg.env.DATABASE_URL,
        DATABASE_SCHEMA: pg.env.DATABASE_SCHEMA,
        JWT_SECRET,
      },
    }));
    const appA = await start(startTalkroom({
      database: pg,
      cpus: serverCpu,
      freshDir: await ctx.freshDir(),
    }));
    const appB = ctx.appB
      ? await start(startTalkroom({
        database: pg,
        cpus: serverCpu,
        freshDir: await ctx.freshDirB(),
        root: ctx.appB,
      }))
      : null;

    const token = await login(appA.origin, "student@demo.test");
    const cookie = { cookie: cookieOf(token) };
    const bookingPath = `/bookings/${pg.openBookingId}`;
    const rows: Row[] = [];
    const add = (r: Omit<Row, "rounds">) => rows.push({ ...r, rounds: [] });
    add({
      page: "hello world",
      server: "Deno.serve (ceiling)",
      app: null,
      encoding: null,
      url: `${hello.origin}/`,
      headers: {},
      pid: hello.pid,
      database: false,
    });
    add({
      page: "/bookings/:id as JSON",
      server: "floor: Deno.serve + postgres.js",
      app: null,
      encoding: null,
      url: `${floor.origin}${bookingPath}`,
      headers: cookie,
      pid: floor.pid,
      database: true,
    });
    await assertPage(`${floor.origin}${bookingPath}`, cookie, "json");
    const apps: [Server, "A" | "B", string][] = [[
      appA,
      "A",
      ctx.appB ? "Talkroom A (this checkout)" : "Talkroom",
    ]];
    if (appB) apps.push([appB, "B", `Talkroom B (${ctx.appB})`]);
    for (const encoding of [null, COMPRESSED]) {
      for (const [server, app, label] of apps) {
        for (
          const [page, path] of [["/bookings/:id", bookingPath], [
            "/bookings",
            "/bookings",
          ]]
        ) {
          const headers = encoding
            ? { ...cookie, "accept-encoding": encoding }
            : cookie;
          await assertPage(`${server.origin}${path}`, cookie);
          add({
            page,
            server: label,
            app,
            encoding,
            url: `${server.origin}${path}`,
            headers,
            pid: server.pid,
            database: true,
          });
        }
      }
    }

    const measureOnce = async (row: Row, round: number) => {
      const wrk = (connections: number, s: number) =>
        runWrk({
          url: row.url,
          headers: row.headers,
          connections,
          seconds: s,
          cpus: loadCpu,
        });
      await ctx.quiet();
      // The warm-up also fills the app's database pool, so the backends
      // are all there when they are looked up.
      await wrk(CONNECTIONS, warmup);
      const pidsBefore = row.database && pgPort
        ? await backendPids(pg.db!, row.pid, pgPort)
        : [];
      const pgBefore = ticksOf(pidsBefore);
      const serverBefore = processTicks(row.pid);
      const throughput = await wrk(CONNECTIONS, seconds);
      const serverAfter = processTicks(row.pid);
      const pidsAfter = row.database && pgPort
        ? await backendPids(pg.db!, row.pid, pgPort)
        : [];
      const pgAfter = ticksOf([...new Set([...pidsBefore, ...pidsAfter])]);
      const latency = await wrk(LATENCY_CONNECTIONS, seconds);
      // A run in which nothing completed (a machine busy with other work)
      // has no latency and no per-request cost: NaN, shown as "–".
      const done = throughput.requests > 0;
      const measure: RoundMeasure = {
        rps: throughput.rps,
        p50Ms: done ? throughput.p50Ms : NaN,
        p99Ms: done ? throughput.p99Ms : NaN,
        p99At10Ms: latency.requests > 0 ? latency.p99Ms : NaN,
        requests: throughput.requests,
        serverCpuMs: !done || serverBefore === null || serverAfter === null
          ? NaN
          : ((serverAfter - serverBefore) / TICKS_PER_SECOND * 1000) /
            throughput.requests,
        postgresCpuMs: done && row.database && pgPort && pidsBefore.length
          ? cpuBetween(pgBefore, pgAfter) * 1000 / throughput.requests
          : null,
        backends: pidsAfter.length,
      };
      row.rounds.push(measure);
      ctx.log(
        `round ${round}: ${row.page} (${row.server}${
          row.encoding ? `, ${row.encoding}` : ""
        }): ${fmt(measure.rps)} req/s, p99@${LATENCY_CONNECTIONS} ${
          fmt(measure.p99At10Ms, 2)
        } ms, CPU ${fmt(measure.serverCpuMs, 3)} ms/req, PostgreSQL ${
          fmt(measure.postgresCpuMs, 3)
        } ms/req`,
      );
      return { throughput, latency };
    };

    const raw: Record<string, { c50: WrkResult; c10: WrkResult }[]> = {};
    for (let round = 1; round <= ctx.runs; round++) {
      // Every other round runs the rows backwards, so no row (A before B,
      // say) always follows the same neighbour.
      for (const row of round % 2 ? rows : [...rows].reverse()) {
        const { throughput, latency } = await measureOnce(row, round);
        (raw[rowKey(row)] ??= []).push({ c50: throughput, c10: latency });
      }
    }

    // Bytes on the wire, once per page and coding (they do not vary).
    const wire: WireRow[] = [];
    for (const [server, app, label] of apps) {
      for (
        const [page, path] of [["/bookings/:id", bookingPath], [
          "/bookings",
          "/bookings",
        ]]
      ) {
        const of = (encoding: string | null) =>
          wireBytes(
            `${server.origin}${path}`,
            encoding ? { ...cookie, "accept-encoding": encoding } : cookie,
          );
        wire.push({
          page,
          server: label,
          app,
          none: await of(null),
          gzip: await of("gzip"),
          br: await of(COMPRESSED),
        });
      }
    }
    const floorWire = await wireBytes(`${floor.origin}${bookingPath}`, cookie);

    return report(ctx, rows, wire, floorWire, {
      seconds,
      warmup,
      raw,
      postgresCounted: pgPort !== null,
    });
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
}

interface WireRow {
  page: string;
  server: string;
  app: "A" | "B" | null;
  none: WireResponse;
  gzip: WireResponse;
  br: WireResponse;
}

function rowKey(row: Pick<Row, "page" | "server" | "encoding">): string {
  return `${row.page} | ${row.server} | ${row.encoding ?? "none"}`;
}

function report(
  ctx: BenchContext,
  rows: Row[],
  wire: WireRow[],
  floorWire: WireResponse,
  info: {
    seconds: number;
    warmup: number;
    raw: unknown;
    postgresCounted: boolean;
  },
): BenchResult {
  const medians = new Map<Row, PageMedians>(
    rows.map((r) => [r, rowMedians(r.rounds)]),
  );
  const ceiling = medians.get(rows[0])!;
  const floor = medians.get(rows[1])!;
  const ms = (v: number | null) => fmt(v, 3);
  const table: Table = {
    title:
      `Page serving against the floor, one core (${ctx.layout.description})`,
    columns: [
      "page",
      "server",
      "Accept-Encoding",
      "req/s @50",
      "× floor",
      "p50 / p99 ms @50",
      "p99 ms @10",
      "× floor p99@10",
      "server CPU ms/req",
      "PostgreSQL ms/req",
    ],
    rows: rows.map((r) => {
      const m = medians.get(r)!;
      return [
        r.page,
        r.server,
        r.encoding ?? "none",
        Math.round(m.rps),
        r === rows[0] ? "–" : `${fmt(m.rps / floor.rps, 2)}×`,
        `${fmt(m.p50Ms, 2)} / ${fmt(m.p99Ms, 2)}`,
        fmt(m.p99At10Ms, 2),
        r === rows[0] ? "–" : `${fmt(m.p99At10Ms / floor.p99At10Ms, 2)}×`,
        ms(m.serverCpuMs),
        r.database ? ms(m.postgresCpuMs) : "–",
      ];
    }),
    notes: [
      `wrk, 1 thread, pinned; ${CONNECTIONS} connections for req/s, p50/p99 @50 and the CPU figures, ${LATENCY_CONNECTIONS} for p99 @10; ${info.seconds} s each after a ${info.warmup} s warm-up; ${ctx.runs} interleaved round(s) (every row once per round, every other round in reverse order), median per column`,
      `hello world: ${fmt(ceiling.rps)} req/s (${
        fmt(floor.rps / ceiling.rps * 100, 2)
      } % of it for the floor)`,
      "server CPU: utime + stime of the server process (/proc/<pid>/stat) over the 50-connection run, divided by its requests",
      info.postgresCounted
        ? "PostgreSQL: utime + stime of the backends serving that server's connections (matched by client port in pg_stat_activity) over the same run, divided by its requests; PostgreSQL is not pinned"
        : "PostgreSQL: not counted (the database is not on this machine)",
      `Accept-Encoding "none" is wrk's default (no header: uncompressed HTML); "${COMPRESSED}" is what browsers send (the runtime answers br)`,
      "signed in as the demo student (session cookie); the booking is the demo's open room; the floor does the session check and the booking query only, without rendering",
    ],
  };
  const kB = (n: number) => `${fmt(n / 1000, 1)} kB`;
  const wireTable: Table = {
    title: "Bytes on the wire per page (status line, headers and body)",
    columns: [
      "page",
      "server",
      "none",
      "gzip",
      `"${COMPRESSED}" (br)`,
      "br saves",
    ],
    rows: [
      ...wire.map((w) => [
        w.page,
        w.server,
        `${kB(w.none.totalBytes)} (body ${kB(w.none.bodyBytes)})`,
        `${kB(w.gzip.totalBytes)} (body ${kB(w.gzip.bodyBytes)}, ${
          w.gzip.headers["content-encoding"] ?? "identity"
        })`,
        `${kB(w.br.totalBytes)} (body ${kB(w.br.bodyBytes)}, ${
          w.br.headers["content-encoding"] ?? "identity"
        })`,
        `${fmt((1 - w.br.totalBytes / w.none.totalBytes) * 100, 0)} %`,
      ]),
      [
        "/bookings/:id as JSON",
        "floor",
        `${kB(floorWire.totalBytes)} (body ${kB(floorWire.bodyBytes)})`,
        "–",
        "–",
        "–",
      ],
    ],
    notes: [
      "one GET over HTTP/1.1 with Connection: close, every byte the server sent counted; 1 kB = 1,000 bytes",
    ],
  };
  const tables = [table, wireTable];

  const apps = [...new Set(rows.map((r) => r.app).filter((a) => a !== null))];
  const find = (app: string, page: string, encoding: string | null) =>
    medians.get(
      rows.find((r) =>
        r.app === app && r.page === page && r.encoding === encoding
      )!,
    )!;
  const verdicts: Verdict[] = [];
  for (const app of apps) {
    const label = apps.length > 1 ? `Talkroom ${app}: ` : "";
    verdicts.push(
      ...pageVerdicts({
        floor,
        detail: find(app, "/bookings/:id", null),
        list: find(app, "/bookings", null),
      }).map((v) => ({ ...v, target: `${label}${v.target}` })),
    );
  }
  if (apps.length > 1) tables.push(abTable(rows, medians));
  return {
    name: "page",
    tables,
    verdicts,
    data: {
      connections: CONNECTIONS,
      latencyConnections: LATENCY_CONNECTIONS,
      seconds: info.seconds,
      appB: ctx.appB,
      rows: rows.map((r) => ({
        page: r.page,
        server: r.server,
        app: r.app,
        encoding: r.encoding,
        median: medians.get(r),
        rounds: r.rounds,
      })),
      wrk: info.raw,
      wire: [...wire, { page: "floor", none: floorWire }],
    },
  };
}

/** B over A for each Talkroom row (same page and coding). */
function abTable(rows: Row[], medians: Map<Row, PageMedians>): Table {
  const out: (string | number)[][] = [];
  for (const a of rows.filter((r) => r.app === "A")) {
    const b = rows.find((r) =>
      r.app === "B" && r.page === a.page && r.encoding === a.encoding
    );
    if (!b) continue;
    const ma = medians.get(a)!, mb = medians.get(b)!;
    const ratio = (x: number | null, y: number | null) =>
      x === null || y === null || !Number.isFinite(x / y)
        ? "–"
        : `${fmt(x / y, 2)}×`;
    out.push([
      a.page,
      a.encoding ?? "none",
      ratio(mb.rps, ma.rps),
      ratio(mb.p99At10Ms, ma.p99At10Ms),
      ratio(mb.serverCpuMs, ma.serverCpuMs),
      ratio(mb.postgresCpuMs, ma.postgresCpuMs),
    ]);
  }
  return {
    title: "A/B: Talkroom B over Talkroom A, same rounds",
    columns: [
      "page",
      "Accept-Encoding",
      "req/s",
      "p99 @10",
      "server CPU/req",
      "PostgreSQL/req",
    ],
    rows: out,
    notes: [
      "medians of each over the rounds; below 1× is better for the last three",
      "both run against the same database schema (migrated by A's code; B applies any migrations of its own at start)",
    ],
  };
}
