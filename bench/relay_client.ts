// The one client harness for the three signaling relays (Talkroom, socket.io
// on Node, ws on Node). It runs in its own process, pinned to the load core,
// and speaks each server's protocol over Deno's WebSocket, so the client
// side costs the same whatever the server:
//   talkroom  Talkroom's JSON frames; session cookie and Origin at the upgrade
//   ws        the same JSON frames; room and user in the query string
//   socketio  Engine.IO v4 / Socket.IO v5 frames over the websocket transport
//             (`42["webrtc:offer",{…}]`); room and user in the CONNECT auth
//
// Modes:
//   saturate  every room keeps `window` offers in flight: the teacher side
//             answers each offer, the student side sends a new offer for
//             each answer; throughput and latency over `durationMs`
//   rate      a fixed total of `rate` offers per second, spread over the
//             rooms, one way; latency without queueing
//   idle      opens every socket, prints {"opened": n}, keeps them until
//             stdin closes
// Latency is one way: the sender puts performance.now() in the sdp and the
// receiver, in the same process, subtracts it.
//
// Usage: deno run -A bench/relay_client.ts <config.json>; prints one JSON line.
import { percentile, sortedCopy } from "./_stats.ts";
import { cpuSeconds } from "./_proc.ts";

/** A server kind the harness speaks to. */
export type RelayKind = "talkroom" | "socketio" | "ws";

/** Where one participant connects. */
export interface Endpoint {
  url: string;
  headers?: Record<string, string>;
  /** Socket.IO CONNECT payload. */
  auth?: Record<string, string>;
}

/** What the harness is asked to do. */
export interface HarnessConfig {
  kind: RelayKind;
  mode: "saturate" | "rate" | "idle";
  rooms: { a: Endpoint; b: Endpoint }[];
  warmupMs: number;
  durationMs: number;
  /** saturate: offers in flight per room. */
  window: number;
  /** rate: offers per second in total. */
  rate: number;
  payloadBytes: number;
  /** The server process, for its CPU time during the measurement. */
  serverPid: number | null;
  /** Sockets opened at once. */
  connectConcurrency: number;
}

/** What the harness prints for `saturate` and `rate`. */
export interface HarnessResult {
  kind: RelayKind;
  mode: string;
  rooms: number;
  sockets: number;
  connectMs: number;
  seconds: number;
  sent: number;
  received: number;
  msgsPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Server CPU time over wall time (1 = one core busy). */
  serverCpu: number | null;
  clientCpu: number | null;
  /** Sockets the server closed, error frames received. */
  closed: number;
  errors: number;
}

/** Called with a relayed offer or answer and the time it was sent. */
type Relayed = (type: string, sentAt: number) => void;

const SDP_FIELD = '"sdp":"';

/**
 * The send time in a relayed offer or answer, read without parsing the
 * whole frame (the harness must stay cheaper than the servers it drives);
 * null for any other frame.
 */
export function relayedSentAt(
  data: string,
  prefix: string,
): { type: string; sentAt: number } | null {
  if (!data.startsWith(prefix)) return null;
  const type = data.slice(prefix.length - 7, data.indexOf('"', prefix.length));
  const at = data.indexOf(SDP_FIELD);
  if (at < 0) return null;
  return { type, sentAt: parseFloat(data.slice(at + SDP_FIELD.length)) };
}

/** One participant's socket, speaking one server kind. */
class Peer {
  readonly socket: WebSocket;
  readonly joined: Promise<void>;
  onRelay: Relayed = () => {};
  closed = false;
  errors = 0;
  #kind: RelayKind;

  constructor(kind: RelayKind, endpoint: Endpoint, onClose: () => void) {
    this.#kind = kind;
    // Deno's WebSocket takes request headers in a second-argument object.
    this.socket = new WebSocket(
      endpoint.url,
      (endpoint.headers
        ? { headers: endpoint.headers }
        : undefined) as unknown as string[],
    );
    let joined: () => void;
    let failed: (err: Error) => void;
    this.joined = new Promise<void>((resolve, reject) => {
      joined = resolve;
      failed = reject;
    });
    this.socket.addEventListener("error", (e) => {
      failed(new Error(`${endpoint.url}: ${(e as ErrorEvent).message ?? e}`));
    });
    this.socket.addEventListener("close", (e) => {
      this.closed = true;
      failed(new Error(`${endpoint.url} closed: ${e.code} ${e.reason}`));
      onClose();
    });
    this.socket.addEventListener("message", (e) => {
      const data = e.data as string;
      if (kind === "socketio") {
        this.#socketIo(data, endpoint, joined!, failed!);
        return;
      }
      const relayed = relayedSentAt(data, '{"type":"webrtc:');
      if (relayed) return this.onRelay(relayed.type, relayed.sentAt);
      const m = JSON.parse(data);
      if (m.type === "booking:joined") joined!();
      else if (m.type === "error") this.errors++;
    });
  }

  #socketIo(
    data: string,
    endpoint: Endpoint,
    joined: () => void,
    failed: (err: Error) => void,
  ): void {
    switch (data[0]) {
      case "0": // Engine.IO open: connect to the main namespace.
        this.socket.send(`40${JSON.stringify(endpoint.auth ?? {})}`);
        return;
      case "2": // Engine.IO ping.
        this.socket.send("3");
        return;
      case "4":
        if (data[1] === "2") {
          const relayed = relayedSentAt(data, '42["webrtc:');
          if (relayed) return this.onRelay(relayed.type, relayed.sentAt);
          const [event] = JSON.parse(data.slice(2));
          if (event === "booking:joined") joined();
        } else if (data[1] === "4") {
          failed(new Error(`socket.io refused: ${data.slice(2)}`));
        }
        return;
    }
  }

  /** Sends an offer or answer; `sdp` must need no JSON escaping. */
  send(type: "webrtc:offer" | "webrtc:answer", sdp: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(
      this.#kind === "socketio"
        ? `42["${type}",{"sdp":"${sdp}"}]`
        : `{"type":"${type}","sdp":"${sdp}"}`,
    );
  }

  close(): void {
    try {
      this.socket.close(1000);
    } catch {
      // Already closing.
    }
  }
}

