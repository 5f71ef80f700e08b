/**
 * A private PostgreSQL cluster for one test: `initdb` into a temp folder,
 * started and stopped with `pg_ctl` on a free loopback port, trust auth. For
 * tests that must stop the database (the shared server at TEST_DATABASE_URL
 * serves other tests in parallel and is never stopped). PostgreSQL refuses
 * to run as root, so as root the tools run as the `postgres` OS user.
 * @module
 */
import { freePort } from "@/tests/_daemon.ts";

/** A running (or stopped) private cluster. */
export interface PrivateCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: sessions are disconnected). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** The server log so far, for failure messages. */
  log(): Promise<string>;
  /** Stops the server if running and deletes its folder. */
  destroy(): Promise<void>;
}

const PG_ROOT = "/usr/lib/postgresql";

/**
 * The `bin` folder of the newest PostgreSQL installed the Debian way.
 * @throws Error naming the package to install when there is none
 */
export async function postgresBinDir(): Promise<string> {
  const versions: number[] = [];
  try {
    for await (const entry of Deno.readDir(PG_ROOT)) {
      if (entry.isDirectory && /^\d+$/.test(entry.name)) {
        versions.push(Number(entry.name));
      }
    }
  } catch {
    // Reported below.
  }
  for (const v of versions.sort((a, b) => b - a)) {
    const bin = `${PG_ROOT}/${v}/bin`;
    try {
      await Deno.stat(`${bin}/initdb`);
      return bin;
    } catch {
      // Client tools only; try an older version.
    }
  }
  throw new Error(
    `No PostgreSQL server found under ${PG_ROOT}/<version>/bin: apt-get install postgresql`,
  );
}

async function osUser(name: string): Promise<{ uid: number; gid: number }> {
  const passwd = await Deno.readTextFile("/etc/passwd");
  for (const line of passwd.split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name) return { uid: Number(uid), gid: Number(gid) };
  }
  throw new Error(
    `No "${name}" OS user to run PostgreSQL as: apt-get install postgresql creates it`,
  );
}

/**
 * Runs a PostgreSQL tool (as `postgres` when this process is root).
 * @throws Error with the tool's output when it fails
 */
async function run(asRoot: boolean, tool: string, args: string[]) {
  const command = asRoot
    ? new Deno.Command("runuser", {
      args: ["-u", "postgres", "--", tool, ...args],
    })
    : new Deno.Command(tool, { args });
  const { code, stdout, stderr } = await command.output();
  if (code !== 0) {
    const text = new TextDecoder().decode(stdout) +
      new TextDecoder().decode(stderr);
    throw new Error(`${tool} ${args.join(" ")} failed (${code}):\n${text}`);
  }
}

/**
 * Creates and starts a private cluster.
 * @throws Error when PostgreSQL is not installed or does not start
 */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = await postgresBinDir();
  const asRoot = Deno.uid() === 0;
  const dir = await Deno.makeTempDir({ prefix: "talkroom_pg_" });
  if (asRoot) {
    const { uid, gid } = await osUser("postgres");
    await Deno.chown(dir, uid, gid);
  }
  const data = `${dir}/data`;
  const logFile = `${dir}/server.log`;
  const port = freePort();
  let running = false;

  const destroy = async () => {
    if (running) {
      await run(asRoot, `${bin}/pg_ctl`, [
        "-D",
        data,
        "-m",
        "immediate",
        "-w",
        "stop",
      ])
        .catch(() => {});
      running = false;
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };

  const cluster: PrivateCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await run(asRoot, `${bin}/pg_ctl`, [
        "-D",
        data,
        "-l",
        logFile,
        "-o",
        // Throwaway data: no fsync; the socket stays inside the temp folder.
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        "-w",
        "-t",
        "30",
        "start",
      ]);
      running = true;
    },
    async stop() {
      await run(asRoot, `${bin}/pg_ctl`, [
        "-D",
        data,
        "-m",
        "fast",
        "-w",
        "stop",
      ]);
      running = false;
    },
    log: () => Deno.readTextFile(logFile).catch(() => ""),
    destroy,
  };

  try {
    await run(asRoot, `${bin}/initdb`, [
      "-D",
      data,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
      "--no-instructions",
    ]);
    await cluster.start();
  } catch (err) {
    await destroy();
    throw err;
  }
  return cluster;
}
