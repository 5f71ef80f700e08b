// Runs Debian's wrk and reads its report.
import { capture, pinned } from "./_proc.ts";

/** What one wrk run measured. */
export interface WrkResult {
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses that were not 2xx or 3xx. */
  non2xx: number;
  socketErrors: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

function durationMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`Unknown wrk duration: ${text}`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** Parses wrk's `--latency` output. */
export function parseWrk(output: string): WrkResult {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(output);
    if (!m) throw new Error(`wrk printed no ${p}% latency:\n${output}`);
    return durationMs(m[1]);
  };
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  const total = /^\s+(\d+) requests in/m.exec(output);
  if (!rps || !total) throw new Error(`Unexpected wrk output:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const errors =
    /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
      .exec(output);
  return {
    rps: Number(rps[1]),
    p50Ms: pct("50"),
    p90Ms: pct("90"),
    p99Ms: pct("99"),
    requests: Number(total[1]),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: errors
      ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0)
      : 0,
  };
}

/** Options of a wrk run. */
export interface WrkOptions {
  url: string;
  connections: number;
  seconds: number;
  threads?: number;
  headers?: Record<string, string>;
  cpus?: string | null;
}

/**
 * Runs wrk against a URL.
 * @throws Error when wrk fails, or when any response was not 2xx/3xx
 */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads ?? 1}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--latency",
    "--timeout",
    "5s",
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    args.push("-H", `${name}: ${value}`);
  }
  args.push(options.url);
  const [command, full] = await pinned(options.cpus ?? null, "wrk", args);
  const out = await capture(command, full);
  if (out.code !== 0) {
    throw new Error(`wrk failed (${out.code}):\n${out.stdout}${out.stderr}`);
  }
  const result = parseWrk(out.stdout);
  if (result.non2xx > 0) {
    throw new Error(
      `${result.non2xx} of ${result.requests} responses from ${options.url} were not 2xx/3xx`,
    );
  }
  return result;
}
