import assert from "node:assert/strict";
import postgres from "postgres";
import {
  backendPids,
  clientPorts,
  cpuBetween,
  isLocalHost,
  parseProcNetTcp,
  parseProcStat,
  postgresPort,
  processTicks,
} from "./_cpu.ts";
import { realPostgresUrl } from "@/tests/_db.ts";

Deno.test("parseProcStat reads ppid and utime + stime after the command name", () => {
  // A command name with spaces and a ")" inside, as /proc prints it.
  const line =
    "4242 (postgres: a) b) S 2194 4242 4242 0 -1 4194560 1234 0 0 0 " +
    "371 29 0 0 20 0 1 0 5000 224448512 4000 18446744073709551615\n";
  assert.deepEqual(parseProcStat(line), { pid: 4242, ppid: 2194, ticks: 400 });
  assert.throws(() => parseProcStat("not a stat line"));
});

Deno.test("parseProcStat agrees with this process's own /proc entry", () => {
  const stat = parseProcStat(Deno.readTextFileSync("/proc/self/stat"));
  assert.deepEqual(stat.pid, Deno.pid);
  assert.deepEqual(stat.ppid, Deno.ppid);
  assert.deepEqual(processTicks(Deno.pid)! >= 0, true);
  assert.deepEqual(processTicks(2 ** 22 + 7), null);
});

Deno.test("parseProcNetTcp reads ports (hex) and inodes", () => {
  const text =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
    "   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 21712 1 0000000000000000 100 0 0 10 0\n" +
    "   1: 0100007F:D2F0 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 98765 1 0000000000000000 20 4 30 10 -1\n";
  assert.deepEqual(parseProcNetTcp(text), [
    { localPort: 5432, remotePort: 0, inode: 21712 },
    { localPort: 54000, remotePort: 5432, inode: 98765 },
  ]);
});

Deno.test("cpuBetween counts differences, new processes whole, gone ones not", () => {
  const before = new Map([[1, 100], [2, 50], [3, 10]]);
  const after = new Map([[1, 150], [2, 50], [4, 20]]);
  // (150-100) + 0 + 20 new = 70 ticks = 0.7 s; pid 3 is gone.
  assert.deepEqual(cpuBetween(before, after), 0.7);
});

Deno.test("postgresPort and isLocalHost read a postgres:// URL", () => {
  assert.deepEqual(postgresPort("postgres://u@127.0.0.1:5433/db"), 5433);
  assert.deepEqual(postgresPort("postgres://u@db.example/db"), 5432);
  assert.deepEqual(isLocalHost("postgres://u@localhost/db"), true);
  assert.deepEqual(isLocalHost("postgres://u@db.example/db"), false);
});

Deno.test("backendPids finds the backends of this process's connections and no others", async () => {
  const url = realPostgresUrl();
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const other = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Two connections of ours: two queries at once open both.
    const [[a], [b]] = await Promise.all([
      sql`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`,
      sql`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`,
    ]);
    const [{ pid: otherPid }] = await other`SELECT pg_backend_pid() AS pid`;
    const port = postgresPort(url);
    // Test files may run in parallel in this process: at least ours.
    assert.ok(clientPorts(Deno.pid, port).length >= 3);
    const db = {
      query: async <T>(text: string, params?: unknown[]) =>
        [...await other.unsafe(text, params as never[])] as T[],
    };
    const pids = await backendPids(db as never, Deno.pid, port);
    // Every connection of this process, the other pool's included.
    for (const pid of [a.pid, b.pid, otherPid]) {
      assert.ok(pids.includes(Number(pid)), `backend ${pid} not found`);
    }
    // A process without connections has no backends.
    assert.deepEqual(await backendPids(db as never, Deno.ppid, port), []);
  } finally {
    await sql.end();
    await other.end();
  }
});
