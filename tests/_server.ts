// Helpers for the tests that drive the signaling relay over real sockets:
// a real server process (`deno run -A main.ts`), an isolated schema on the
// PostgreSQL server at TEST_DATABASE_URL, WebSocket clients that queue what
// they receive, and raw HTTP upgrades for the refusals and the heartbeat.
import { realPostgresUrl } from "@/tests/_db.ts";
import { type Database, ident, openDatabase } from "@/lib/db/connection.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { appEnv, spawnDaemon } from "@/tests/_daemon.ts";

/** The project root, where `main.ts` lives. */
const ROOT = new URL("../", import.meta.url);

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** A running server process. */
export interface ServerProcess {
  /** `http://localhost:<port>`, as the server announced it. */
  origin: string;
  process: Deno.ChildProcess;
  /** Sends a signal (SIGTERM by default) and waits for the exit (SIGKILL after 10 s). */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  logs(): string;
}

/**
 * Starts `deno run -A main.ts` on a free port (or on `env.PORT`) with the
 * given environment (the app's variables from this process are not inherited) and resolves
 * once it prints `Listening on http://localhost:<port>/`.
 * @throws Error with the process output when it exits or takes too long
 */
export async function startServer(
  env: Record<string, string>,
): Promise<ServerProcess> {
  const daemon = spawnDaemon(Deno.execPath(), ["run", "-A", "main.ts"], {
    cwd: ROOT,
    env: appEnv({ PORT: "0", ...env }),
  });
  const [, origin] = await daemon.waitFor(
    /Listening on (http:\/\/localhost:\d+)\//,
    START_TIMEOUT_MS,
    "The server",
  );
  return {
    origin,
    process: daemon.process,
    logs: daemon.output,
    stop: (signal: Deno.Signal = "SIGTERM") =>
      daemon.stop(STOP_TIMEOUT_MS, signal),
  };
}

/** The PostgreSQL server the real-process tests use. */
export function testDatabaseUrl(): string {
  return realPostgresUrl();
}

/** A migrated schema of its own on the PostgreSQL server at TEST_DATABASE_URL. */
export interface TestSchema {
  url: string;
  schema: string;
  /** A connection whose search path is the schema. */
  db: Database;
  /** Drops the schema and closes the connection. */
  drop(): Promise<void>;
}

/**
 * Creates and migrates a fresh `<prefix>_<random>` schema on the server at
 * `url` (TEST_DATABASE_URL by default); the benchmarks use it too.
 * @throws Error naming the server and `variable` when it cannot be reached
 */
