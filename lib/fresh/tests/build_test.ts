// The browser bundle of the fixture app: the ahead-of-time build into an
// outDir (content-hashed files, snapshot.json, a build id that is a hash of
// the content), serving a prebuilt outDir, and the in-memory build, on which
// two instances of the same code agree.
import assert from "node:assert/strict";
import { createApp } from "$fresh/server.ts";
import { type App, buildApp } from "$fresh/src/server/app.ts";
import type { Snapshot } from "$fresh/src/server/bundle.ts";
import type { Manifest } from "$fresh/server.ts";
import manifest from "./fixture/fresh.gen.ts";
import { fromFileUrl, toFileUrl } from "../src/server/_path.ts";

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
    const snapshot = await buildApp(manifest, {
      plugins: [],
      build: { outDir },
    });
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
    assert.match(snapshot.build_id, /^[0-9a-f]{16}$/);

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

Deno.test("building twice gives the same build id and the same files", async () => {
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

/** An app built in memory, as an instance started without `_fresh/`. */
async function inMemory(m: Manifest): Promise<App> {
  const outDir = await Deno.makeTempDir({ prefix: "fresh_build_test_" });
  await Deno.remove(outDir);
  return await createApp(m, { plugins: [], build: { outDir } });
}

async function copyDir(from: URL, to: URL): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const name = entry.name + (entry.isDirectory ? "/" : "");
    if (entry.isDirectory) {
      await copyDir(new URL(name, from), new URL(name, to));
    } else await Deno.copyFile(new URL(name, from), new URL(name, to));
  }
}

/**
 * Runs `fn` with a copy of the fixture app and its manifest. The copy sits
 * in lib/fresh/tests, where lib/fresh's import map applies to it.
 */
async function withFixtureCopy(
  fn: (root: URL, manifest: Manifest) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({
    dir: fromFileUrl(new URL(".", import.meta.url)),
    prefix: ".fixture_copy_",
  });
  const root = toFileUrl(dir + "/");
  try {
    await copyDir(new URL("./fixture/", import.meta.url), root);
    const copy = (await import(new URL("fresh.gen.ts", root).href)).default;
    await fn(root, copy);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function edit(file: URL, from: string, to: string): Promise<void> {
  const text = await Deno.readTextFile(file);
  assert.ok(text.includes(from), `${file.pathname} has no ${from}`);
  await Deno.writeTextFile(file, text.replace(from, to));
}

Deno.test("two in-memory builds of the same app serve each other's island scripts", async () => {
  const a = await inMemory(manifest);
  const b = await inMemory(manifest);
  assert.equal(a.bundle!.buildId, b.bundle!.buildId);
  const urls = bundleUrls(
    (await page(a.handler, "/islands")).html,
    a.bundle!.buildId,
  );
  assert.ok(urls.some((url) => url.includes("/island-counter-")), `${urls}`);
  assert.deepEqual(
    bundleUrls((await page(b.handler, "/islands")).html, b.bundle!.buildId),
    urls,
  );
  // Behind a load balancer the page comes from one instance and its
  // scripts from the other.
  for (const url of urls) {
    const res = await b.handler(new Request(`http://localhost${url}`));
    await res.body?.cancel();
    assert.equal(res.status, 200, url);
  }
});

Deno.test("a change of an island or a static file changes the build id", async () => {
  await withFixtureCopy(async (root, copy) => {
    const first = (await inMemory(copy)).bundle!;
    assert.equal((await inMemory(copy)).bundle!.buildId, first.buildId);

    await edit(new URL("islands/Counter.tsx", root), "Add one to", "Add 1 to");
    const island = (await inMemory(copy)).bundle!;
    assert.notEqual(island.buildId, first.buildId);
    assert.notEqual(island.url("island-counter"), first.url("island-counter"));

    await edit(new URL("static/style.css", root), "}", "} ");
    const styled = (await inMemory(copy)).bundle!;
    assert.notEqual(styled.buildId, island.buildId);
  });
});
