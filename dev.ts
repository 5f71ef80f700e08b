#!/usr/bin/env -S deno run -A --watch=static/,routes/,islands/,components/,lib/
import dev, { serveDevError } from "$fresh/dev.ts";

// The build and manifest commands need no database.
const serving = !Deno.args.includes("build") && !Deno.args.includes("manifest");
// The app's modules are imported here, not at the top, so that a syntax
// error in one of them shows the error overlay instead of stopping the dev
// server (the browser would keep the stale page).
let app;
try {
  const [{ default: config }, { getConfig }, { startServices }] = await Promise
    .all([
      import("./fresh.config.ts"),
      import("@/lib/config.ts"),
      import("@/lib/startup.ts"),
    ]);
  app = { config, appConfig: getConfig(), startServices };
} catch (err) {
  if (!serving) throw err;
  await serveDevError(err);
  Deno.exit(1);
}
const { config, appConfig } = app;
const services = serving ? await app.startServices(appConfig) : null;
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
