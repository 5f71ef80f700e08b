// 3. Signaling relay vs the stack it replaces: Talkroom's relay, a minimal
// socket.io relay on Node (what the original platform ran) and a plain `ws`
// relay on Node, driven by the same harness (bench/relay_client.ts): messages
// per second at saturation, and one-way latency, for 10, 100 and 1,000 rooms.
import type { BenchContext } from "./_context.ts";
import { cookieOf, type RoomPair, startTalkroom } from "./_app.ts";
import {
  capture,
  ensureNodeDeps,
  pinned,
  ROOT_DIR,
  type Server,
  sleep,
  spawnServer,
} from "./_proc.ts";
import { median } from "./_stats.ts";
import { type BenchResult, fmt, type Table, type Verdict } from "./_report.ts";
import type {
  Endpoint,
  HarnessConfig,
  HarnessResult,
  RelayKind,
} from "./relay_client.ts";

/** Bytes of the sdp field of every message (a small offer or a candidate). */
export const PAYLOAD_BYTES = 200;
/** Offers per second in total for the latency runs (well under saturation). */
export const FIXED_RATE = 2_000;
/** Messages in flight in total at saturation (at least one per room). */
const IN_FLIGHT = 400;

const LABELS: Record<RelayKind, string> = {
  talkroom: "Talkroom (Deno)",
  socketio: "socket.io (Node)",
  ws: "ws (Node)",
};

/** The two participants' endpoints of each room for one server kind. */
export function roomEndpoints(
  kind: RelayKind,
  origin: string,
  pairs: RoomPair[],
): { a: Endpoint; b: Endpoint }[] {
  const ws = origin.replace(/^http/, "ws");
  return pairs.map((p) => {
    const side = (user: { id: string; token: string }): Endpoint => {
      switch (kind) {
        case "talkroom":
          return {
            url: `${ws}/api/bookings/${p.bookingId}/signal`,
            headers: { cookie: cookieOf(user.token), origin },
          };
        case "ws":
          return { url: `${ws}/?room=${p.bookingId}&user=${user.id}` };
        case "socketio":
          return {
            url: `${ws}/socket.io/?EIO=4&transport=websocket`,
            auth: { room: p.bookingId, user: user.id },
          };
      }
    };
    return { a: side(p.student), b: side(p.teacher) };
  });
}

/**
 * The command line of the harness on the given cores, with its configuration
 * written to a temporary file (the caller removes `file`).
 */
export async function harnessCommand(
  config: HarnessConfig,
  cpus: string | null,
): Promise<{ command: string; args: string[]; file: string }> {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(file, JSON.stringify(config));
  const [command, args] = await pinned(cpus, Deno.execPath(), [
    "run",
    "-A",
    "bench/relay_client.ts",
    file,
  ]);
  return { command, args, file };
}

/** Runs the harness in its own process on the load cores. */
export async function runHarness(
  config: HarnessConfig,
  cpus: string | null,
): Promise<HarnessResult> {
  const { command, args, file } = await harnessCommand(config, cpus);
  try {
    const out = await capture(command, args, { cwd: ROOT_DIR });
    const last = out.stdout.trim().split("\n").pop() ?? "";
    if (out.code !== 0 || !last.startsWith("{")) {
      throw new Error(
        `The relay harness failed (${out.code}):\n${out.stdout}${out.stderr}`,
      );
    }
    const result = JSON.parse(last) as HarnessResult;
    if (result.closed > 0 || result.errors > 0 || result.received === 0) {
      throw new Error(
        `${config.kind} ${config.mode} with ${config.rooms.length} rooms: ${result.closed} sockets closed by the server, ${result.errors} error frames, ${result.received} messages`,
      );
    }
    return result;
  } finally {
    await Deno.remove(file).catch(() => {});
  }
}

/** Starts one of the three relays on the server core. */
export async function startRelay(
  kind: RelayKind,
  ctx: BenchContext,
  env: Record<string, string> = {},
  inspectPort?: number,
): Promise<Server> {
  const inspect = inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : [];
  if (kind === "talkroom") {
    return await startTalkroom({
      database: await ctx.postgres(),
      cpus: ctx.layout.server,
      freshDir: await ctx.freshDir(),
      relaxLimits: true,
      env,
      denoFlags: inspect,
    });
  }
  await ensureNodeDeps();
  return await spawnServer({
    command: "node",
    args: [
      ...inspect,
      `bench/node/${kind === "ws" ? "ws" : "socketio"}_relay.mjs`,
    ],
    cpus: ctx.layout.server,
    env: { ...env, NODE_ENV: "production" },
  });
}

