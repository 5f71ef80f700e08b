// Where a page's CPU goes: starts Talkroom on PostgreSQL (as the page
// benchmark does) under V8's sampling profiler, loads one page with wrk, and
// prints the self time by function and by where the code lives (the
// runtime, Preact, twind, postgres.js, app code, …).
//
//   deno run -A --config deno.dev.json bench/profile.ts [path] [seconds] [connections]
//
// `path` is `/bookings/:id` (the demo's open booking, the default) or any
// path; the request is signed in as the demo student. The .cpuprofile is
// kept in a temporary folder whose name is printed, for Chrome's DevTools.
import { cookieOf, login, preparePostgres, startTalkroom } from "./_app.ts";
import { coreLayout, cpuSeconds } from "./_proc.ts";
import { runWrk } from "./_wrk.ts";
import { buildAssets } from "./_app.ts";
import { type CpuProfile, summariseProfile } from "./_profile_summary.ts";

const [pathArg = "/bookings/:id", secondsArg = "20", connArg = "10"] =
  Deno.args;
const layout = await coreLayout();
const db = await preparePostgres();
const fresh = await buildAssets();
const profDir = await Deno.makeTempDir({ prefix: "talkroom_prof_" });
const server = await startTalkroom({
  database: db,
  cpus: layout.server,
  freshDir: fresh,
  denoFlags: [`--cpu-prof`, `--cpu-prof-dir=${profDir}`],
});
try {
  const token = await login(server.origin, "student@demo.test");
  const path = pathArg.replace(":id", db.openBookingId);
  const headers = { cookie: cookieOf(token) };
  // Warm up (JIT, pool), then the measured load.
  await runWrk({
    url: server.origin + path,
    headers,
    connections: Number(connArg),
    seconds: 3,
    cpus: layout.load,
  });
  const before = cpuSeconds(server.pid) ?? NaN;
  const load = await runWrk({
    url: server.origin + path,
    headers,
    connections: Number(connArg),
    seconds: Number(secondsArg),
    cpus: layout.load,
  });
  const cpuMs = ((cpuSeconds(server.pid) ?? NaN) - before) * 1000;
  console.log(
    `${path}: ${load.requests} requests, ${
      Math.round(load.rps)
    } req/s, ${load.non2xx} not 2xx/3xx, server CPU ${
      (cpuMs / load.requests).toFixed(2)
    } ms per request (profiler on)`,
  );
} finally {
  await server.stop(10_000);
  await db.drop();
  await Deno.remove(fresh.replace(/\/_fresh$/, ""), { recursive: true });
}
for await (const entry of Deno.readDir(profDir)) {
  if (!entry.name.endsWith(".cpuprofile")) continue;
  const file = `${profDir}/${entry.name}`;
  const profile = JSON.parse(await Deno.readTextFile(file)) as CpuProfile;
  console.log(summariseProfile(profile, 30));
  console.log(`profile: ${file}`);
}
