import assert from "node:assert/strict";
import { JWT_SECRET_FILE, loadJwtSecret } from "@/lib/auth/secret.ts";

Deno.test("loadJwtSecret() uses JWT_SECRET's UTF-8 bytes when set", async () => {
  const secret = "a-production-secret-of-32-chars-é";
  const dataDir = await Deno.makeTempDir();
  try {
    assert.deepEqual(
      await loadJwtSecret({ jwtSecret: secret, dataDir }),
      new TextEncoder().encode(secret),
    );
    assert.deepEqual([...Deno.readDirSync(dataDir)], [], "no file is written");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("loadJwtSecret() creates a private 32-byte secret in DATA_DIR once and reuses it", async () => {
  const root = await Deno.makeTempDir();
  const dataDir = `${root}/nested/data`;
  try {
    const first = await loadJwtSecret({ jwtSecret: null, dataDir });
    assert.equal(first.length, 32);
    const path = `${dataDir}/${JWT_SECRET_FILE}`;
    assert.deepEqual(
      Uint8Array.fromBase64((await Deno.readTextFile(path)).trim()),
      first,
    );
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    }
    assert.deepEqual(await loadJwtSecret({ jwtSecret: null, dataDir }), first);
    assert.deepEqual([...Deno.readDirSync(dataDir)].map((e) => e.name), [
      JWT_SECRET_FILE,
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("loadJwtSecret() gives every concurrent caller the same secret", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const keys = await Promise.all(
      Array.from(
        { length: 8 },
        () => loadJwtSecret({ jwtSecret: null, dataDir }),
      ),
    );
    for (const key of keys) assert.deepEqual(key, keys[0]);
    assert.deepEqual([...Deno.readDirSync(dataDir)].map((e) => e.name), [
      JWT_SECRET_FILE,
    ]);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("loadJwtSecret() refuses a corrupted secret file instead of replacing it", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dataDir}/${JWT_SECRET_FILE}`, "too-short\n");
    await assert.rejects(
      loadJwtSecret({ jwtSecret: null, dataDir }),
      /not 32 bytes/,
    );
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
