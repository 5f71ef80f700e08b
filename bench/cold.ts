// 6. Cold start: from spawning the server process to the first successful
// /healthz and to the first signed-in booking page, with prebuilt `_fresh/`
// assets (production) and without (islands bundled at start).
import type { BenchContext } from "./_context.ts";
import { type BenchDatabase, cookieOf, login, startTalkroom } from "./_app.ts";
import { freePort, ROOT_DIR, sleep } from "./_proc.ts";
import { appEnv, spawnDaemon } from "@/tests/_daemon.ts";
import { median } from "./_stats.ts";
import { type BenchResult, fmt, type Table, type Verdict } from "./_report.ts";

/** Target: milliseconds to the first page with prebuilt assets. */
export const FIRST_PAGE_TARGET_MS = 500;

interface Start {
  listeningMs: number | null;
  healthMs: number;
  pageMs: number;
}

/** Spawns the server once and times its way to /healthz and the first page. */
async function coldStart(
  database: BenchDatabase,
  freshDir: string,
  path: string,
  cookie: string,
): Promise<Start> {
  const port = freePort();
  const t0 = performance.now();
  const daemon = spawnDaemon(
    Deno.execPath(),
    ["run", "-A", "bench/servers/talkroom.ts"],
    {
      cwd: ROOT_DIR,
      env: appEnv({
        ...database.env,
        HOSTNAME: "127.0.0.1",
        PORT: String(port),
        BENCH_FRESH_DIR: freshDir,
      }),
    },
  );
  let listeningMs: number | null = null;
  daemon.waitFor(/Listening on/, 60_000).then(
    () => listeningMs = performance.now() - t0,
    () => {}, // The /healthz loop below reports what went wrong.
  );
  try {
    const origin = `http://127.0.0.1:${port}`;
    let healthMs: number | null = null;
    while (healthMs === null) {
      if (daemon.exited()) {
        throw new Error(`The server exited:\n${daemon.output()}`);
      }
      if (performance.now() - t0 > 60_000) {
        throw new Error(`No /healthz within 60 s:\n${daemon.output()}`);
      }
      try {
        const res = await fetch(`${origin}/healthz`);
        await res.body?.cancel();
        if (res.ok) healthMs = performance.now() - t0;
      } catch {
        await sleep(2);
      }
    }
    const res = await fetch(`${origin}${path}`, { headers: { cookie } });
    const body = await res.text();
    const pageMs = performance.now() - t0;
    if (res.status !== 200 || !body.includes("<html")) {
      throw new Error(`${path} answered ${res.status}`);
    }
    return { listeningMs, healthMs, pageMs };
  } finally {
    await daemon.stop(0, "SIGKILL");
  }
}

interface Variant {
  name: string;
  runs: Start[];
  listeningMs: number | null;
  healthMs: number;
  pageMs: number;
}

/** Runs the cold-start benchmark. */
export async function runColdBench(ctx: BenchContext): Promise<BenchResult> {
  const runs = ctx.quick ? 1 : Math.max(ctx.runs, 5);
  const prebuilt = await ctx.freshDir();
  const empty = await Deno.makeTempDir({ prefix: "talkroom_nofresh_" });
  const variants: Variant[] = [];
  try {
    const measure = async (
      name: string,
      database: BenchDatabase,
      freshDir: string,
    ) => {
      // A session for the page, and one unmeasured start that fills
      // Deno's module cache as a deployed release would have it.
      const server = await startTalkroom({ database, freshDir });
      let cookie: string;
      try {
        cookie = cookieOf(await login(server.origin, "student@demo.test"));
      } finally {
        await server.stop();
      }
      const path = `/bookings/${database.openBookingId}`;
      await coldStart(database, freshDir, path, cookie);
      const results: Start[] = [];
      for (let i = 0; i < runs; i++) {
        await ctx.quiet();
        results.push(await coldStart(database, freshDir, path, cookie));
      }
      const listening = results.map((r) => r.listeningMs).filter((v) =>
        v !== null
      ) as number[];
      const v: Variant = {
        name,
        runs: results,
        listeningMs: listening.length ? median(listening) : null,
        healthMs: median(results.map((r) => r.healthMs)),
        pageMs: median(results.map((r) => r.pageMs)),
      };
      ctx.log(
        `${name}: /healthz ${fmt(v.healthMs)} ms, first page ${
          fmt(v.pageMs)
        } ms`,
      );
      variants.push(v);
    };
    const pg = await ctx.postgres();
    await measure("PostgreSQL, prebuilt _fresh/", pg, prebuilt);
    await measure(
      "PostgreSQL, no _fresh/ (islands bundled at start)",
      pg,
      `${empty}/_fresh`,
    );
    const lite = await ctx.pglite();
    await measure("PGlite, prebuilt _fresh/", lite, prebuilt);
    await measure(
      "PGlite, no _fresh/ (islands bundled at start)",
      lite,
      `${empty}/_fresh`,
    );
  } finally {
    await Deno.remove(empty, { recursive: true }).catch(() => {});
  }

  const tables: Table[] = [{
    title: "Cold start",
    columns: [
      "database, assets",
      "listening ms",
      "/healthz ms",
      "first page ms",
    ],
    rows: variants.map((v) => [
      v.name,
      fmt(v.listeningMs),
      fmt(v.healthMs),
      fmt(v.pageMs),
    ]),
    notes: [
      `from spawning \`deno run -A\` to the first 200 of /healthz (polled every few ms), then the signed-in room page /bookings/:id; median of ${runs} start(s) after one unmeasured start (Deno's module cache warm, as after a deploy)`,
      "server not pinned; migrations already applied, so each start only checks them",
    ],
  }];
  const target = variants[0];
  const verdicts: Verdict[] = [{
    target: "cold start to first page < 500 ms with prebuilt assets",
    measured: `${fmt(target.pageMs)} ms (PostgreSQL)`,
    met: target.pageMs < FIRST_PAGE_TARGET_MS,
    margin: target.pageMs < FIRST_PAGE_TARGET_MS
      ? `${fmt(FIRST_PAGE_TARGET_MS - target.pageMs)} ms under`
      : `${fmt(target.pageMs - FIRST_PAGE_TARGET_MS)} ms over`,
  }];
  return { name: "cold", tables, verdicts, data: { runs, variants } };
}
