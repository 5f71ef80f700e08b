// `deno task bench`: runs the benchmarks (all eight, or those named with
// --only) on this machine, prints their tables, writes
// bench/results/<name>.json and bench/results/report.md.
//
//   deno task bench                     all eight, median of 3 runs
//   deno task bench --quick             a few seconds each, small counts (CI)
//   deno task bench --only page,relay   some of them
//   deno task bench --runs 5            more repetitions (rounds)
//   deno task bench --only page --app-b ../other-worktree
//                                       page serving of this checkout and
//                                       another one, interleaved (A/B)
//   deno task bench --no-wait           measure at once on a busy machine
//                                       (by default each measurement waits up
//                                       to a minute for other load to stop)
import { BenchContext } from "./_context.ts";
import {
  type BenchResult,
  markdownTable,
  RESULTS_DIR,
  textTable,
  type Verdict,
  verdictTable,
  writeResult,
} from "./_report.ts";
import { type MachineInfo, machineInfo } from "./_machine.ts";
import { runPageBench } from "./page.ts";
import { runPageMoreBench } from "./page_more.ts";
import { runJsBench } from "./js.ts";
import { runRelayBench } from "./relay.ts";
import { runIdleBench } from "./idle.ts";
import { runCallBench } from "./call.ts";
import { runColdBench } from "./cold.ts";
import { runTeacherPageBench } from "./teacher_page.ts";
import { median } from "./_stats.ts";
import { stopAll } from "@/tests/_daemon.ts";

const BENCHMARKS: Record<
  string,
  { title: string; run: (ctx: BenchContext) => Promise<BenchResult> }
> = {
  page: { title: "1. Page serving against the floor", run: runPageBench },
  "page-more": {
    title: "1b. Page serving on PGlite and with deno serve --parallel",
    run: runPageMoreBench,
  },
  js: { title: "2. JavaScript shipped", run: runJsBench },
  relay: { title: "3. Signaling relay", run: runRelayBench },
  idle: { title: "4. Idle connections", run: runIdleBench },
  call: { title: "5. Call setup", run: runCallBench },
  cold: { title: "6. Cold start", run: runColdBench },
  teacher: { title: "7. Teacher's booking page", run: runTeacherPageBench },
};

const USAGE = `Usage: deno task bench [--quick] [--only ${
  Object.keys(BENCHMARKS).join(",")
}] [--runs N] [--no-wait] [--app-b <checkout>]`;

function parseArgs(args: string[]): {
  quick: boolean;
  only: string[];
  runs: number | undefined;
  wait: boolean | undefined;
  appB: string | null;
} {
  let quick = false;
  let appB: string | null = null;
  let wait: boolean | undefined;
  let only = Object.keys(BENCHMARKS);
  let runs: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split("=", 2);
    const value = () => inline ?? args[++i];
    if (flag === "--quick") quick = true;
    else if (flag === "--no-wait") wait = false;
    else if (flag === "--app-b") appB = checkoutPath(value());
    else if (flag === "--only") {
      only = value().split(",").map((s) => s.trim()).filter(Boolean);
      const unknown = only.filter((n) => !(n in BENCHMARKS));
      if (unknown.length) {
        throw new Error(`Unknown benchmark ${unknown.join(", ")}\n${USAGE}`);
      }
    } else if (flag === "--runs") {
      runs = Number(value());
      if (!Number.isInteger(runs) || runs < 1) {
        throw new Error(`--runs needs a whole number ≥ 1\n${USAGE}`);
      }
    } else if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      Deno.exit(0);
    } else throw new Error(`Unknown option ${args[i]}\n${USAGE}`);
  }
  if (appB && !only.includes("page")) {
    throw new Error(
      `--app-b is for the page benchmark (--only page)\n${USAGE}`,
    );
  }
  return { quick, only, runs, wait, appB };
}

/**
 * The absolute path of another checkout of the app for --app-b.
 * @throws Error when it has no bench/servers/talkroom.ts
 */
function checkoutPath(path: string | undefined): string {
  if (!path) throw new Error(`--app-b needs a folder\n${USAGE}`);
  const abs = Deno.realPathSync(path);
  try {
    Deno.statSync(`${abs}/bench/servers/talkroom.ts`);
  } catch {
    throw new Error(
      `${abs} is not a Talkroom checkout (no bench/servers/talkroom.ts)`,
    );
  }
  return abs;
}

