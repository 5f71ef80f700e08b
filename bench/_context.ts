// What every benchmark gets from the runner: the mode, the core layout, and
// the shared databases and assets, prepared on first use and removed at
// the end of the run.
import {
  type BenchDatabase,
  buildAssets,
  createRoomPairs,
  preparePglite,
  preparePostgres,
  type RoomPair,
} from "./_app.ts";
import { type CoreLayout, coreLayout, machineBusy } from "./_proc.ts";

/** The runner's services for one benchmark run. */
export class BenchContext {
  readonly quick: boolean;
  /** Repetitions of every measurement (the median is reported). */
  readonly runs: number;
  readonly layout: CoreLayout;
  #postgres: Promise<BenchDatabase> | null = null;
  #pglite: Promise<BenchDatabase> | null = null;
  #fresh: Promise<string> | null = null;
  #pairs: RoomPair[] = [];
  #cleanups: (() => Promise<void>)[] = [];
  /** The machine's busy share seen before each measurement. */
  readonly background: number[] = [];

  /** Whether to wait for a quiet machine before measuring. */
  readonly waitForQuiet: boolean;
  /** Another checkout of the app measured beside this one (`--app-b`), or null. */
  readonly appB: string | null;
  #freshB: Promise<string> | null = null;

  private constructor(
    quick: boolean,
    runs: number,
    layout: CoreLayout,
    waitForQuiet: boolean,
    appB: string | null,
  ) {
    this.quick = quick;
    this.appB = appB;
    this.waitForQuiet = waitForQuiet;
    this.runs = runs;
    this.layout = layout;
  }

  /** A context for `quick` mode or the full run. */
  static async create(
    quick: boolean,
    runs = quick ? 1 : 3,
    waitForQuiet = !quick,
    appB: string | null = null,
  ): Promise<BenchContext> {
    return new BenchContext(
      quick,
      runs,
      await coreLayout(),
      waitForQuiet,
      appB,
    );
  }

  /** The benchmark schema on the PostgreSQL server, seeded with the demo data. */
  postgres(): Promise<BenchDatabase> {
    this.#postgres ??= preparePostgres().then((db) => {
      this.#cleanups.push(() => db.drop());
      return db;
    });
    return this.#postgres;
  }

  /** A seeded PGlite data folder. */
  pglite(): Promise<BenchDatabase> {
    this.#pglite ??= preparePglite().then((db) => {
      this.#cleanups.push(() => db.drop());
      return db;
    });
    return this.#pglite;
  }

  /** A `_fresh/` folder with the islands built ahead of time. */
  freshDir(): Promise<string> {
    this.#fresh ??= buildAssets().then((dir) => {
      this.#cleanups.push(() =>
        Deno.remove(dir.replace(/\/_fresh$/, ""), { recursive: true })
          .catch(() => {})
      );
      return dir;
    });
    return this.#fresh;
  }

  /** A `_fresh/` folder built by the `--app-b` checkout, with its own code. */
  freshDirB(): Promise<string> {
    if (!this.appB) throw new Error("No --app-b checkout given");
    this.#freshB ??= buildAssets(this.appB).then((dir) => {
      this.#cleanups.push(() =>
        Deno.remove(dir.replace(/\/_fresh$/, ""), { recursive: true })
          .catch(() => {})
      );
      return dir;
    });
    return this.#freshB;
  }

  /** `count` pairs with open rooms in the PostgreSQL schema (made once, reused). */
  async pairs(count: number): Promise<RoomPair[]> {
    if (this.#pairs.length < count) {
      const { db } = await this.postgres();
      this.#pairs.push(
        ...await createRoomPairs(db!, count - this.#pairs.length),
      );
    }
    return this.#pairs.slice(0, count);
  }

  /**
   * Waits (up to a minute, unless told not to) until other processes
   * leave the machine mostly idle, so a measurement is not shared with
   * someone else's work; records what it saw either way.
   */
  async quiet(threshold = 0.15, maxWaitMs = 60_000): Promise<number> {
    const started = Date.now();
    let busy = await machineBusy(this.quick ? 250 : 1_000);
    let told = false;
    while (
      this.waitForQuiet && busy > threshold &&
      Date.now() - started < maxWaitMs
    ) {
      if (!told) {
        this.log(
          `waiting for the machine to quiet down (${
            Math.round(busy * 100)
          } % busy)`,
        );
        told = true;
      }
      busy = await machineBusy(1_000);
    }
    if (busy > threshold) {
      this.log(
        `measuring on a busy machine (${Math.round(busy * 100)} % busy)`,
      );
    }
    this.background.push(busy);
    return busy;
  }

  /** Prints a progress line. */
  log(message: string): void {
    console.log(`  ${message}`);
  }

  /** Removes the databases and folders made for this run. */
  async close(): Promise<void> {
    for (const cleanup of this.#cleanups.reverse()) {
      await cleanup().catch((err) => console.error("Cleanup failed:", err));
    }
    this.#cleanups = [];
  }
}
