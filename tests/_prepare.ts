/**
 * `deno task test`: prepares what the tests need on this machine, then runs
 * them. The Debian packages the tests use are installed when missing (as
 * root; otherwise it says what to install and stops); when nothing answers
 * at the test PostgreSQL URL, a throwaway cluster is started on a free port
 * and removed at the end, pass or fail. The tests find the real server in
 * TEST_POSTGRES_URL (see realPostgresUrl() in tests/_db.ts).
 *
 * `deno run -A tests/_prepare.ts [deno test arguments]` runs the tests;
 * `... tests/_prepare.ts --exec <command...>` runs another command (the
 * benchmarks) with the same preparation.
 * @module
 */
import postgres from "postgres";
import { LOCAL_POSTGRES_URL } from "@/tests/_db.ts";
import { type PrivateCluster, startPrivateCluster } from "@/tests/_postgres.ts";

/**
 * The configuration the tests and benchmarks run with: deno.json's imports
 * plus the packages only tests use, in their own lockfile, so that
 * `deno task start` never downloads them (docs/DECISIONS.md).
 */
export const DEV_CONFIG = new URL("../deno.dev.json", import.meta.url).pathname;

/**
 * The test files that hold real WebRTC calls in Chromium: run after the
 * rest, one at a time. Timing-sensitive (a leave noticed within a second,
 * calls connecting within 20 s), they failed when another browser test
 * shared the two cores.
 */
export const SERIAL_TESTS = [
  "tests/call_browser_test.ts",
  "tests/call_room_browser_test.ts",
  "tests/call_outcome_browser_test.ts",
  "tests/chat_browser_test.ts",
  "tests/whiteboard_browser_test.ts",
  "tests/ops_test.ts",
  "tests/screenshots_browser_test.ts",
];

/** Which tests a run takes: all of them, or those whose result can depend on the database engine. */
export type TestScope = "all" | "engine";

/** The files of a run: the rest in parallel (minus `ignore`), then `serial` one by one. */
export interface SuitePlan {
  ignore: string[];
  serial: string[];
}

/**
 * Plans the whole suite. The "engine" scope (CI's second pass, on
 * PostgreSQL) leaves out the browser test files: they test what Chromium
 * does with the pages, whose database work the page and API tests already
 * run on both engines (docs/DECISIONS.md, "CI time").
 */
export function planSuite(scope: TestScope, browserFiles: string[]): SuitePlan {
  if (scope === "all") return { ignore: SERIAL_TESTS, serial: SERIAL_TESTS };
  const browser = new Set(browserFiles);
  return {
    ignore: [...new Set([...SERIAL_TESTS, ...browserFiles])].sort(),
    serial: SERIAL_TESTS.filter((f) => !browser.has(f)),
  };
}

/** The browser test files under tests/ (named `*_browser_test.ts`). */
async function browserTestFiles(): Promise<string[]> {
  const dir = new URL("./", import.meta.url);
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith("_browser_test.ts")) {
      files.push(`tests/${entry.name}`);
    }
  }
  return files.sort();
}

/** The scope asked for in TALKROOM_TESTS ("engine"), else all. */
function testScope(): TestScope {
  const scope = Deno.env.get("TALKROOM_TESTS") ?? "all";
  if (scope !== "all" && scope !== "engine") {
    throw new Error(`TALKROOM_TESTS must be "all" or "engine", not "${scope}"`);
  }
  return scope;
}

/** What a Debian package provides, as the file the tests look for. */
export const NEEDED_PACKAGES = [
  { name: "chromium", file: "/usr/bin/chromium" },
  { name: "coturn", file: "/usr/bin/turnserver" },
  { name: "nginx", file: "/usr/sbin/nginx" },
  { name: "openssl", file: "/usr/bin/openssl" },
  { name: "postgresql", file: "/usr/lib/postgresql/<version>/bin/initdb" },
] as const;

/** What the preparation found on the machine. */
export interface Findings {
  root: boolean;
  /** Debian packages whose files are missing. */
  missing: string[];
}

/** The step to take about the packages. */
export type PackagePlan =
  | { action: "ready" }
  | { action: "install"; commands: string[][] }
  | { action: "stop"; message: string };

/** Decides what to do about missing packages: nothing, install, or stop and say. */
export function planPackages(found: Findings): PackagePlan {
  if (found.missing.length === 0) return { action: "ready" };
  const install = ["apt-get", "install", "-y", ...found.missing];
  if (found.root) {
    return { action: "install", commands: [["apt-get", "update"], install] };
  }
  return {
    action: "stop",
    message:
      `The tests need Debian packages that are missing: ${
        found.missing.join(", ")
      }. Install them as root, then run deno task test again:\n` +
      `  apt-get update && ${install.join(" ")}`,
  };
}