function describeMachine(m: MachineInfo): string[] {
  return [
    `date: ${m.date}`,
    `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB`,
    `versions: ${
      Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(", ")
    }`,
  ];
}

async function main(): Promise<number> {
  const options = parseArgs(Deno.args);
  const ctx = await BenchContext.create(
    options.quick,
    options.runs,
    options.wait ?? !options.quick,
    options.appB,
  );
  const started = performance.now();
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) Deno.exit(130);
    interrupted = true;
    console.error("\nInterrupted: cleaning up (Ctrl-C again to quit now)");
    // The servers first: a schema cannot be dropped under their feet.
    stopAll().then(() => ctx.close()).finally(() => Deno.exit(130));
  };
  Deno.addSignalListener("SIGINT", onInterrupt);

  const results: BenchResult[] = [];
  const failures: string[] = [];
  try {
    console.log(
      `Talkroom benchmarks${options.quick ? " (quick)" : ""}: ${
        options.only.join(", ")
      }; ${ctx.runs} run(s) each; ${ctx.layout.description}`,
    );
    for (const name of options.only) {
      const bench = BENCHMARKS[name];
      console.log(`\n### ${bench.title}`);
      const t0 = performance.now();
      const seen = ctx.background.length;
      try {
        const result = await bench.run(ctx);
        result.background = ctx.background.slice(seen);
        results.push(result);
        for (const table of result.tables) console.log(`\n${textTable(table)}`);
        console.log(`   (${describeBackground(result.background)})`);
        if (result.verdicts.length) {
          console.log(`\n${textTable(verdictTable(result.verdicts))}`);
        }
        const machine = await machineInfo(
          await ctx.postgres().catch(() => null),
        );
        await writeResult(name, {
          benchmark: bench.title,
          quick: options.quick,
          runs: ctx.runs,
          cores: ctx.layout.description,
          machine,
          seconds: Math.round((performance.now() - t0) / 1000),
          background: describeBackground(result.background ?? []),
          tables: result.tables,
          verdicts: result.verdicts,
          data: result.data,
        });
      } catch (err) {
        failures.push(name);
        console.error(`\n${bench.title} failed:`, err);
      }
      console.log(
        `(${name}: ${Math.round((performance.now() - t0) / 1000)} s)`,
      );
    }
    const machine = await machineInfo(await ctx.postgres().catch(() => null));
    await writeReport(results, machine, options.quick, ctx.runs);
    const verdicts: Verdict[] = results.flatMap((r) => r.verdicts);
    console.log(`\n${describeMachine(machine).join("\n")}`);
    if (verdicts.length) console.log(`\n${textTable(verdictTable(verdicts))}`);
    console.log(
      `\nDone in ${
        Math.round((performance.now() - started) / 1000)
      } s; results in ${RESULTS_DIR}/`,
    );
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    await ctx.close();
  }
  if (failures.length) {
    console.error(`Benchmarks that failed: ${failures.join(", ")}`);
    return 1;
  }
  return 0;
}

/** How busy the machine was before the measurements, in words. */
function describeBackground(busy: number[]): string {
  if (busy.length === 0) return "not sampled";
  const pct = (v: number) => `${Math.round(v * 100)} %`;
  return `machine busy just before the measurements (other processes, or a server still draining the previous run): median ${
    pct(median(busy))
  }, max ${pct(Math.max(...busy))} of all cores`;
}

async function writeReport(
  results: BenchResult[],
  machine: MachineInfo,
  quick: boolean,
  runs: number,
): Promise<void> {
  const lines = [
    `# Talkroom benchmark report${quick ? " (quick mode)" : ""}`,
    "",
    ...describeMachine(machine).map((l) => `- ${l}`),
    `- runs: median of ${runs}`,
    "",
  ];
  for (const r of results) {
    lines.push(`## ${BENCHMARKS[r.name].title}`, "");
    lines.push(`_${describeBackground(r.background ?? [])}_`, "");
    for (const t of r.tables) lines.push(markdownTable(t), "");
    if (r.verdicts.length) {
      lines.push(markdownTable(verdictTable(r.verdicts)), "");
    }
  }
  await Deno.mkdir(RESULTS_DIR, { recursive: true });
  await Deno.writeTextFile(`${RESULTS_DIR}/report.md`, lines.join("\n"));
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    Deno.exit(2);
  }
}
