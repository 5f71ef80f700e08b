import assert from "node:assert/strict";
import {
  DataDirInUseError,
  lockDataDir,
  makePrivate,
} from "@/lib/db/data_dir.ts";
import { openDatabase } from "@/lib/db/connection.ts";

const hasModes = Deno.build.os !== "windows";

/** Runs `fn` with a new temporary folder, removed afterwards. */
async function inTempDir(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir();
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function modeOf(path: string): Promise<number> {
  return (await Deno.lstat(path)).mode! & 0o777;
}

Deno.test("makePrivate() creates the folder owner-only, tightens an existing one, and its contents when asked", async () => {
  await inTempDir(async (root) => {
    const fresh = `${root}/new/data`;
    await makePrivate(fresh);
    if (hasModes) assert.equal(await modeOf(fresh), 0o700);

    const lax = `${root}/lax`;
    await Deno.mkdir(`${lax}/base/1`, { recursive: true });
    await Deno.writeTextFile(`${lax}/base/1/1234`, "rows");
    await Deno.writeTextFile(`${lax}/jwt_secret`, "key");
    await Deno.writeTextFile(`${root}/outside`, "not ours");
    if (!hasModes) return;
    for (const dir of [lax, `${lax}/base`, `${lax}/base/1`]) {
      await Deno.chmod(dir, 0o777);
    }
    for (const file of [`${lax}/base/1/1234`, `${lax}/jwt_secret`]) {
      await Deno.chmod(file, 0o666);
    }
    await Deno.chmod(`${root}/outside`, 0o644);
    await Deno.symlink(`${root}/outside`, `${lax}/link`);

    // Without `contents`, only the folder itself.
    await makePrivate(lax);
    assert.equal(await modeOf(lax), 0o700);
    assert.equal(await modeOf(`${lax}/base`), 0o777);
    assert.equal(await modeOf(`${lax}/jwt_secret`), 0o666);
    await makePrivate(lax, { contents: true });
    for (const dir of [lax, `${lax}/base`, `${lax}/base/1`]) {
      assert.equal(await modeOf(dir), 0o700, dir);
    }
    for (const file of [`${lax}/base/1/1234`, `${lax}/jwt_secret`]) {
      assert.equal(await modeOf(file), 0o600, file);
    }
    // A link is not followed out of the folder.
    assert.equal(await modeOf(`${root}/outside`), 0o644);
  });
});

Deno.test("lockDataDir() holds a folder for one holder at a time and names the holder's process", async () => {
  await inTempDir(async (root) => {
    const dir = `${root}/pglite`;
    const first = await lockDataDir(dir);
    assert.equal(first.path, `${root}/pglite.lock`);
    assert.equal((await Deno.readTextFile(first.path)).trim(), `${Deno.pid}`);
    if (hasModes) assert.equal(await modeOf(first.path), 0o600);
    const err = await lockDataDir(dir).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof DataDirInUseError, String(err));
    assert.equal(err.pid, Deno.pid);
    assert.equal(
      err.message,
      `The embedded database in ${dir} is in use by process ${Deno.pid}: stop it first or set DATABASE_URL`,
    );
    first.release();
    first.release();
    const second = await lockDataDir(dir);
    second.release();
  });
});

Deno.test("an embedded database folder opens once at a time and again after close", async () => {
  await inTempDir(async (root) => {
    const dataDir = `${root}/pglite`;
    const db = await openDatabase({ dataDir });
    await db.query("CREATE TABLE kept (x int)");
    await assert.rejects(openDatabase({ dataDir }), DataDirInUseError);
    await db.close();
    const again = await openDatabase({ dataDir });
    try {
      const rows = await again.query("SELECT * FROM kept");
      assert.deepEqual(rows, []);
    } finally {
      await again.close();
    }
  });
});
