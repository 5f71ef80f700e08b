// Whether the database answers, so an outage is answered with a quick 503
// instead of requests that hang. Every query runs under a deadline; a query
// that misses it, or fails because the connection is gone, marks the
// database down. While down, queries are refused at once and a probe checks
// every second whether it answers again, so the app recovers by itself.
import { ServiceUnavailableError } from "@/lib/errors.ts";

/** The database does not answer (outage, network, restart); a 503. */
export class DatabaseUnavailableError extends ServiceUnavailableError {
  constructor(message = "The database is unavailable; try again in a moment") {
    super(message, 5);
    this.name = "DatabaseUnavailableError";
  }
}

const STATEMENT_TIMEOUT = "57014";

// postgres.js's own codes for a lost or unreachable server.
const CLIENT_CODES = new Set([
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
]);

/**
 * True for an error that says the server cannot be reached or is going
 * away (not for an error in the SQL or a constraint): SQLSTATE class 08,
 * 57P01-57P03 (shutdown, cannot connect now), 53300 (too many connections),
 * postgres.js's connection codes and the runtime's network errors.
 */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (
    err instanceof Deno.errors.ConnectionRefused ||
    err instanceof Deno.errors.ConnectionReset ||
    err instanceof Deno.errors.ConnectionAborted ||
    err instanceof Deno.errors.BrokenPipe ||
    err instanceof Deno.errors.TimedOut
  ) {
    return true;
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return CLIENT_CODES.has(code) || code.startsWith("08") ||
    ["57P01", "57P02", "57P03", "53300"].includes(code);
}

/** What an Availability guards queries with. */
export interface AvailabilityOptions {
  /** Longest a query may take before it counts as unanswered, in ms. */
  deadlineMs: number;
  /** How often a down database is probed, in ms (default 1000). */
  probeIntervalMs?: number;
  /** A cheap query against the database (SELECT 1). */
  ping: () => Promise<unknown>;
}

/** The up/down state of one database, and the deadline every query runs under. */
export class Availability {
  #down = false;
  #probe: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(private options: AvailabilityOptions) {}

  /** False from a missed deadline or lost connection until a probe succeeds. */
  get up(): boolean {
    return !this.#down;
  }

  /**
   * Runs a query under the deadline.
   * @throws {DatabaseUnavailableError} at once while down; when the
   *   deadline passes or the connection fails
   */
  async run<T>(query: () => Promise<T>): Promise<T> {
    if (this.#down) throw new DatabaseUnavailableError();
    try {
      return await withDeadline(query(), this.options.deadlineMs);
    } catch (err) {
      throw this.#unavailable(err);
    }
  }

  /**
   * Runs a transaction whose start (waiting for a connection, BEGIN) and end
   * (COMMIT or ROLLBACK) each get the deadline. The time spent inside
   * `work`'s callback does not count: its statements have deadlines of their
   * own, and a long migration is not cut off.
   * @throws {DatabaseUnavailableError} as run() does
   */
  async transaction<T>(
    start: (work: <R>(inside: () => Promise<R>) => Promise<R>) => Promise<T>,
  ): Promise<T> {
    if (this.#down) throw new DatabaseUnavailableError();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stalled: (err: Error) => void = () => {};
    const stall = new Promise<never>((_, reject) => stalled = reject);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => stalled(new DatabaseUnavailableError()),
        this.options.deadlineMs,
      );
    };
    arm();
    const pending = start(async (inside) => {
      clearTimeout(timer);
      try {
        return await inside();
      } finally {
        arm();
      }
    });
    pending.catch(() => {});
    try {
      return await Promise.race([pending, stall]);
    } catch (err) {
      throw this.#unavailable(err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What to throw for a failed query; marks the database down when it is gone. */
  #unavailable(err: unknown): unknown {
    if ((err as { code?: unknown } | null)?.code === STATEMENT_TIMEOUT) {
      // One slow statement: the database itself answers.
      return new DatabaseUnavailableError(
        "The database took too long to answer; try again in a moment",
      );
    }
    if (!isConnectionError(err)) return err;
    this.markDown();
    return err instanceof DatabaseUnavailableError
      ? err
      : new DatabaseUnavailableError();
  }

  /** Marks the database down and starts probing it. */
  markDown(): void {
    if (this.#down || this.#closed) return;
    this.#down = true;
    this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    this.#probe = setTimeout(async () => {
      const ok = await withDeadline(
        this.options.ping(),
        this.options.deadlineMs,
      )
        .then(() => true, () => false);
      if (this.#closed) return;
      if (ok) this.#down = false;
      else this.#scheduleProbe();
    }, this.options.probeIntervalMs ?? 1000);
  }

  /** Stops probing (the database is being closed). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#probe);
  }
}

/**
 * Waits for a database promise at most `ms` milliseconds.
 * @throws {DatabaseUnavailableError} when it takes longer
 */
export async function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  promise.catch(() => {});
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DatabaseUnavailableError()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
