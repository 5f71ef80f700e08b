// Start-up of the app process: database, migrations, demo data, services,
// and the periodic jobs (lib/jobs/app_jobs.ts).
import type { Config } from "@/lib/config.ts";
import type { Database } from "@/lib/db/connection.ts";
import { openConfiguredDatabase, redactUrl } from "@/lib/db/configured.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { describeSeed, seedDemo } from "@/lib/demo/seed.ts";
import { loadJwtSecret } from "@/lib/auth/secret.ts";
import { setAppContext } from "@/lib/context.ts";
import { startAppJobs } from "@/lib/jobs/app_jobs.ts";
import { SignalingHub } from "@/lib/signaling/hub.ts";
import { MemoryBus, PostgresBus, type SignalBus } from "@/lib/signaling/bus.ts";

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
  const jobs = startAppJobs({ db });
  return async () => {
    await jobs.stop();
    await signaling.shutdown();
    await db.close();
  };
}