interface Row {
  kind: RelayKind;
  label: string;
  rooms: number;
  saturate: HarnessResult;
  rate: HarnessResult;
  runs: { saturate: HarnessResult[]; rate: HarnessResult[] };
}

function medianResult(runs: HarnessResult[]): HarnessResult {
  const pick = (k: keyof HarnessResult) =>
    median(runs.map((r) => r[k] as number));
  return {
    ...runs[0],
    msgsPerSec: pick("msgsPerSec"),
    p50Ms: pick("p50Ms"),
    p90Ms: pick("p90Ms"),
    p99Ms: pick("p99Ms"),
    maxMs: pick("maxMs"),
    serverCpu: runs[0].serverCpu === null ? null : pick("serverCpu"),
    clientCpu: runs[0].clientCpu === null ? null : pick("clientCpu"),
    connectMs: pick("connectMs"),
  };
}

/** Throughput per second of server CPU: capacity of one core, load-independent. */
function perCore(row: Row): number {
  return row.saturate.serverCpu
    ? row.saturate.msgsPerSec / row.saturate.serverCpu
    : NaN;
}

/** Runs the relay benchmark. */
export async function runRelayBench(ctx: BenchContext): Promise<BenchResult> {
  const roomCounts = ctx.quick ? [10] : [10, 100, 1000];
  const warmupMs = ctx.quick ? 500 : 1_000;
  const durationMs = ctx.quick ? 1_500 : 5_000;
  const pairs = await ctx.pairs(Math.max(...roomCounts));
  const rows: Row[] = [];

  const measure = async (
    kind: RelayKind,
    label: string,
    counts: number[],
    env: Record<string, string> = {},
    processes = 1,
  ) => {
    // With two processes the student of every room is on the first and the
    // teacher on the second, so every message crosses the PostgreSQL bus.
    const servers: Server[] = [];
    for (let i = 0; i < processes; i++) {
      servers.push(await startRelay(kind, ctx, env));
    }
    const server = servers[0];
    try {
      for (const rooms of counts) {
        const endpoints = roomEndpoints(
          kind,
          server.origin,
          pairs.slice(0, rooms),
        );
        if (processes > 1) {
          const other = roomEndpoints(
            kind,
            servers[1].origin,
            pairs.slice(0, rooms),
          );
          endpoints.forEach((room, i) => (room.b = other[i].b));
        }
        const base = {
          kind,
          rooms: endpoints,
          warmupMs,
          durationMs,
          window: Math.max(1, Math.round(IN_FLIGHT / rooms)),
          rate: FIXED_RATE,
          payloadBytes: PAYLOAD_BYTES,
          serverPid: server.pid,
          connectConcurrency: 50,
        };
        const saturate: HarnessResult[] = [];
        const rate: HarnessResult[] = [];
        for (let i = 0; i < ctx.runs; i++) {
          await ctx.quiet();
          saturate.push(
            await runHarness({ ...base, mode: "saturate" }, ctx.layout.load),
          );
          await ctx.quiet();
          rate.push(
            await runHarness({ ...base, mode: "rate" }, ctx.layout.load),
          );
          await sleep(300);
        }
        const row: Row = {
          kind,
          label,
          rooms,
          saturate: medianResult(saturate),
          rate: medianResult(rate),
          runs: { saturate, rate },
        };
        ctx.log(
          `${label}, ${rooms} rooms: ${
            fmt(row.saturate.msgsPerSec)
          } msg/s (server CPU ${
            fmt((row.saturate.serverCpu ?? NaN) * 100)
          } %), p99 at ${FIXED_RATE}/s ${fmt(row.rate.p99Ms, 2)} ms`,
        );
        rows.push(row);
      }
    } finally {
      for (const s of servers) await s.stop();
    }
  };

  for (const kind of ["talkroom", "socketio", "ws"] as RelayKind[]) {
    await measure(kind, LABELS[kind], roomCounts);
  }
  if (!ctx.quick) {
    // One instance configured for several (SIGNALING_BUS=postgres, the
    // default with DATABASE_URL): both participants of every room are here,
    // so negotiation stays off the bus; presence still goes through it.
    await measure("talkroom", "Talkroom, 1 process, PostgreSQL bus", [100], {
      SIGNALING_BUS: "postgres",
    });
  }
  // Two instances on one PostgreSQL, the participants of each room on
  // different ones: what a scaled-out deployment pays per message.
  await measure(
    "talkroom",
    "Talkroom, 2 processes, PostgreSQL bus",
    ctx.quick ? [10] : [100],
    { SIGNALING_BUS: "postgres" },
    2,
  );

  const tables: Table[] = [{
    title: "Signaling relay",
    columns: [
      "rooms",
      "server",
      "msg/s at saturation",
      "server CPU",
      "msg/s per server core",
      "p50 / p99 ms at saturation",
      `p50 / p99 ms at ${fmt(FIXED_RATE)} msg/s`,
    ],
    rows: rows.map((r) => [
      r.rooms,
      r.label,
      Math.round(r.saturate.msgsPerSec),
      `${fmt((r.saturate.serverCpu ?? NaN) * 100)} %`,
      fmt(perCore(r)),
      `${fmt(r.saturate.p50Ms, 2)} / ${fmt(r.saturate.p99Ms, 2)}`,
      `${fmt(r.rate.p50Ms, 2)} / ${fmt(r.rate.p99Ms, 2)}`,
    ]),
    notes: [
      `${ctx.layout.description}; one harness process (Deno WebSocket client) for all three servers`,
      `saturation: ${IN_FLIGHT} messages in flight in total (at least 1 per room), each answered by the other side; ${
        durationMs / 1000
      } s after ${warmupMs / 1000} s warm-up`,
      `latency: one way, sender to receiver through the relay; ${PAYLOAD_BYTES}-byte sdp; median of ${ctx.runs} run(s)`,
      "Talkroom: the real app on PostgreSQL, in-memory bus, sockets authenticated by session cookie and Origin; flood and per-address limits lifted (bench/servers/talkroom.ts)",
    ],
  }];

  const at = (kind: RelayKind, rooms: number, label = LABELS[kind]) =>
    rows.find((r) => r.kind === kind && r.rooms === rooms && r.label === label);
  const refRooms = roomCounts.includes(100) ? 100 : roomCounts[0];
  const talk = at("talkroom", refRooms)!;
  const sio = at("socketio", refRooms)!;
  const wsRow = at("ws", refRooms)!;
  const speedup = talk.saturate.msgsPerSec / sio.saturate.msgsPerSec;
  const p99Ratio = talk.rate.p99Ms / sio.rate.p99Ms;
  tables.push({
    title: `Talkroom vs the references at ${refRooms} rooms`,
    columns: [
      "reference",
      "throughput ×",
      "throughput per server core ×",
      "p99 latency ratio (fixed rate)",
    ],
    rows: [sio, wsRow].map((ref) => [
      ref.label,
      `${fmt(talk.saturate.msgsPerSec / ref.saturate.msgsPerSec, 2)}×`,
      `${fmt(perCore(talk) / perCore(ref), 2)}×`,
      fmt(talk.rate.p99Ms / ref.rate.p99Ms, 2),
    ]),
    notes: [
      "throughput ×: Talkroom's msg/s over the reference's; per server core: the same for msg/s divided by the server's CPU share, which does not depend on whether the harness kept the server at 100 %",
      "p99 latency ratio: Talkroom's p99 over the reference's (below 1 is better)",
    ],
  });
  const verdicts: Verdict[] = [{
    target: `relay throughput ≥ 3× socket.io at ${refRooms} rooms`,
    measured: `${fmt(speedup, 2)}× (${fmt(talk.saturate.msgsPerSec)} vs ${
      fmt(sio.saturate.msgsPerSec)
    } msg/s; ${fmt(perCore(talk) / perCore(sio), 2)}× per server core)`,
    met: speedup >= 3,
    margin: speedup >= 3
      ? `beaten by ${fmt((speedup / 3 - 1) * 100)} %`
      : `${fmt((1 - speedup / 3) * 100)} % short`,
  }, {
    target: `relay p99 latency ≤ ½ socket.io's at ${refRooms} rooms`,
    measured: `${fmt(talk.rate.p99Ms, 2)} vs ${fmt(sio.rate.p99Ms, 2)} ms at ${
      fmt(FIXED_RATE)
    } msg/s (ratio ${fmt(p99Ratio, 2)})`,
    met: p99Ratio <= 0.5,
    margin: p99Ratio <= 0.5
      ? `${fmt(0.5 / p99Ratio, 1)}× better than needed`
      : `${fmt(p99Ratio / 0.5, 1)}× the allowed p99`,
  }];
  return {
    name: "relay",
    tables,
    verdicts,
    data: {
      payloadBytes: PAYLOAD_BYTES,
      fixedRate: FIXED_RATE,
      inFlight: IN_FLIGHT,
      rows,
    },
  };
}
