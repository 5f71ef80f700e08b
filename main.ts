/// <reference no-default-lib="true" />
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/// <reference lib="dom.asynciterable" />
/// <reference lib="deno.ns" />

import { listen, stopSignal } from "$fresh/server.ts";
import manifest from "./fresh.gen.ts";
import config from "./fresh.config.ts";
import { getConfig } from "@/lib/config.ts";
import { SHUTDOWN_DRAIN_MS, startServices } from "@/lib/startup.ts";
import { logEvent } from "@/lib/log.ts";

const appConfig = getConfig();
const services = await startServices(appConfig);
const server = await listen(manifest, {
  ...config,
  server: { port: appConfig.port, hostname: appConfig.hostname },
});
const signal = await stopSignal();
logEvent("server.stopping", { signal });

// The shutdown order. Signaling sockets first: they are told to reconnect
// to another instance (1012) before the HTTP server's shutdown would close
// them as "going away".
await services.closeSockets();
// Stop accepting connections and let requests in flight finish, for a
// bounded time: a client that never finishes its request must not keep
// the instance from exiting.
const drained = await server.shutdown(SHUTDOWN_DRAIN_MS);
if (!drained) logEvent("server.drain_timeout", { ms: SHUTDOWN_DRAIN_MS });
// Nothing answers requests any more: stop the jobs, then the database.
await services.stopJobs();
await services.closeDatabase();
// Connections left open by clients would keep the process alive.
Deno.exit(0);
