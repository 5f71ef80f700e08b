// 4. Idle connections: server memory per idle, authenticated signaling
// socket. A fresh server process, a baseline of its resident memory (VmRSS),
// then N sockets opened by the harness and left idle (heartbeats only), and
// the growth divided by N: once 3 s after they opened, and once more after a
// full garbage collection, asked for through the V8 inspector, which
// removes what opening the sockets left behind (V8 collects it on its own
// after about 20-30 s of idleness). The two Node relays are measured the
// same way for comparison.
import type { BenchContext } from "./_context.ts";
import { freePort, ROOT_DIR, rssBytes, type Server, sleep } from "./_proc.ts";
import { median } from "./_stats.ts";
import { type BenchResult, fmt, type Table, type Verdict } from "./_report.ts";
import { harnessCommand, roomEndpoints, startRelay } from "./relay.ts";
import type { HarnessConfig, RelayKind } from "./relay_client.ts";

/** Target: bytes of server memory per idle socket (1 kB = 1,000 bytes). */
export const BUDGET_BYTES = 30_000;

const LABELS: Record<RelayKind, string> = {
  talkroom: "Talkroom (Deno)",
  socketio: "socket.io (Node)",
  ws: "ws (Node)",
};

/** Holds sockets open through the harness until `release()` is called. */
async function holdSockets(
  config: HarnessConfig,
  cpus: string | null,
): Promise<{ opened: number; connectMs: number; release(): Promise<void> }> {
  const { command, args, file } = await harnessCommand(config, cpus);
  const child = new Deno.Command(command, {
    args,
    cwd: ROOT_DIR,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const lines = child.stdout.pipeThrough(new TextDecoderStream());
  const reader = lines.getReader();
  let buffer = "";
  let first: { opened: number; connectMs: number } | null = null;
  while (!first) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const line = buffer.split("\n").find((l) => l.startsWith("{"));
    if (line) first = JSON.parse(line);
  }
  if (!first) {
    await Deno.remove(file).catch(() => {});
    throw new Error(`The harness could not open the sockets:\n${await stderr}`);
  }
  const opened = first;
  return {
    ...opened,
    async release() {
      await child.stdin.close();
      // Drain the rest so the process can end.
      while (!(await reader.read()).done) {
        // Discard.
      }
      await child.status;
      await stderr;
      await Deno.remove(file).catch(() => {});
    },
  };
}

/** A minimal Chrome DevTools Protocol session (Deno and Node speak it). */
class Inspector {
  #socket: WebSocket;
  #next = 0;
  #pending = new Map<number, (result: unknown) => void>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener("message", (e) => {
      const m = JSON.parse(e.data);
      if (m.id !== undefined) this.#pending.get(m.id)?.(m.result ?? m.error);
    });
  }

  /** Attaches to the first target of the inspector on `port`. */
  static async attach(port: number): Promise<Inspector> {
    let targets: { webSocketDebuggerUrl: string }[] = [];
    for (let i = 0; i < 50 && !targets.length; i++) {
      targets = await fetch(`http://127.0.0.1:${port}/json`).then(
        (r) => r.json(),
        () => [],
      );
      if (!targets.length) await sleep(100);
    }
    if (!targets.length) throw new Error(`No inspector on port ${port}`);
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.addEventListener("open", resolve, { once: true });
      socket.addEventListener("error", reject, { once: true });
    });
    return new Inspector(socket);
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** A full garbage collection in the inspected process. */
  async collectGarbage(): Promise<void> {
    await this.call("HeapProfiler.collectGarbage");
    await sleep(500);
  }

  close(): void {
    this.#socket.close();
  }
}

async function steadyRss(pid: number, samples = 5): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    const rss = rssBytes(pid);
    if (rss === null) throw new Error(`Process ${pid} is gone`);
    values.push(rss);
    await sleep(200);
  }
  return median(values);
}

interface Measurement {
  kind: RelayKind;
  sockets: number;
  /** RSS after a full GC with no sockets open. */
  baseline: number;
  /** RSS 3 s (quick: 1 s) after the sockets opened. */
  loaded: number;
  /** RSS with the sockets open, after a full GC. */
  collected: number;
  perSocket: number;
  perSocketCollected: number;
  connectMs: number;
}

