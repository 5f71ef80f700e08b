// The machine and the versions a run measured, for the reports.
import type { BenchDatabase } from "./_app.ts";
import { capture, NODE_DIR, ROOT_DIR, which } from "./_proc.ts";

/** Where and with what a run happened. */
export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  versions: Record<string, string>;
}

async function firstLine(
  command: string,
  args: string[],
  pattern?: RegExp,
): Promise<string | null> {
  if (!await which(command)) return null;
  try {
    const out = await capture(command, args);
    const text = `${out.stdout}\n${out.stderr}`;
    if (pattern) return pattern.exec(text)?.[1] ?? null;
    return text.trim().split("\n")[0] || null;
  } catch {
    return null;
  }
}

async function packageVersion(name: string): Promise<string | null> {
  try {
    const json = JSON.parse(
      await Deno.readTextFile(`${NODE_DIR}/node_modules/${name}/package.json`),
    );
    return json.version ?? null;
  } catch {
    return null;
  }
}

async function importVersion(name: string): Promise<string | null> {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT_DIR}/deno.json`));
  const spec: string | undefined = config.imports?.[name];
  return spec?.match(/@([\d.]+[^/]*)$/)?.[1] ?? null;
}

let cached: MachineInfo | null = null;

/** Reads the CPU, memory and the versions of every tool the benchmarks use. */
export async function machineInfo(
  database: BenchDatabase | null,
): Promise<MachineInfo> {
  if (cached && (!database || cached.versions.postgresql)) return cached;
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const meminfo = await Deno.readTextFile("/proc/meminfo").catch(() => "");
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  const versions: Record<string, string | null> = {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    node: await firstLine("node", ["--version"]),
    "socket.io": await packageVersion("socket.io"),
    ws: await packageVersion("ws"),
    chromium: await firstLine("chromium", ["--version"], /Chromium ([\d.]+)/),
    "playwright-core": await importVersion("playwright-core"),
    postgresql: null,
    pglite: await importVersion("@electric-sql/pglite"),
    "postgres.js": await importVersion("postgres"),
    wrk: await firstLine("wrk", ["-v"], /wrk (\S+)/),
    coturn: await firstLine("turnserver", ["--version"], /^(\d[\d.]*)\s*$/m),
  };
  if (database?.db) {
    try {
      const [row] = await database.db.query<{ v: string }>(
        "SELECT current_setting('server_version') AS v",
      );
      versions.postgresql = row.v;
    } catch {
      // Left out.
    }
  }
  cached = {
    date: new Date().toISOString(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ??
      "unknown CPU",
    cores: navigator.hardwareConcurrency,
    memoryGiB: Math.round(memKb / 1024 / 1024),
    kernel: Deno.osRelease(),
    versions: Object.fromEntries(
      Object.entries(versions).filter(([, v]) => v !== null),
    ) as Record<string, string>,
  };
  return cached;
}
