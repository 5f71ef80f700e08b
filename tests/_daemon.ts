// A process started by a test or a benchmark (the app, nginx, coturn, the
// Node relays): its output kept for error messages, a wait for the line that
// says it is ready, and a stop that escalates to SIGKILL.
import { CONFIG_VARIABLES } from "@/lib/config.ts";

/** Output beyond this many characters keeps only its start and its end. */
const OUTPUT_LIMIT = 200_000;

/** How to start a process. */
export interface DaemonOptions {
  cwd?: string | URL;
  /** The whole environment (else this process's is inherited). */
  env?: Record<string, string>;
}

/** A running process. */
export interface Daemon {
  process: Deno.ChildProcess;
  /** Resolves once it has exited and its output is read. */
  status: Promise<Deno.CommandStatus>;
  /** Everything it printed on stdout and stderr so far (start and end of a lot). */
  output(): string;
  /** True once it has exited. */
  exited(): boolean;
  /**
   * Resolves with the first match of `pattern` in the output.
   * @throws Error with the output when the process exits first or `timeoutMs`
   *   passes; the process is killed then.
   */
  waitFor(
    pattern: RegExp,
    timeoutMs: number,
    name?: string,
  ): Promise<RegExpExecArray>;
  /** Sends `signal` (SIGTERM), SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number, signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/**
 * This process's environment without the app's variables (a shell's
 * HOSTNAME or PORT among them), plus `env`: what a spawned app should get.
 */
export function appEnv(env: Record<string, string>): Record<string, string> {
  const inherited = Deno.env.toObject();
  for (const name of CONFIG_VARIABLES) delete inherited[name];
  return { ...inherited, ...env };
}

/**
 * A TCP port that was free on 127.0.0.1 when asked, for a daemon to bind next
 * (coturn binds it for UDP too; Deno's UDP sockets are unstable API, so TCP
 * picks it).
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

/** The daemons still running, for stopAll(). */
const running = new Set<Daemon>();

/**
 * Kills every daemon of this process that still runs and waits for them: what
 * an interrupted benchmark does before dropping the databases they use.
 */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((d) => d.stop(0, "SIGKILL")));
}

/** Spawns a command with piped output, collected for later. */
export function spawnDaemon(
  command: string,
  args: string[],
  options: DaemonOptions = {},
): Daemon {
  const process = new Deno.Command(command, {
    args,
    cwd: options.cwd,
    clearEnv: options.env !== undefined,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const listeners = new Set<() => void>();
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      if (output.length > OUTPUT_LIMIT) {
        output = output.slice(0, 20_000) + "\n…\n" + output.slice(-100_000);
      }
      listeners.forEach((listener) => listener());
    }
  };
  const readers = Promise.all([
    collect(process.stdout),
    collect(process.stderr),
  ]).catch(() => {});
  let exited = false;
  const status = process.status.then(async (s) => {
    exited = true;
    running.delete(daemon);
    await readers;
    return s;
  });
  const kill = (signal: Deno.Signal) => {
    try {
      if (!exited) process.kill(signal);
    } catch {
      // It exited between the check and the signal.
    }
  };

  const daemon: Daemon = {
    process,
    status,
    output: () => output,
    exited: () => exited,
    async waitFor(pattern, timeoutMs, name = command) {
      let check = () => {};
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        return await Promise.race([
          new Promise<RegExpExecArray>((resolve) => {
            check = () => {
              const match = pattern.exec(output);
              if (match) resolve(match);
            };
            listeners.add(check);
            check();
          }),
          status.then((s): never => {
            throw new Error(
              `${name} exited with code ${s.code} before printing ${pattern}:\n${output}`,
            );
          }),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `${name} did not print ${pattern} within ${timeoutMs} ms:\n${output}`,
                  ),
                ),
              timeoutMs,
            );
          }),
        ]);
      } catch (err) {
        kill("SIGKILL");
        await status;
        throw err;
      } finally {
        listeners.delete(check);
        clearTimeout(timer);
      }
    },
    async stop(graceMs = 5_000, signal: Deno.Signal = "SIGTERM") {
      kill(signal);
      const timer = setTimeout(() => kill("SIGKILL"), graceMs);
      const result = await status;
      clearTimeout(timer);
      return result;
    },
  };
  running.add(daemon);
  return daemon;
}
