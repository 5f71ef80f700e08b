// Start-up of the app process: database, migrations, demo data, services,
// and the periodic jobs (lib/jobs/app_jobs.ts); and their stop steps, which
// main.ts calls in its shutdown order.
import type { Config } from "@/lib/config.ts";
import type { Database } from "@/lib/db/connection.ts";
import { openConfiguredDatabase, redactUrl } from "@/lib/db/configured.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { DataDirInUseError } from "@/lib/db/data_dir.ts";
import {
  DEMO_ACCOUNTS,
  describeSeed,
  ensureOpenDemoRoom,
  seedDemo,
} from "@/lib/demo/seed.ts";
import { Scheduler } from "@/lib/jobs/scheduler.ts";
import { loadJwtSecret } from "@/lib/auth/secret.ts";
import { setAppContext } from "@/lib/context.ts";
import { startAppJobs } from "@/lib/jobs/app_jobs.ts";
import { SignalingHub } from "@/lib/signaling/hub.ts";
import { MemoryBus, PostgresBus, type SignalBus } from "@/lib/signaling/bus.ts";

/**
 * How long a stopping instance lets requests in flight finish before it
 * exits anyway (a client can hold a connection open for ever).
 */
export const SHUTDOWN_DRAIN_MS = 10_000;

/** The running services, stopped by main.ts in its shutdown order. */
export interface AppServices {
  /**
   * Closes every signaling socket with 1012 (reconnect elsewhere) and
   * refuses new ones; resolves once the close frames are on their way.
   */
  closeSockets(): Promise<void>;
  /** Stops the periodic jobs and waits for the runs under way. */
  stopJobs(): Promise<void>;
  /** Closes the database; nothing may query it afterwards. */
  closeDatabase(): Promise<void>;
}

// Opens the configured database (PGlite in DATA_DIR by default) and migrates it.
async function openAppDatabase(config: Config): Promise<Database> {
  const db = await openConfiguredDatabase(config);
  await migrate(db);
  return db;
}

// Empty, or holding the demo accounts: an embedded database someone filled
// with real accounts only gets no demo data.
async function isDemoDatabase(db: Database): Promise<boolean> {
  const [{ users, demo }] = await db.query<{ users: number; demo: number }>(
    `SELECT count(*)::int AS users,
            count(*) FILTER (WHERE email = $1)::int AS demo FROM users`,
    [DEMO_ACCOUNTS[0].email],
  );
  return users === 0 || demo > 0;
}

// Checks every minute that the demo pair has an open room; prints the link
// of a new one.
function startDemoRoomJob(db: Database, origin: string): Scheduler {
  const scheduler = new Scheduler(db).add({
    name: "demo.open_room",
    intervalMs: 60_000,
    run: async () => {
      const room = await ensureOpenDemoRoom(db);
      if (room?.created) {
        console.log(
          `New open-room demo booking: ${origin}/bookings/${room.id}`,
        );
      }
    },
  });
  scheduler.start();
  return scheduler;
}

/**
 * Prepares everything a request needs and returns the services' stop steps.
 * On the embedded database it makes sure the demo accounts and an open-room
 * demo booking exist, and prints them, at every start.
 */
export async function startServices(config: Config): Promise<AppServices> {
  let db: Database;
  try {
    db = await openAppDatabase(config);
  } catch (err) {
    // One line an operator can act on, not a stack trace.
    const where = config.databaseUrl
      ? redactUrl(config.databaseUrl)
      : `the embedded database in ${config.dataDir}`;
    console.error(
      err instanceof DataDirInUseError
        ? `Cannot start: ${err.message}`
        : `Cannot start: ${where} is not usable: ${(err as Error).message}`,
    );
    Deno.exit(1);
  }
  const jwtSecret = await loadJwtSecret(config);
  const bus: SignalBus = config.signalingBus === "postgres"
    ? await PostgresBus.start(db, config.databaseSchema)
    : new MemoryBus();
  const signaling = new SignalingHub(db, bus, {
    idleTimeoutSeconds: config.signalingIdleTimeoutSeconds,
  });
  setAppContext({ db, config, jwtSecret, signaling });
  let demoJob: Scheduler | null = null;
  if (!config.databaseUrl && await isDemoDatabase(db)) {
    // Every start on the embedded demo database: the demo accounts exist
    // (made on the first), an open-room booking exists (a new one once the
    // last has ended), and both are printed; while it runs, a new open room
    // follows the last one.
    const origin = config.appOrigin ?? `http://localhost:${config.port}`;
    console.log(describeSeed(await seedDemo(db), origin));
    demoJob = startDemoRoomJob(db, origin);
  }
  const jobs = startAppJobs({ db, config });
  return {
    async closeSockets() {
      await signaling.shutdown();
      // Close frames are written by the event loop: let it turn once, so
      // they leave before the HTTP server's shutdown closes what is left
      // as "going away" (1001).
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    async stopJobs() {
      await Promise.all([jobs.stop(), demoJob?.stop()]);
    },
    async closeDatabase() {
      await signaling.shutdown(); // its bus listens on the database
      await db.close();
    },
  };
}