/** Runs the idle-connection benchmark. */
export async function runIdleBench(ctx: BenchContext): Promise<BenchResult> {
  const counts = ctx.quick ? [200] : [1_000, 5_000];
  const settleMs = ctx.quick ? 1_000 : 3_000;
  const pairs = await ctx.pairs(Math.max(...counts) / 2);
  const results: Measurement[] = [];

  for (const kind of ["talkroom", "socketio", "ws"] as RelayKind[]) {
    for (const sockets of counts) {
      const runs: Measurement[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        let server: Server | null = null;
        let inspector: Inspector | null = null;
        await ctx.quiet();
        try {
          const port = freePort();
          server = await startRelay(kind, ctx, {}, port);
          inspector = await Inspector.attach(port);
          const config = (rooms: number): HarnessConfig => ({
            kind,
            mode: "idle",
            rooms: roomEndpoints(kind, server!.origin, pairs.slice(0, rooms)),
            warmupMs: 0,
            durationMs: 0,
            window: 0,
            rate: 0,
            payloadBytes: 0,
            serverPid: server!.pid,
            connectConcurrency: 50,
          });
          // Warm the code paths with a few sockets first.
          const warm = await holdSockets(config(5), ctx.layout.load);
          await warm.release();
          await sleep(settleMs);
          await inspector.collectGarbage();
          const baseline = await steadyRss(server.pid);
          const held = await holdSockets(config(sockets / 2), ctx.layout.load);
          try {
            if (held.opened !== sockets) {
              throw new Error(`Opened ${held.opened} of ${sockets} sockets`);
            }
            await sleep(settleMs);
            const loaded = await steadyRss(server.pid);
            await inspector.collectGarbage();
            const collected = await steadyRss(server.pid);
            runs.push({
              kind,
              sockets,
              baseline,
              loaded,
              collected,
              perSocket: (loaded - baseline) / sockets,
              perSocketCollected: (collected - baseline) / sockets,
              connectMs: held.connectMs,
            });
          } finally {
            await held.release();
          }
        } finally {
          inspector?.close();
          await server?.stop();
        }
      }
      const m: Measurement = {
        kind,
        sockets,
        baseline: median(runs.map((r) => r.baseline)),
        loaded: median(runs.map((r) => r.loaded)),
        collected: median(runs.map((r) => r.collected)),
        perSocket: median(runs.map((r) => r.perSocket)),
        perSocketCollected: median(runs.map((r) => r.perSocketCollected)),
        connectMs: median(runs.map((r) => r.connectMs)),
      };
      ctx.log(
        `${LABELS[kind]}, ${sockets} sockets: ${
          fmt(m.perSocketCollected / 1000, 1)
        } kB each after GC, ${fmt(m.perSocket / 1000, 1)} kB before (RSS ${
          fmt(m.baseline / 1e6, 1)
        } → ${fmt(m.collected / 1e6, 1)} MB)`,
      );
      results.push(m);
    }
  }

  const tables: Table[] = [{
    title: "Memory per idle signaling socket",
    columns: [
      "sockets",
      "server",
      "RSS without sockets",
      "RSS with sockets",
      "per socket, idle (after GC)",
      `per socket, ${settleMs / 1000} s after opening`,
      "opened in",
    ],
    rows: results.map((m) => [
      m.sockets,
      LABELS[m.kind],
      `${fmt(m.baseline / 1e6, 1)} MB`,
      `${fmt(m.collected / 1e6, 1)} MB`,
      `${fmt(m.perSocketCollected / 1000, 1)} kB`,
      `${fmt(m.perSocket / 1000, 1)} kB`,
      `${fmt(m.connectMs / 1000, 1)} s`,
    ]),
    notes: [
      `VmRSS of the server process (median of 5 readings); the GC is a full collection asked for through the inspector, for all three servers; median of ${ctx.runs} run(s), a fresh process each`,
      "Talkroom: every socket is a distinct signed-in user in their own booking's room (two per room), admitted by session cookie and Origin",
      "1 kB = 1,000 bytes; PostgreSQL's own memory is not counted",
    ],
  }];
  const talk = results.filter((m) => m.kind === "talkroom");
  const worst = talk.reduce((a, b) =>
    a.perSocketCollected > b.perSocketCollected ? a : b
  );
  const verdicts: Verdict[] = [{
    target: "idle socket ≤ 30 kB of server memory",
    measured: talk.map((m) =>
      `${fmt(m.perSocketCollected / 1000, 1)} kB at ${fmt(m.sockets)} (${
        fmt(m.perSocket / 1000, 1)
      } kB before GC)`
    ).join(", "),
    met: worst.perSocketCollected <= BUDGET_BYTES,
    margin: worst.perSocketCollected <= BUDGET_BYTES
      ? `${fmt(BUDGET_BYTES / worst.perSocketCollected, 2)}× under the budget`
      : `${fmt(worst.perSocketCollected / BUDGET_BYTES, 2)}× the budget`,
  }];
  return { name: "idle", tables, verdicts, data: { settleMs, results } };
}