/** Opens every room's two sockets, `concurrency` at a time. */
async function connect(
  config: HarnessConfig,
  onClose: () => void,
): Promise<{ a: Peer; b: Peer }[]> {
  const endpoints = config.rooms.flatMap((r, i) => [
    { room: i, side: "a" as const, endpoint: r.a },
    { room: i, side: "b" as const, endpoint: r.b },
  ]);
  const rooms: { a: Peer; b: Peer }[] = config.rooms.map(() => ({
    a: null as unknown as Peer,
    b: null as unknown as Peer,
  }));
  let next = 0;
  const worker = async () => {
    while (next < endpoints.length) {
      const { room, side, endpoint } = endpoints[next++];
      const peer = new Peer(config.kind, endpoint, onClose);
      rooms[room][side] = peer;
      await peer.joined;
    }
  };
  await Promise.all(
    Array.from({ length: config.connectConcurrency }, worker),
  );
  return rooms;
}

function growable() {
  let data = new Float64Array(1 << 16);
  let length = 0;
  return {
    push(v: number) {
      if (length === data.length) {
        const bigger = new Float64Array(data.length * 2);
        bigger.set(data);
        data = bigger;
      }
      data[length++] = v;
    },
    values: () => data.subarray(0, length),
    get length() {
      return length;
    },
  };
}

async function load(config: HarnessConfig): Promise<HarnessResult> {
  let closed = 0;
  let stopping = false;
  const t0 = performance.now();
  const rooms = await connect(config, () => {
    if (!stopping) closed++;
  });
  const connectMs = performance.now() - t0;

  const padding = "x".repeat(Math.max(0, config.payloadBytes - 20));
  const stamp = () => `${performance.now().toFixed(3)}|${padding}`;
  const latencies = growable();
  let counting = false;
  let sending = true;
  let sent = 0;
  let received = 0;
  const record = (sentAt: number) => {
    if (!counting) return;
    received++;
    latencies.push(performance.now() - sentAt);
  };
  const send = (peer: Peer, type: "webrtc:offer" | "webrtc:answer") => {
    if (!sending) return;
    if (counting) sent++;
    peer.send(type, stamp());
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  if (config.mode === "saturate") {
    for (const { a, b } of rooms) {
      b.onRelay = (_type, sentAt) => {
        record(sentAt);
        send(b, "webrtc:answer");
      };
      a.onRelay = (_type, sentAt) => {
        record(sentAt);
        send(a, "webrtc:offer");
      };
    }
    for (const { a } of rooms) {
      for (let i = 0; i < config.window; i++) send(a, "webrtc:offer");
    }
  } else {
    for (const { b } of rooms) b.onRelay = (_type, sentAt) => record(sentAt);
    const start = performance.now();
    let due = 0;
    let next = 0;
    timer = setInterval(() => {
      const target = Math.floor(
        ((performance.now() - start) / 1000) * config.rate,
      );
      for (; due < target; due++) {
        send(rooms[next].a, "webrtc:offer");
        next = (next + 1) % rooms.length;
      }
    }, 2);
  }

  await new Promise((r) => setTimeout(r, config.warmupMs));
  counting = true;
  const cpu0 = config.serverPid ? cpuSeconds(config.serverPid) : null;
  const self0 = cpuSeconds(Deno.pid);
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, config.durationMs));
  counting = false;
  const seconds = (performance.now() - w0) / 1000;
  const cpu1 = config.serverPid ? cpuSeconds(config.serverPid) : null;
  const self1 = cpuSeconds(Deno.pid);
  sending = false;
  clearInterval(timer);
  stopping = true;
  const errors = rooms.reduce((n, r) => n + r.a.errors + r.b.errors, 0);
  for (const { a, b } of rooms) {
    a.close();
    b.close();
  }

  const sorted = sortedCopy(latencies.values());
  return {
    kind: config.kind,
    mode: config.mode,
    rooms: rooms.length,
    sockets: rooms.length * 2,
    connectMs: Math.round(connectMs),
    seconds,
    sent,
    received,
    msgsPerSec: received / seconds,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
    serverCpu: cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / seconds : null,
    clientCpu: self0 !== null && self1 !== null
      ? (self1 - self0) / seconds
      : null,
    closed,
    errors,
  };
}

async function idle(config: HarnessConfig): Promise<void> {
  let closed = 0;
  let stopping = false;
  const t0 = performance.now();
  const rooms = await connect(config, () => {
    if (!stopping) closed++;
  });
  console.log(JSON.stringify({
    opened: rooms.length * 2,
    connectMs: Math.round(performance.now() - t0),
  }));
  // Held open until the runner closes our stdin.
  for await (const _ of Deno.stdin.readable) {
    // Nothing to read; waiting for the end.
  }
  stopping = true;
  for (const { a, b } of rooms) {
    a.close();
    b.close();
  }
  console.log(JSON.stringify({ closedByServer: closed }));
}

if (import.meta.main) {
  const config: HarnessConfig = JSON.parse(
    await Deno.readTextFile(Deno.args[0]),
  );
  if (config.mode === "idle") {
    await idle(config);
  } else {
    console.log(JSON.stringify(await load(config)));
  }
  Deno.exit(0);
}
