// Interleaved A/B of page serving between two checkouts of Talkroom: both
// servers run at once on one PostgreSQL schema (seeded demo data), each on
// the server core; wrk on the other core drives them in turn, A B B A …, so
// a busy neighbour costs both alike. Prints the median req/s and the server
// CPU per request (from /proc, as wrk runs) of each page on each side.
//   deno run -A --config deno.dev.json bench/ab_pages.ts <dir A> <dir B> [rounds] [seconds] [connections]
// On a crowded machine use few connections (wrk gives up on a request after
// 5 s): CPU per request is the figure to compare then, not req/s.
import { preparePostgres } from "./_app.ts";
import { coreLayout, cpuSeconds, spawnServer } from "./_proc.ts";
import { runWrk } from "./_wrk.ts";
import { median } from "./_stats.ts";
import { createSession } from "@/lib/auth/session.ts";

const [dirA, dirB, roundsArg, secondsArg, connectionsArg] = Deno.args;
if (!dirA || !dirB) {
  console.error("Usage: bench/ab_pages.ts <dir A> <dir B> [rounds] [seconds]");
  Deno.exit(2);
}
const rounds = Number(roundsArg ?? 5);
const seconds = Number(secondsArg ?? 5);
const connections = Number(connectionsArg ?? 50);
const layout = await coreLayout();
const database = await preparePostgres();
const secret = new TextEncoder().encode(database.env.JWT_SECRET);
const { token } = await createSession(database.db!, secret, database.studentId);
const headers = { cookie: `talkroom_session=${token}` };

const start = (cwd: string) =>
  spawnServer({
    command: Deno.execPath(),
    args: ["run", "-A", "bench/servers/talkroom.ts"],
    cwd,
    cpus: layout.server,
    env: {
      ...database.env,
      PORT: "0",
      BENCH_FRESH_DIR: `${Deno.makeTempDirSync()}/_fresh`,
    },
  });
const servers = { A: await start(dirA), B: await start(dirB) };
const pages = {
  "/bookings/:id": `/bookings/${database.openBookingId}`,
  "/bookings": "/bookings",
};
type Side = keyof typeof servers;
const results: Record<string, { rps: number[]; cpuMs: number[] }> = {};
try {
  for (const [name, path] of Object.entries(pages)) {
    for (const side of ["A", "B"] as Side[]) {
      // Warm-up: JIT and pools.
      await runWrk({
        url: servers[side].origin + path,
        headers,
        connections,
        seconds: 2,
        cpus: layout.load,
      });
    }
    for (let round = 0; round < rounds; round++) {
      const order: Side[] = round % 2 === 0 ? ["A", "B"] : ["B", "A"];
      for (const side of order) {
        const server = servers[side];
        const before = cpuSeconds(server.pid)!;
        const run = await runWrk({
          url: server.origin + path,
          headers,
          connections,
          seconds,
          cpus: layout.load,
        });
        const cpu = cpuSeconds(server.pid)! - before;
        const key = `${name} ${side}`;
        results[key] ??= { rps: [], cpuMs: [] };
        results[key].rps.push(run.rps);
        results[key].cpuMs.push(cpu * 1000 / run.requests);
        if (run.socketErrors > 0) {
          console.error(`  ${run.socketErrors} socket errors (timeouts)`);
        }
        console.error(
          `${key} round ${round + 1}: ${run.rps.toFixed(0)} req/s, ${
            (cpu * 1000 / run.requests).toFixed(3)
          } ms CPU/req`,
        );
      }
    }
  }
} finally {
  await servers.A.stop();
  await servers.B.stop();
  await database.drop();
}
console.log(
  `| page | side | req/s (median of ${rounds}) | server CPU ms/req |`,
);
console.log("|---|---|---:|---:|");
for (const [key, r] of Object.entries(results)) {
  const [page, side] = key.split(" ");
  console.log(
    `| ${page} | ${side} | ${median(r.rps).toFixed(0)} | ${
      median(r.cpuMs).toFixed(3)
    } |`,
  );
}
