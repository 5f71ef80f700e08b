// Start-up of the app process: database, migrations, demo data, services,
// and the periodic sweep that settles finished bookings; and their stop
// steps, which main.ts calls in its shutdown order.
import { logError } from "@/lib/log.ts";
import type { Config } from "@/lib/config.ts";
import type { Database } from "@/lib/db/connection.ts";
import { openConfiguredDatabase, redactUrl } from "@/lib/db/configured.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { describeSeed, seedDemo } from "@/lib/db/seed.ts";
import { loadJwtSecret } from "@/lib/auth/secret.ts";
import { setAppContext } from "@/lib/context.ts";
import { sweepFinishedBookings } from "@/lib/bookings/attendance.ts";
import { SignalingHub } from "@/lib/signaling/hub.ts";
import { MemoryBus, PostgresBus, type SignalBus } from "@/lib/signaling/bus.ts";

/** How often finished bookings are settled in the background. */
export const SWEEP_INTERVAL_MS = 60_000;

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
  /** Stops the background jobs (the booking sweep) and waits for a run under way. */
  stopJobs(): Promise<void>;
  /** Closes the database; nothing may query it afterwards. */
  closeDatabase(): Promise<void>;
}

/** Opens the configured database (PGlite in DATA_DIR by default) and migrates it. */
export async function openAppDatabase(config: Config): Promise<Database> {
  const db = await openConfiguredDatabase(config);
  await migrate(db);
  return db;
}

/**
 * Prepares everything a request needs and returns the services' stop steps.
 * On an empty embedded database it creates the demo data and prints the
 * logins.
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
      `Cannot start: ${where} is not usable: ${(err as Error).message}`,
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
  if (!config.databaseUrl) {
    const [{ count }] = await db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM users",
    );
    if (count === 0) {
      const result = await seedDemo(db);
      console.log(
        describeSeed(
          result,
          config.appOrigin ?? `http://localhost:${config.port}`,
        ),
      );
    }
  }
  // One sweep at a time; stopping waits for the one under way.
  let sweep: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    sweep ??= sweepFinishedBookings(db)
      .catch((err) => logError("booking.sweep_failed", err))
      .finally(() => sweep = null);
  }, SWEEP_INTERVAL_MS);
  return {
    async closeSockets() {
      await signaling.shutdown();
      // Close frames are written by the event loop: let it turn once, so
      // they leave before the HTTP server's shutdown closes what is left
      // as "going away" (1001).
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    async stopJobs() {
      clearInterval(timer);
      await sweep;
    },
    async closeDatabase() {
      await signaling.shutdown(); // its bus listens on the database
      await db.close();
    },
  };
}
