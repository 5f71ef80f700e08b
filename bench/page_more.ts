// 1b. More page serving: the signed-in booking list and booking page on
// PGlite (the embedded database of `deno task start`) next to a Deno.serve
// hello world, and on PostgreSQL with `deno serve --parallel` on every core.
// The comparison with the floor on PostgreSQL is page.ts.
import type { BenchContext } from "./_context.ts";
import {
  assertPage,
  type BenchDatabase,
  cookieOf,
  login,
  startTalkroom,
} from "./_app.ts";
import { ensureCommand, freePort, type Server, spawnServer } from "./_proc.ts";
import { runWrk, type WrkResult } from "./_wrk.ts";
import { median } from "./_stats.ts";
import { type BenchResult, fmt, type Table } from "./_report.ts";
import { CONNECTIONS } from "./page.ts";

interface Measured {
  name: string;
  server: string;
  url: string;
  median: Pick<WrkResult, "rps" | "p50Ms" | "p90Ms" | "p99Ms">;
  runs: WrkResult[];
}

/** Runs the PGlite and `deno serve --parallel` page benchmarks. */
export async function runPageMoreBench(
  ctx: BenchContext,
): Promise<BenchResult> {
  await ensureCommand("wrk", "wrk");
  const seconds = ctx.quick ? 3 : 10;
  const warmup = ctx.quick ? 1 : 3;
  const { server: serverCpu, load: loadCpu } = ctx.layout;

  const measure = async (
    name: string,
    server: string,
    url: string,
    headers: Record<string, string>,
    pinnedLoad: boolean,
  ): Promise<Measured> => {
    const cpus = pinnedLoad ? loadCpu : null;
    await ctx.quiet();
    await runWrk({
      url,
      headers,
      connections: CONNECTIONS,
      seconds: warmup,
      cpus,
    });
    const runs: WrkResult[] = [];
    for (let i = 0; i < ctx.runs; i++) {
      runs.push(
        await runWrk({ url, headers, connections: CONNECTIONS, seconds, cpus }),
      );
    }
    const m = {
      rps: median(runs.map((r) => r.rps)),
      p50Ms: median(runs.map((r) => r.p50Ms)),
      p90Ms: median(runs.map((r) => r.p90Ms)),
      p99Ms: median(runs.map((r) => r.p99Ms)),
    };
    ctx.log(
      `${name} (${server}): ${fmt(m.rps)} req/s, p50 ${
        fmt(m.p50Ms, 2)
      } ms, p99 ${fmt(m.p99Ms, 2)} ms`,
    );
    return { name, server, url, median: m, runs };
  };

  const results: Measured[] = [];
  const withServer = async <T>(
    start: () => Promise<Server>,
    fn: (s: Server) => Promise<T>,
  ): Promise<T> => {
    const server = await start();
    try {
      return await fn(server);
    } finally {
      await server.stop();
    }
  };

  // The ceiling: the smallest server, on the same core as Talkroom.
  const ceiling = await withServer(
    () =>
      spawnServer({
        command: Deno.execPath(),
        args: ["run", "-A", "bench/servers/hello.ts"],
        cpus: serverCpu,
      }),
    (s) => measure("hello world", "Deno.serve", `${s.origin}/`, {}, true),
  );
  results.push(ceiling);

  const freshDir = await ctx.freshDir();
  const pagesOf = async (database: BenchDatabase, label: string) => {
    await withServer(
      () => startTalkroom({ database, cpus: serverCpu, freshDir }),
      async (s) => {
        const token = await login(s.origin, "student@demo.test");
        const headers = { cookie: cookieOf(token) };
        for (
          const [name, path] of [
            ["/bookings", "/bookings"],
            ["/bookings/:id", `/bookings/${database.openBookingId}`],
          ]
        ) {
          await assertPage(`${s.origin}${path}`, headers);
          results.push(
            await measure(name, label, `${s.origin}${path}`, headers, true),
          );
        }
      },
    );
  };
  await pagesOf(await ctx.pglite(), "Talkroom, PGlite");

  // Every core: deno serve --parallel (the load generator shares the cores).
  const parallel: Measured[] = [];
  parallel.push(
    await withServer(
      () => serveParallel("bench/servers/hello_serve.ts"),
      (s) =>
        measure(
          "hello world",
          "deno serve --parallel",
          `${s.origin}/`,
          {},
          false,
        ),
    ),
  );
  const pg = await ctx.postgres();
  await withServer(
    () =>
      serveParallel("bench/servers/talkroom_serve.ts", {
        ...pg.env,
        BENCH_FRESH_DIR: freshDir,
      }),
    async (s) => {
      // Workers start one by one; the first answer only means one is ready.
      await waitForHealth(s.origin);
      const token = await login(s.origin, "student@demo.test");
      const headers = { cookie: cookieOf(token) };
      for (
        const [name, path] of [
          ["/bookings", "/bookings"],
          ["/bookings/:id", `/bookings/${pg.openBookingId}`],
        ]
      ) {
        await assertPage(`${s.origin}${path}`, headers);
        parallel.push(
          await measure(
            name,
            "Talkroom, PostgreSQL, deno serve --parallel",
            `${s.origin}${path}`,
            headers,
            false,
          ),
        );
      }
    },
  );

  const cores = navigator.hardwareConcurrency;
  const row = (m: Measured, base: Measured) => [
    m.name,
    m.server,
    Math.round(m.median.rps),
    fmt(m.median.p50Ms, 2),
    fmt(m.median.p99Ms, 2),
    `${fmt((m.median.rps / base.median.rps) * 100, 1)} %`,
  ];
  const columns = [
    "page",
    "server",
    "req/s",
    "p50 ms",
    "p99 ms",
    "of ceiling",
  ];
  const tables: Table[] = [{
    title: `Page serving on PGlite, one core (${ctx.layout.description})`,
    columns,
    rows: results.map((m) => row(m, ceiling)),
    notes: [
      `wrk, ${CONNECTIONS} connections, 1 thread, ${seconds} s after a ${warmup} s warm-up; median of ${ctx.runs} run(s)`,
      "signed in as the demo student (session cookie); PGlite runs inside the server process",
    ],
  }, {
    title: `Page serving, deno serve --parallel on ${cores} cores`,
    columns,
    rows: parallel.map((m) => row(m, parallel[0])),
    notes: [
      "server and wrk share every core here, so this is a lower bound of multi-core serving",
    ],
  }];

  return {
    name: "page-more",
    tables,
    verdicts: [],
    data: { connections: CONNECTIONS, seconds, results, parallel },
  };
}

/** `deno serve --parallel` of a module on a free loopback port (one isolate per core). */
function serveParallel(
  module: string,
  env: Record<string, string> = {},
): Promise<Server> {
  const port = freePort();
  return spawnServer({
    command: Deno.execPath(),
    args: [
      "serve",
      "--parallel",
      "-A",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      module,
    ],
    env,
    port,
  });
}

async function waitForHealth(origin: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${origin}/healthz`).then(async (r) => {
      await r.body?.cancel();
      return r.ok;
    }, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${origin}/healthz never answered`);
}
