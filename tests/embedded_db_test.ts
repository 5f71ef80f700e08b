// The embedded database as `deno task start` and `deno task seed` use it, in
// real processes: its files are private whatever the umask, and a second
// process on the same DATA_DIR stops with a clear message instead of losing
// writes (PGlite is single-process).
import assert from "node:assert/strict";
import { appEnv, type Daemon, spawnDaemon } from "@/tests/_daemon.ts";

const ROOT = new URL("../", import.meta.url);
const START_TIMEOUT_MS = 60_000;

/** `deno task start` on a fresh DATA_DIR under `umask 000`, on a free port. */
async function startApp(
  dataDir: string,
): Promise<{ app: Daemon; origin: string }> {
  const app = spawnDaemon(
    "sh",
    ["-c", `umask 000 && exec "$0" run -A main.ts`, Deno.execPath()],
    {
      cwd: ROOT,
      env: appEnv({ DATA_DIR: dataDir, PORT: "0", TALKROOM_LOG: "off" }),
    },
  );
  const [, origin] = await app.waitFor(
    /Listening on (http:\/\/localhost:\d+)\//,
    START_TIMEOUT_MS,
  );
  return { app, origin };
}

/** `deno task seed` against a DATA_DIR; resolves with its exit code and output. */
async function seed(dataDir: string): Promise<{ code: number; out: string }> {
  const run = spawnDaemon(Deno.execPath(), ["run", "-A", "lib/demo/seed.ts"], {
    cwd: ROOT,
    env: appEnv({ DATA_DIR: dataDir, TALKROOM_LOG: "off" }),
  });
  const { code } = await run.status;
  return { code, out: run.output() };
}

/** Every path under `dir` (itself included) whose mode is not `dirs`/`files`. */
async function laxPaths(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (path: string) => {
    const info = await Deno.lstat(path);
    const want = info.isDirectory ? 0o700 : 0o600;
    if (!info.isSymlink && (info.mode! & 0o777) !== want) {
      out.push(`${path} ${(info.mode! & 0o777).toString(8)}`);
    }
    if (info.isDirectory) {
      for await (const e of Deno.readDir(path)) {
        await visit(`${path}/${e.name}`);
      }
    }
  };
  await visit(dir);
  return out;
}

Deno.test({
  name:
    "a fresh start under umask 000 keeps DATA_DIR 0700 and its files, the generated secret included, 0600",
  ignore: Deno.build.os === "windows",
  async fn() {
    const root = await Deno.makeTempDir();
    const dataDir = `${root}/data`;
    const { app } = await startApp(dataDir);
    try {
      assert.ok(
        (await Deno.stat(`${dataDir}/jwt_secret`)).isFile,
        "the development secret is generated",
      );
      assert.ok((await Deno.stat(`${dataDir}/pglite/PG_VERSION`)).isFile);
      assert.deepEqual(await laxPaths(dataDir), []);
      const { code } = await app.stop(10_000);
      assert.equal(code, 0, app.output());
      // What PGlite wrote while shutting down too.
      assert.deepEqual(await laxPaths(dataDir), []);
    } finally {
      await app.stop(0, "SIGKILL");
      await Deno.remove(root, { recursive: true });
    }
  },
});

Deno.test("a second process on a DATA_DIR in use stops and names the first; the lock ends with the first, even killed", async () => {
  const root = await Deno.makeTempDir();
  const dataDir = `${root}/data`;
  const { app, origin } = await startApp(dataDir);
  try {
    const refused = await seed(dataDir);
    assert.equal(refused.code, 1, refused.out);
    assert.equal(
      refused.out.trim(),
      `The embedded database in ${dataDir}/pglite is in use by process ${app.process.pid}: stop it first or set DATABASE_URL`,
    );

    const second = spawnDaemon(Deno.execPath(), ["run", "-A", "main.ts"], {
      cwd: ROOT,
      env: appEnv({ DATA_DIR: dataDir, PORT: "0", TALKROOM_LOG: "off" }),
    });
    const { code } = await second.status;
    assert.equal(code, 1, second.output());
    assert.match(
      second.output(),
      new RegExp(`in use by process ${app.process.pid}: stop it first`),
    );
    assert.doesNotMatch(second.output(), /Listening on/);

    // The first still serves; once it is killed, the folder is free again.
    const health = await fetch(`${origin}/healthz`);
    await health.body?.cancel();
    assert.equal(health.status, 200);
    await app.stop(0, "SIGKILL");
    const after = await seed(dataDir);
    assert.equal(after.code, 0, after.out);
    assert.match(after.out, /Open-room booking: /);
  } finally {
    await app.stop(0, "SIGKILL");
    await Deno.remove(root, { recursive: true });
  }
});
