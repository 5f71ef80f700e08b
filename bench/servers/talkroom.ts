// Talkroom as main.ts starts it, with two overrides for the benchmarks:
// BENCH_FRESH_DIR picks the `_fresh/` folder (so a run never reads or writes
// the project's own), and BENCH_RELAX_LIMITS=1 gives the signaling hub
// unlimited per-socket message rates and per-address sockets, because the
// relay and idle-socket benchmarks drive thousands of sockets from one
// address at saturation. Everything else is the product's code path.
import { start } from "$fresh/server.ts";
import manifest from "@/fresh.gen.ts";
import config from "@/fresh.config.ts";
import { getConfig } from "@/lib/config.ts";
import { startServices } from "@/lib/startup.ts";
import { appContext, setAppContext } from "@/lib/context.ts";
import { SignalingHub } from "@/lib/signaling/hub.ts";
import { MemoryBus, PostgresBus } from "@/lib/signaling/bus.ts";

const appConfig = getConfig();
const services = await startServices(appConfig);

let hub: SignalingHub | null = null;
if (Deno.env.get("BENCH_RELAX_LIMITS") === "1") {
  const context = appContext();
  await context.signaling.shutdown();
  const bus = appConfig.signalingBus === "postgres"
    ? await PostgresBus.start(context.db, appConfig.databaseSchema)
    : new MemoryBus();
  hub = new SignalingHub(context.db, bus, {
    idleTimeoutSeconds: appConfig.signalingIdleTimeoutSeconds,
    burst: 1e12,
    refillPerSecond: 1e12,
    maxSocketsPerAddress: 1e9,
    reconnectBurst: 1e9,
  });
  setAppContext({ ...context, signaling: hub });
}

// Never hang on shutdown: a second after SIGINT/SIGTERM the process exits
// (which also writes a --cpu-prof profile).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => {
    setTimeout(() => Deno.exit(0), 1_000);
  });
}

const outDir = Deno.env.get("BENCH_FRESH_DIR");
await start(manifest, {
  ...config,
  ...(outDir ? { build: { ...config.build, outDir } } : {}),
  server: { port: appConfig.port, hostname: appConfig.hostname },
});
await hub?.shutdown();
await services.closeSockets();
await services.stopJobs();
await services.closeDatabase();
Deno.exit(0);