/** The step to take about the test database. */
export type DatabasePlan =
  | { action: "use"; url: string }
  | { action: "start-cluster" };

/** Uses the server at `url` when it answers, else a throwaway cluster. */
export function planDatabase(url: string, answers: boolean): DatabasePlan {
  return answers ? { action: "use", url } : { action: "start-cluster" };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function hasPostgresServer(): Promise<boolean> {
  try {
    for await (const entry of Deno.readDir("/usr/lib/postgresql")) {
      if (await exists(`/usr/lib/postgresql/${entry.name}/bin/initdb`)) {
        return true;
      }
    }
  } catch {
    // No PostgreSQL at all.
  }
  return false;
}

/** Looks for the files of NEEDED_PACKAGES (CHROMIUM_PATH replaces chromium's). */
export async function findMissing(): Promise<string[]> {
  const missing: string[] = [];
  for (const pkg of NEEDED_PACKAGES) {
    const present = pkg.name === "postgresql"
      ? await hasPostgresServer()
      : await exists(
        pkg.name === "chromium"
          ? Deno.env.get("CHROMIUM_PATH") ?? pkg.file
          : pkg.file,
      );
    if (!present) missing.push(pkg.name);
  }
  return missing;
}

/** True when a PostgreSQL server accepts a query at `url` within a few seconds. */
export async function databaseAnswers(url: string): Promise<boolean> {
  const sql = postgres(url, {
    max: 1,
    connect_timeout: 5,
    onnotice: () => {},
  });
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** A throwaway cluster with a `test` database; `url` points at that database. */
export interface ThrowawayDatabase {
  url: string;
  cluster: PrivateCluster;
}

/** Starts a private cluster on a free port and creates its `test` database. */
export async function startThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const cluster = await startPrivateCluster();
  try {
    const sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      await sql`CREATE DATABASE test`;
    } finally {
      await sql.end();
    }
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return { url: cluster.url.replace(/\/postgres$/, "/test"), cluster };
}

async function runCommand(
  command: string[],
  env: Record<string, string> = {},
): Promise<number> {
  const child = new Deno.Command(command[0], {
    args: command.slice(1),
    env,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  // Ctrl+C reaches the child through the process group; this process
  // stays to clean up. SIGTERM is passed on.
  const onInt = () => {};
  const onTerm = () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
  };
  Deno.addSignalListener("SIGINT", onInt);
  Deno.addSignalListener("SIGTERM", onTerm);
  try {
    return (await child.status).code;
  } finally {
    Deno.removeSignalListener("SIGINT", onInt);
    Deno.removeSignalListener("SIGTERM", onTerm);
  }
}

async function main(args: string[]): Promise<number> {
  const plan = planPackages({
    root: Deno.uid() === 0,
    missing: await findMissing(),
  });
  if (plan.action === "stop") {
    console.error(plan.message);
    return 1;
  }
  if (plan.action === "install") {
    for (const command of plan.commands) {
      console.log(`--- ${command.join(" ")}`);
      const code = await runCommand(command, {
        DEBIAN_FRONTEND: "noninteractive",
      });
      if (code !== 0) {
        console.error(`Cannot prepare the tests: ${command[0]} failed`);
        return code;
      }
    }
  }

  const wanted = Deno.env.get("TEST_DATABASE_URL") ?? LOCAL_POSTGRES_URL;
  const dbPlan = planDatabase(wanted, await databaseAnswers(wanted));
  let throwaway: ThrowawayDatabase | null = null;
  let url = wanted;
  if (dbPlan.action === "start-cluster") {
    throwaway = await startThrowawayDatabase();
    url = throwaway.url;
    console.log(
      `Nothing answers at ${wanted}: the tests use a throwaway PostgreSQL at ${url}`,
    );
  }
  try {
    const env: Record<string, string> = { TEST_POSTGRES_URL: url };
    // Suites that run on either engine follow TEST_DATABASE_URL: keep
    // them on the server that answers.
    if (Deno.env.get("TEST_DATABASE_URL")) env.TEST_DATABASE_URL = url;
    if (args[0] === "--exec") return await runCommand(args.slice(1), env);
    const test = [Deno.execPath(), "test", "-A", "--config", DEV_CONFIG];
    if (args.length > 0) {
      return await runCommand([...test, "--parallel", ...args], env);
    }
    // The whole suite: everything else in parallel, then the WebRTC calls
    // one file at a time, so that no other Chromium competes with their
    // fake cameras for the CPU.
    const plan = planSuite(testScope(), await browserTestFiles());
    const rest = await runCommand(
      [...test, "--parallel", `--ignore=${plan.ignore.join(",")}`],
      env,
    );
    const calls = await runCommand([...test, ...plan.serial], env);
    return rest !== 0 ? rest : calls;
  } finally {
    if (throwaway) await throwaway.cluster.destroy();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