export async function openTestSchema(options: {
  url?: string;
  prefix?: string;
  poolSize?: number;
  /** The variable that chose the server, for the error message. */
  variable?: string;
} = {}): Promise<TestSchema> {
  const url = options.url ?? testDatabaseUrl();
  const schema = `${options.prefix ?? "test"}_${
    crypto.randomUUID().replaceAll("-", "").slice(0, 16)
  }`;
  let db: Database;
  try {
    db = await openDatabase({ url, schema, poolSize: options.poolSize ?? 5 });
  } catch (err) {
    throw new Error(
      `This needs a real PostgreSQL server at ${url} (set ${
        options.variable ?? "TEST_DATABASE_URL"
      } to use another): ${(err as Error).message}`,
    );
  }
  await migrate(db);
  return {
    url,
    schema,
    db,
    async drop() {
      try {
        await db.query(`DROP SCHEMA ${ident(schema)} CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}

/**
 * The environment that points a server at a test schema: DATABASE_URL (the
 * schema's server, or `url`, e.g. a proxy in front of it), DATABASE_SCHEMA
 * and a random JWT_SECRET.
 */
export function testSchemaEnv(
  schema: Pick<TestSchema, "url" | "schema">,
  options: { url?: string } = {},
): { DATABASE_URL: string; DATABASE_SCHEMA: string; JWT_SECRET: string } {
  return {
    DATABASE_URL: options.url ?? schema.url,
    DATABASE_SCHEMA: schema.schema,
    JWT_SECRET: randomSecret(),
  };
}

/** A random JWT_SECRET (48 characters). */
export function randomSecret(): string {
  return crypto.getRandomValues(new Uint8Array(36)).toBase64();
}

/** The `Cookie` header that carries a session token. */
export function sessionCookie(token: string): string {
  return `talkroom_session=${token}`;
}

/** The signaling URL of a booking on a server (`http…` origin). */
export function signalUrl(
  origin: string,
  bookingId: string,
  query = "",
): string {
  return `${origin.replace(/^http/, "ws")}/api/bookings/${bookingId}/signal${
    query ? `?${query}` : ""
  }`;
}

/** A message as the server sends it. */
// deno-lint-ignore no-explicit-any
export type Received = { type: string; [key: string]: any };

/** How a socket ended. */
export interface Closed {
  code: number;
  reason: string;
}

const WAIT_MS = 5_000;

/**
 * A WebSocket client that queues every message it receives, so a test can
 * take them in order and also prove that nothing arrived.
 */
export class SignalClient {
  readonly socket: WebSocket;
  /** Resolves when the socket is closed, with the code the client saw. */
  readonly closed: Promise<Closed>;
  #inbox: (Received | string)[] = [];
  #waiter: (() => void) | null = null;
  #isClosed = false;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.addEventListener("message", (e) => {
      const data = typeof e.data === "string" ? e.data : "<binary>";
      let value: Received | string = data;
      try {
        value = JSON.parse(data);
      } catch {
        // Kept as text; the test decides whether that is a failure.
      }
      this.#inbox.push(value);
      this.#wake();
    });
    this.closed = new Promise((resolve) => {
      socket.addEventListener("close", (e) => {
        this.#isClosed = true;
        this.#wake();
        resolve({ code: e.code, reason: e.reason });
      });
    });
  }

  /**
   * Opens a socket with the given headers and resolves once it is open.
   * @throws Error when the upgrade is refused or the socket fails
   */
  static connect(
    url: string,
    headers: { cookie?: string; origin?: string } = {},
  ): Promise<SignalClient> {
    const h: Record<string, string> = {};
    if (headers.cookie) h.cookie = headers.cookie;
    if (headers.origin) h.origin = headers.origin;
    // Deno's WebSocket takes request headers as a second-argument option.
    const socket = new WebSocket(
      url,
      { headers: h } as unknown as string[],
    );
    const client = new SignalClient(socket);
    return new Promise((resolve, reject) => {
      const onOpen = () => {
        socket.removeEventListener("error", onError);
        resolve(client);
      };
      const onError = (e: Event) => {
        socket.removeEventListener("open", onOpen);
        reject(
          new Error(
            `WebSocket to ${url} failed: ${(e as ErrorEvent).message ?? e}`,
          ),
        );
      };
      socket.addEventListener("open", onOpen, { once: true });
      socket.addEventListener("error", onError, { once: true });
    });
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = null;
    w?.();
  }

  /** Whether the close event has fired. */
  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Messages received and not yet taken. */
  get pending(): readonly (Received | string)[] {
    return this.#inbox;
  }

  /** Sends a message (objects as JSON, strings and bytes as they are). */
  send(message: unknown): void {
    if (typeof message === "string") {
      this.socket.send(message);
    } else if (message instanceof Uint8Array) {
      this.socket.send(message as Uint8Array<ArrayBuffer>);
    } else {
      this.socket.send(JSON.stringify(message));
    }
  }

  /**
   * The next message, in order.
   * @throws Error when none arrives in time, the socket closes first, or it is not JSON
   */
  async next(timeoutMs = WAIT_MS): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inbox.length === 0) {
      if (this.#isClosed) {
        const { code, reason } = await this.closed;
        throw new Error(
          `Socket closed (${code} ${reason}) while waiting for a message`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`No message within ${timeoutMs} ms`);
      }
      await this.#wait(left);
    }
    const value = this.#inbox.shift()!;
    if (typeof value === "string") {
      throw new Error(`Received a frame that is not JSON: ${value}`);
    }
    return value;
  }

  /** The next message, which must be of this type. */
  async expect(type: string, timeoutMs = WAIT_MS): Promise<Received> {
    const message = await this.next(timeoutMs);
    if (message.type !== type) {
      throw new Error(
        `Expected a ${type} message, got ${JSON.stringify(message)}`,
      );
    }
    return message;
  }

  /** Takes messages until one matches; the others are dropped. */
  async waitFor(
    predicate: (m: Received) => boolean,
    timeoutMs = WAIT_MS,
  ): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const message = await this.next(Math.max(deadline - Date.now(), 1));
      if (predicate(message)) return message;
    }
  }

  /**
   * Asserts that nothing arrives for `ms` milliseconds.
   * @throws Error naming what did arrive
   */
  async expectSilence(ms = 300): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.#inbox.length === 0 && !this.#isClosed) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await this.#wait(left);
    }
    if (this.#inbox.length > 0) {
      throw new Error(
        `Expected no message, got ${JSON.stringify(this.#inbox[0])}`,
      );
    }
  }

  /** Waits for the close and returns it, failing after the timeout. */
  async closedWithin(timeoutMs = WAIT_MS): Promise<Closed> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        this.closed,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Socket not closed within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes from the client side and waits for the close to complete. */
  async close(code = 1000): Promise<Closed> {
    if (this.socket.readyState <= WebSocket.OPEN) this.socket.close(code);
    return await this.closed;
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        resolve();
      }, ms);
      this.#waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * Sends a WebSocket upgrade request with `fetch` (the headers a browser
 * sends) and returns the response, for upgrades that must be refused.
 */
export async function tryUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return await fetch(url.replace(/^ws/, "http"), {
    headers: {
      upgrade: "websocket",
      connection: "Upgrade",
      "sec-websocket-key": crypto.getRandomValues(new Uint8Array(16))
        .toBase64(),
      "sec-websocket-version": "13",
      ...headers,
    },
  });
}

/**
 * A WebSocket opened by hand over TCP that never answers pings: the client
 * a heartbeat must detect (a laptop that went to sleep).
 */
export class SilentSocket {
  #conn: Deno.TcpConn;
  #buffer = new Uint8Array(0);
  /** The HTTP status of the upgrade response (101 when it was accepted). */
  status = 0;

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  /** Connects and sends the upgrade; resolves with the response status read. */
  static async open(
    url: string,
    headers: Record<string, string>,
  ): Promise<SilentSocket> {
    const conn = await sendUpgradeRequest(url, headers);
    const socket = new SilentSocket(conn);
    const head = await socket.#readHead();
    socket.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
    return socket;
  }

  async #fill(): Promise<boolean> {
    const chunk = new Uint8Array(16 * 1024);
    const n = await this.#conn.read(chunk);
    if (n === null) return false;
    const next = new Uint8Array(this.#buffer.length + n);
    next.set(this.#buffer);
    next.set(chunk.subarray(0, n), this.#buffer.length);
    this.#buffer = next;
    return true;
  }

  async #readHead(): Promise<string> {
    while (true) {
      const text = new TextDecoder().decode(this.#buffer);
      const end = text.indexOf("\r\n\r\n");
      if (end !== -1) {
        this.#buffer = this.#buffer.subarray(
          new TextEncoder().encode(text.slice(0, end + 4)).length,
        );
        return text.slice(0, end);
      }
      if (!await this.#fill()) return text;
    }
  }

  /**
   * Reads server frames (pings included, never answered) until a close
   * frame or the end of the stream; returns the opcodes seen and the close
   * code (null when the stream just ended).
   */
  async readUntilClosed(): Promise<{ opcodes: number[]; code: number | null }> {
    const opcodes: number[] = [];
    while (true) {
      const frame = this.#takeFrame();
      if (frame) {
        opcodes.push(frame.opcode);
        if (frame.opcode === 0x8) {
          const code = frame.payload.length >= 2
            ? (frame.payload[0] << 8) | frame.payload[1]
            : null;
          return { opcodes, code };
        }
        continue;
      }
      let more = false;
      try {
        more = await this.#fill();
      } catch {
        more = false;
      }
      if (!more) return { opcodes, code: null };
    }
  }

  #takeFrame(): { opcode: number; payload: Uint8Array } | null {
    const b = this.#buffer;
    if (b.length < 2) return null;
    let length = b[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = (b[2] << 8) | b[3];
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      length = Number(
        new DataView(b.buffer, b.byteOffset + 2, 8).getBigUint64(0),
      );
      offset = 10;
    }
    // Server frames are never masked.
    if (b.length < offset + length) return null;
    const payload = b.slice(offset, offset + length);
    this.#buffer = b.subarray(offset + length);
    return { opcode: b[0] & 0x0f, payload };
  }

  /** Closes the TCP connection. */
  close(): void {
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Opens a raw TCP connection to a ws:// URL and sends a WebSocket upgrade
 * request with these extra headers; what follows is the caller's to read.
 */
export async function sendUpgradeRequest(
  url: string,
  headers: Record<string, string>,
): Promise<Deno.TcpConn> {
  const target = new URL(url);
  const conn = await Deno.connect({
    hostname: target.hostname === "localhost" ? "127.0.0.1" : target.hostname,
    port: Number(target.port),
  });
  const lines = [
    `GET ${target.pathname}${target.search} HTTP/1.1`,
    `Host: ${target.host}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${
      crypto.getRandomValues(new Uint8Array(16)).toBase64()
    }`,
    "Sec-WebSocket-Version: 13",
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    "",
    "",
  ];
  await conn.write(new TextEncoder().encode(lines.join("\r\n")));
  return conn;
}
