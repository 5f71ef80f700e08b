// A helper process started by a test (nginx, coturn): its output kept for
// error messages, and a stop that escalates to SIGKILL.

/** A running helper process. */
export interface Daemon {
  process: Deno.ChildProcess;
  /** Everything it printed on stdout and stderr so far. */
  output(): string;
  /** True once it has exited. */
  exited(): boolean;
  /** SIGTERM, SIGKILL after `graceMs`; resolves once it exited and its output is read. */
  stop(graceMs?: number): Promise<Deno.CommandStatus>;
}

/** Spawns a command with piped output, collected for later. */
export function spawnDaemon(command: string, args: string[]): Daemon {
  const process = new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
    }
  };
  const readers = Promise.all([
    collect(process.stdout),
    collect(process.stderr),
  ]);
  let exited = false;
  const status = process.status.then((s) => {
    exited = true;
    return s;
  });
  return {
    process,
    output: () => output,
    exited: () => exited,
    async stop(graceMs = 5_000) {
      if (!exited) process.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (!exited) process.kill("SIGKILL");
      }, graceMs);
      const result = await status;
      clearTimeout(timer);
      await readers;
      return result;
    },
  };
}
