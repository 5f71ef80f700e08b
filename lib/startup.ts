// Start-up of the app process: database, migrations, demo data, services,
// and the periodic sweep that settles finished bookings.
import { logError } from "@/lib/log.ts";
import type { Config } from "@/lib/config.ts";
import type { Database } from "@/lib/db/connection.ts";
import { openConfiguredDatabase, redactUrl } from "@/lib/db/configured.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { describeSeed, seedDemo } from "@/lib/demo/seed.ts";
import { loadJwtSecret } from "@/lib/auth/secret.ts";
import { setAppContext } from "@/lib/context.ts";
import { sweepFinishedBookings } from "@/lib/bookings/service.ts";
import { SignalingHub } from "@/lib/signaling/hub.ts";
import { MemoryBus, PostgresBus, type SignalBus } from "@/lib/signaling/bus.ts";

/** How often finished bookings are settled in the background. */
export const SWEEP_INTERVAL_MS = 60_000;

/** Opens the configured database (PGlite in DATA_DIR by default) and migrates it. */
export async function openAppDatabase(config: Config): Promise<Database> {
  const db = await openConfiguredDatabase(config);
  await migrate(db);
  return db;
}

/**
 * Prepares everything a request needs and returns a stop function. On an
 * empty embedded database it creates the demo data and prints the logins.
 */
export async function startServices(
  config: Config,
): Promise<() => Promise<void>> {
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
  // On SIGTERM sockets close with 1012 so clients reconnect to another
  // instance while the HTTP server drains.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    try {
      Deno.addSignalListener(signal, () => void signaling.shutdown());
    } catch {
      // No signals where the platform has none (Deno Deploy).
    }
  }
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
  const timer = setInterval(() => {
    sweepFinishedBookings(db).catch((err) =>
      logError("booking.sweep_failed", err)
    );
  }, SWEEP_INTERVAL_MS);
  return async () => {
    clearInterval(timer);
    await signaling.shutdown();
    await db.close();
  };
}
