// The browser bundle of the fixture app: the ahead-of-time build into an
// outDir (content-hashed files, snapshot.json, stable names for a stable
// build id), serving a prebuilt outDir, and the in-memory build.
import assert from "node:assert/strict";
import { createApp } from "$fresh/server.ts";
import { buildApp } from "$fresh/src/server/app.ts";
import type { Snapshot } from "$fresh/src/server/bundle.ts";
import manifest from "./fixture/fresh.gen.ts";

const DEPLOYMENT_ID = "fixture-build-test";
const HASHED = /^[a-z0-9_-]+-[A-Z0-9]{8}\.js$/i;
const JS = "text/javascript";

/** Runs `fn` with env vars set, restoring the previous values after. */
async function withEnv<T>(
  vars: Record<string, string>,
  fn: () => Promise<T>,
): Promise<T> {
  const previous = Object.keys(vars).map((k) => [k, Deno.env.get(k)] as const);
  for (const [k, v] of Object.entries(vars)) Deno.env.set(k, v);
  try {
    return await fn();
  } finally {
    for (const [k, v] of previous) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  }
}

/** Builds the fixture into a new temp dir; removes it after `fn`. */
async function withBuild(
  fn: (outDir: string, snapshot: Snapshot) => Promise<void>,
): Promise<void> {
  const outDir = await Deno.makeTempDir({ prefix: "fresh_build_test_" });
  try {
    const snapshot = await withEnv(
      { DENO_DEPLOYMENT_ID: DEPLOYMENT_ID },
      () => buildApp(manifest, { plugins: [], build: { outDir } }),
    );
    await fn(outDir, snapshot);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

async function listJs(outDir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(`${outDir}/js`)) {
    names.push(entry.name);
  }
  return names.sort();
}

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-1",
    new TextEncoder().encode(text),
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}

function bundleUrls(html: string, buildId: string): string[] {
  const prefix = `/_frsh/js/${buildId}/`.replaceAll("/", "\\/");
  const re = new RegExp(`${prefix}[^"'\\s)]+`, "g");
  return [...new Set(html.match(re) ?? [])];
}

async function page(
  handler: (req: Request) => Promise<Response>,
  path: string,
): Promise<{ res: Response; html: string }> {
  const res = await handler(new Request(`http://localhost${path}`));
  return { res, html: await res.text() };
}

Deno.test("buildApp writes snapshot.json and content-hashed files", async () => {
  await withBuild(async (outDir, snapshot) => {
    const onDisk = JSON.parse(
      await Deno.readTextFile(`${outDir}/snapshot.json`),
    ) as Snapshot;
    assert.deepEqual(onDisk, snapshot);
    assert.equal(
      snapshot.build_id,
      (await sha1Hex(DEPLOYMENT_ID)).slice(0, snapshot.build_id.length),
      "the build id derives from DENO_DEPLOYMENT_ID",
    );

    const names = await listJs(outDir);
    const js = names.filter((n) => n.endsWith(".js"));
    assert.ok(js.length > 0);
    for (const name of js) assert.match(name, HASHED);
    for (
      const entry of [
        "main",
        "deserializer",
        "signals",
        "island-counter",
        "island-shell",
        "island-signalpair",
      ]
    ) {
      const file = snapshot.entries[entry];
      assert.ok(file, `entry ${entry}`);
      assert.ok(file.startsWith(`${entry}-`), file);
      assert.ok(names.includes(file), `${file} is written`);
    }
    for (const [file, deps] of Object.entries(snapshot.deps)) {
      assert.ok(names.includes(file), file);
      for (const dep of deps) assert.ok(names.includes(dep), dep);
    }
  });
});

Deno.test("building twice with the same DENO_DEPLOYMENT_ID gives the same files", async () => {
  await withBuild(async (firstDir, first) => {
    await withBuild(async (secondDir, second) => {
      assert.deepEqual(second, first);
      const names = await listJs(firstDir);
      assert.deepEqual(await listJs(secondDir), names);
      for (const name of names) {
        assert.deepEqual(
          await Deno.readFile(`${secondDir}/js/${name}`),
          await Deno.readFile(`${firstDir}/js/${name}`),
          name,
        );
      }
    });
  });
});

Deno.test("createApp serves a prebuilt outDir with immutable bundle files", async () => {
  await withBuild(async (outDir, snapshot) => {
    const app = await withEnv(
      { FRESH_QUIET: "1" },
      () => createApp(manifest, { plugins: [], build: { outDir } }),
    );
    assert.equal(app.bundle?.buildId, snapshot.build_id);

    const { res, html } = await page(app.handler, "/islands");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    const urls = bundleUrls(html, snapshot.build_id);
    const prefix = `/_frsh/js/${snapshot.build_id}/`;
    for (
      const entry of ["main", "island-counter", "island-shell", "signals"]
    ) {
      assert.ok(urls.includes(prefix + snapshot.entries[entry]), entry);
    }
    for (const url of urls) {
      const name = url.slice(prefix.length);
      const file = await app.handler(new Request(`http://localhost${url}`));
      const body = new Uint8Array(await file.arrayBuffer());
      assert.equal(file.status, 200, url);
      assert.ok(file.headers.get("content-type")?.startsWith(JS), url);
      assert.ok(file.headers.get("cache-control")?.includes("immutable"), url);
      assert.deepEqual(body, await Deno.readFile(`${outDir}/js/${name}`), url);
    }

    for (
      const missing of [
        `${prefix}nope-ABCDEFGH.js`,
        `${prefix}snapshot.json`,
        `${prefix}..%2Fsnapshot.json`,
      ]
    ) {
      const res = await app.handler(
        new Request(`http://localhost${missing}`),
      );
      await res.body?.cancel();
      assert.equal(res.status, 404, missing);
    }

    const home = await page(app.handler, "/");
    assert.equal(home.res.status, 200);
    assert.equal(
      home.res.headers.get("content-type"),
      "text/html; charset=utf-8",
    );
    assert.ok(!home.html.includes("<script"), home.html);
    assert.ok(!home.html.includes("/_frsh/js/"), home.html);
  });
});

Deno.test("createApp without a prebuilt outDir builds and serves bundles in memory", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "fresh_build_test_" });
  await Deno.remove(outDir);
  const app = await createApp(manifest, { plugins: [], build: { outDir } });
  assert.ok(app.bundle, "an in-memory bundle");
  const buildId = app.bundle.buildId;

  const { res, html } = await page(app.handler, "/islands");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  const urls = bundleUrls(html, buildId);
  assert.ok(urls.length > 0, "the page references bundle files");
  for (const url of urls) {
    const name = url.slice(`/_frsh/js/${buildId}/`.length);
    assert.match(name, HASHED);
    const file = await app.handler(new Request(`http://localhost${url}`));
    const text = await file.text();
    assert.equal(file.status, 200, url);
    assert.ok(file.headers.get("content-type")?.startsWith(JS), url);
    assert.ok(file.headers.get("cache-control")?.includes("immutable"), url);
    assert.ok(text.length > 0, url);
  }
  const missing = await app.handler(
    new Request(`http://localhost/_frsh/js/${buildId}/nope-ABCDEFGH.js`),
  );
  await missing.body?.cancel();
  assert.equal(missing.status, 404);
  await assert.rejects(Deno.stat(outDir), Deno.errors.NotFound);
});
