/// <reference no-default-lib="true" />
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/// <reference lib="dom.asynciterable" />
/// <reference lib="deno.ns" />

import { start } from "$fresh/server.ts";
import manifest from "./fresh.gen.ts";
import config from "./fresh.config.ts";
import { getConfig } from "@/lib/config.ts";
import { startServices } from "@/lib/startup.ts";

const appConfig = getConfig();
const stopServices = await startServices(appConfig);
await start(manifest, {
  ...config,
  server: { port: appConfig.port, hostname: appConfig.hostname },
});
await stopServices();
