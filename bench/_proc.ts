// Processes for the benchmarks: spawning servers pinned to a core, reading
// their memory and CPU time from /proc, and installing missing tools.

import { appEnv, freePort, spawnDaemon } from "@/tests/_daemon.ts";

/** A port free on 127.0.0.1 when asked, for servers the benchmarks start. */
export { freePort };

/** The project root. */
export const ROOT = new URL("../", import.meta.url);
/** The project root as a path. */
export const ROOT_DIR = decodeURIComponent(ROOT.pathname).replace(/\/$/, "");

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a command is on the PATH. */
export async function which(command: string): Promise<string | null> {
  const out = await new Deno.Command("sh", {
    args: ["-c", `command -v ${command}`],
    stdout: "piped",
    stderr: "null",
  }).output();
  const path = new TextDecoder().decode(out.stdout).trim();
  return out.success && path ? path : null;
}

/** Runs a command to the end and returns its output. */
export async function capture(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(command, {
    args,
    cwd: options.cwd,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

let taskset: Promise<string | null> | null = null;

/**
 * The command line that runs `command` on the given CPUs (`"0"`, `"1"`,
 * `"0,1"`), through taskset where it exists; unpinned otherwise or when
 * `cpus` is null.
 */
export async function pinned(
  cpus: string | null,
  command: string,
  args: string[],
): Promise<[string, string[]]> {
  taskset ??= which("taskset");
  const path = await taskset;
  if (!cpus || !path) return [command, args];
  return [path, ["-c", cpus, command, ...args]];
}

/** Which cores the server and the load generator get on this machine. */
export interface CoreLayout {
  server: string | null;
  load: string | null;
  /** Human description for the reports. */
  description: string;
}

/** Server on the last core, load on the others; unpinned on one core. */
export async function coreLayout(): Promise<CoreLayout> {
  const cores = navigator.hardwareConcurrency;
  taskset ??= which("taskset");
  if (cores < 2 || !await taskset) {
    return {
      server: null,
      load: null,
      description: "not pinned (one core or no taskset)",
    };
  }
  const last = cores - 1;
  const load = last === 1 ? "0" : `0-${last - 1}`;
  return {
    server: String(last),
    load,
    description: `server on core ${last}, load generator on core${
      last === 1 ? "" : "s"
    } ${load} (taskset)`,
  };
}

/** A spawned server. */
export interface Server {
  pid: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  process: Deno.ChildProcess;
  logs(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns a server on loopback, without the app's variables of this process,
 * and resolves once it prints `Listening on http://…:<port>/` (Talkroom, the
 * Node relays and the hello world all do).
 * @throws Error with the output when it exits or does not listen in time
 */
export async function spawnServer(options: {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cpus?: string | null;
  cwd?: string;
  timeoutMs?: number;
  /** A port known in advance (deno serve prints its own line). */
  port?: number;
}): Promise<Server> {
  const [command, args] = await pinned(
    options.cpus ?? null,
    options.command,
    options.args,
  );
  const daemon = spawnDaemon(command, args, {
    cwd: options.cwd ?? ROOT_DIR,
    env: appEnv({ HOSTNAME: "127.0.0.1", ...options.env }),
  });
  const [, announced] = await daemon.waitFor(
    /Listening on https?:\/\/[^\s:]+:(\d+)\//,
    options.timeoutMs ?? 60_000,
    options.command,
  );
  const port = options.port ?? Number(announced);
  return {
    pid: daemon.process.pid,
    origin: `http://127.0.0.1:${port}`,
    port,
    process: daemon.process,
    logs: daemon.output,
    async stop(graceMs = 5_000) {
      await daemon.stop(graceMs);
    },
  };
}

/** Resident memory of a process in bytes (VmRSS), or null when it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system, all threads) of a process in seconds. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // The command name may hold spaces; fields count from after its ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return null;
  }
}

let aptUpdated = false;

/**
 * Installs Debian packages when `command` is missing and this process is
 * root; otherwise explains what to install.
 * @throws Error when the command is still missing
 */
export async function ensureCommand(
  command: string,
  aptPackage: string,
): Promise<string> {
  const found = await which(command);
  if (found) return found;
  const isRoot = Deno.uid?.() === 0;
  if (!isRoot || !await which("apt-get")) {
    throw new Error(
      `${command} is missing: install it (apt-get install -y ${aptPackage}) and run again`,
    );
  }
  console.log(`--- installing ${aptPackage} (apt-get)`);
  const env = { ...Deno.env.toObject(), DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    const update = await capture("apt-get", ["update", "-qq"], { env });
    if (update.code !== 0) {
      throw new Error(`apt-get update failed:\n${update.stderr}`);
    }
    aptUpdated = true;
  }
  const install = await capture(
    "apt-get",
    ["install", "-y", "-qq", "--no-install-recommends", aptPackage],
    { env },
  );
  if (install.code !== 0) {
    throw new Error(`apt-get install ${aptPackage} failed:\n${install.stderr}`);
  }
  const path = await which(command);
  if (!path) throw new Error(`${aptPackage} installed but ${command} missing`);
  return path;
}

/** The folder of the Node reference relays. */
export const NODE_DIR = `${ROOT_DIR}/bench/node`;

/**
 * Installs the Node relays' pinned dependencies (`npm ci`) unless the
 * installed tree already matches the lockfile.
 */
export async function ensureNodeDeps(): Promise<void> {
  if (!await which("node") || !await which("npm")) {
    throw new Error("Node.js and npm are needed for the reference relays");
  }
  const lock = await Deno.readTextFile(`${NODE_DIR}/package-lock.json`);
  const stamp = `${NODE_DIR}/node_modules/.bench-lock`;
  const installed = await Deno.readTextFile(stamp).catch(() => null);
  if (installed === lock) return;
  console.log("--- npm ci in bench/node");
  const out = await capture("npm", ["ci", "--no-audit", "--no-fund"], {
    cwd: NODE_DIR,
  });
  if (out.code !== 0) {
    throw new Error(`npm ci in bench/node failed:\n${out.stdout}${out.stderr}`);
  }
  await Deno.writeTextFile(stamp, lock);
}

function cpuTimes(): { busy: number; total: number } {
  const line = Deno.readTextFileSync("/proc/stat").split("\n")[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .split(/\s+/).slice(1, 9).map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

/** The share (0–1) of the whole machine's CPU time that was busy over `ms`. */
export async function machineBusy(ms = 1_000): Promise<number> {
  try {
    const a = cpuTimes();
    await sleep(ms);
    const b = cpuTimes();
    return (b.busy - a.busy) / Math.max(b.total - a.total, 1);
  } catch {
    return 0;
  }
}
