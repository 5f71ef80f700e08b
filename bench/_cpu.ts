// CPU time per request: the server process's and its PostgreSQL backends',
// read from /proc before and after a load run. The backends of a server are
// found through its TCP connections to PostgreSQL: the local ports of the
// server's sockets (from /proc/<pid>/fd and /proc/net/tcp) are the
// `client_port`s of its backends in pg_stat_activity, so other people's
// connections to the same PostgreSQL are not counted.
import type { Queryable } from "@/lib/db/connection.ts";

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
export const TICKS_PER_SECOND = 100;

/** What /proc/<pid>/stat says about a process's CPU time, in clock ticks. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime. */
  ticks: number;
}

/**
 * Parses a /proc/<pid>/stat line. The command name (field 2) is in
 * parentheses and may hold spaces and parentheses; the fields are counted
 * from after its last ")".
 * @throws Error when the line is not a stat line
 */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(")");
  const pid = Number(text.slice(0, text.indexOf(" ")));
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (
    close < 0 || !Number.isInteger(pid) || !Number.isInteger(ppid) ||
    !Number.isInteger(utime) || !Number.isInteger(stime)
  ) {
    throw new Error(`Not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  }
  return { pid, ppid, ticks: utime + stime };
}

/** utime + stime of a process in ticks, or null when it is gone. */
export function processTicks(pid: number): number | null {
  try {
    return parseProcStat(Deno.readTextFileSync(`/proc/${pid}/stat`)).ticks;
  } catch {
    return null;
  }
}

/** One socket of /proc/net/tcp or tcp6. */
export interface TcpSocket {
  localPort: number;
  remotePort: number;
  inode: number;
}

/** Parses /proc/net/tcp or /proc/net/tcp6 (header line first). */
export function parseProcNetTcp(text: string): TcpSocket[] {
  const sockets: TcpSocket[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const port = (address: string) =>
      parseInt(address.slice(address.lastIndexOf(":") + 1), 16);
    sockets.push({
      localPort: port(f[1]),
      remotePort: port(f[2]),
      inode: Number(f[9]),
    });
  }
  return sockets;
}

/** The socket inodes a process holds open (`socket:[123]` in /proc/<pid>/fd). */
export function socketInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  try {
    for (const entry of Deno.readDirSync(`/proc/${pid}/fd`)) {
      try {
        const target = Deno.readLinkSync(`/proc/${pid}/fd/${entry.name}`);
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (m) inodes.add(Number(m[1]));
      } catch {
        // closed while we looked
      }
    }
  } catch {
    // process gone
  }
  return inodes;
}

/** The local ports of a process's TCP connections to `remotePort`. */
export function clientPorts(pid: number, remotePort: number): number[] {
  const inodes = socketInodes(pid);
  const ports: number[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = Deno.readTextFileSync(file);
    } catch {
      continue;
    }
    for (const s of parseProcNetTcp(text)) {
      if (s.remotePort === remotePort && inodes.has(s.inode)) {
        ports.push(s.localPort);
      }
    }
  }
  return ports;
}

/** The PostgreSQL port of a postgres:// URL (5432 when none is given). */
export function postgresPort(url: string): number {
  const u = new URL(url);
  return u.port ? Number(u.port) : 5432;
}

/** True when the URL's host is this machine (its backends are in our /proc). */
export function isLocalHost(url: string): boolean {
  const host = new URL(url).hostname;
  return ["127.0.0.1", "localhost", "[::1]", "::1", ""].includes(host);
}

/**
 * The pids of the PostgreSQL backends serving a process's connections
 * (matched by client port in pg_stat_activity).
 */
export async function backendPids(
  db: Queryable,
  serverPid: number,
  postgresPortNumber: number,
): Promise<number[]> {
  const ports = clientPorts(serverPid, postgresPortNumber);
  if (ports.length === 0) return [];
  const rows = await db.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])",
    [ports],
  );
  return rows.map((r) => Number(r.pid));
}

/** CPU ticks of some processes at one moment (missing ones left out). */
export function ticksOf(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const t = processTicks(pid);
    if (t !== null) out.set(pid, t);
  }
  return out;
}

/**
 * CPU seconds spent between two readings: processes in both count their
 * difference, processes only in the second count all they have (they
 * started in between), processes only in the first are lost.
 */
export function cpuBetween(
  before: Map<number, number>,
  after: Map<number, number>,
): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks / TICKS_PER_SECOND;
}
