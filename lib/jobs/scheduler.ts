// One scheduler for every periodic job. Each instance checks its jobs on a
// timer; the `scheduled_jobs` table decides which instance runs a due job
// (one conditional upsert claims it), so a job runs once per interval however
// many instances there are, never twice at once, and on PGlite the same way.
import type { Queryable } from "@/lib/db/connection.ts";
import { logError } from "@/lib/log.ts";
import { jobFailures, jobRuns } from "@/lib/metrics.ts";

/** A periodic job. */
export interface Job {
  /** Unique name: the metrics label and the `scheduled_jobs` row. */
  name: string;
  /** Time from one run's start to the next one's, across all instances. */
  intervalMs: number;
  /**
   * How long a run may hold the job (default 5 minutes): when an instance
   * dies mid-run, another one runs the job once this has passed.
   */
  leaseMs?: number;
  /** The work. `signal` aborts when the scheduler stops; finish or give up soon then. */
  run(signal: AbortSignal): Promise<unknown>;
}

/** How a scheduler checks its jobs. */
export interface SchedulerOptions {
  /** How often each job is checked, at most its interval (default 5 s). */
  checkMs?: number;
}

/** The default time a run may hold its job. */
export const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_CHECK_MS = 5_000;
const MAX_ERROR_LENGTH = 1_000;

interface Entry {
  job: Job;
  timer?: ReturnType<typeof setTimeout>;
  /** The last check could not reach the database (logged once until it can). */
  checkFailing: boolean;
}

/**
 * Runs named jobs at their intervals on every instance that starts one, each
 * due run on exactly one instance. stop() waits for the runs in progress.
 */
export class Scheduler {
  readonly #db: Queryable;
  readonly #checkMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #state: "new" | "started" | "stopped" = "new";

  constructor(db: Queryable, options: SchedulerOptions = {}) {
    this.#db = db;
    this.#checkMs = options.checkMs ?? DEFAULT_CHECK_MS;
  }

  /**
   * Adds a job (before start()).
   * @throws {Error} after start(), for a taken name, or a bad interval or lease
   */
  add(job: Job): this {
    if (this.#state !== "new") {
      throw new Error(`Cannot add job ${job.name}: the scheduler has started`);
    }
    if (!job.name || this.#entries.has(job.name)) {
      throw new Error(`Cannot add job ${job.name}: the name is empty or taken`);
    }
    for (const ms of [job.intervalMs, job.leaseMs ?? DEFAULT_LEASE_MS]) {
      if (!Number.isFinite(ms) || ms <= 0) {
        throw new Error(
          `Cannot add job ${job.name}: intervals and leases must be positive`,
        );
      }
    }
    this.#entries.set(job.name, { job, checkFailing: false });
    // Both series exist from the start, so a scrape shows 0 rather than nothing.
    jobRuns.inc({ job: job.name }, 0);
    jobFailures.inc({ job: job.name }, 0);
    return this;
  }

  /** Checks every job at once, then every `checkMs` (or its interval, if shorter). */
  start(): void {
    if (this.#state !== "new") return;
    this.#state = "started";
    for (const entry of this.#entries.values()) this.#check(entry);
  }

  /**
   * Stops checking and resolves once the runs in progress have finished (their
   * signal is aborted first, so cooperative jobs end early).
   */
  async stop(): Promise<void> {
    this.#state = "stopped";
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    this.#abort.abort();
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  #check(entry: Entry): void {
    const done: Promise<void> = this.#checkOnce(entry).finally(() => {
      this.#inFlight.delete(done);
      if (this.#state !== "started") return;
      entry.timer = setTimeout(
        () => this.#check(entry),
        Math.min(entry.job.intervalMs, this.#checkMs),
      );
    });
    this.#inFlight.add(done);
  }

  async #checkOnce(entry: Entry): Promise<void> {
    const { job } = entry;
    const claim = crypto.randomUUID();
    let claimed: boolean;
    try {
      claimed = await this.#claim(job, claim);
    } catch (err) {
      if (!entry.checkFailing) {
        logError("job.check_failed", err, { job: job.name });
      }
      entry.checkFailing = true;
      return;
    }
    entry.checkFailing = false;
    if (!claimed) return;
    let failure: string | null = null;
    try {
      await job.run(this.#abort.signal);
    } catch (err) {
      failure = (err instanceof Error ? err.message : String(err))
        .slice(0, MAX_ERROR_LENGTH);
      jobFailures.inc({ job: job.name });
      logError("job.failed", err, { job: job.name });
    }
    jobRuns.inc({ job: job.name });
    try {
      await this.#db.query(
        `UPDATE scheduled_jobs
            SET claim = NULL, running_until = NULL, last_finished_at = now(), last_error = $3
          WHERE name = $1 AND claim = $2`,
        [job.name, claim, failure],
      );
    } catch (err) {
      // The lease ends the claim anyway.
      logError("job.release_failed", err, { job: job.name });
    }
  }

  /** Claims the job if it is due and nobody holds it; true when this run got it. */
  async #claim(job: Job, claim: string): Promise<boolean> {
    const rows = await this.#db.query(
      `INSERT INTO scheduled_jobs AS j
              (name, next_run_at, claim, running_until, last_started_at)
       VALUES ($1, now() + make_interval(secs => $3), $2,
               now() + make_interval(secs => $4), now())
       ON CONFLICT (name) DO UPDATE
          SET next_run_at = EXCLUDED.next_run_at, claim = EXCLUDED.claim,
              running_until = EXCLUDED.running_until, last_started_at = now()
        WHERE j.next_run_at <= now()
          AND (j.running_until IS NULL OR j.running_until <= now())
       RETURNING 1`,
      [
        job.name,
        claim,
        job.intervalMs / 1000,
        (job.leaseMs ?? DEFAULT_LEASE_MS) / 1000,
      ],
    );
    return rows.length === 1;
  }
}
