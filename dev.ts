#!/usr/bin/env -S deno run -A --watch=static/,routes/,islands/,components/,lib/
import dev from "$fresh/dev.ts";
import config from "./fresh.config.ts";
import { getConfig } from "@/lib/config.ts";
import { startServices } from "@/lib/startup.ts";

const appConfig = getConfig();
// The build and manifest commands need no database.
const serving = !Deno.args.includes("build") && !Deno.args.includes("manifest");
const services = serving ? await startServices(appConfig) : null;
// Serves until Ctrl+C (or SIGTERM), then stops accepting and drains.
await dev(import.meta.url, "./main.ts", {
  ...config,
  server: { port: appConfig.port, hostname: appConfig.hostname },
});
if (services) {
  await services.closeSockets();
  await services.stopJobs();
  await services.closeDatabase();
  Deno.exit(0);
}
