// The runtime in lib/fresh is a workspace member with its own import map.
// Where it and the app name the same package, they must pin the same
// version: two copies of Preact on one page break hooks and islands.
import assert from "node:assert/strict";

async function imports(path: string): Promise<Record<string, string>> {
  const url = new URL(path, import.meta.url);
  return JSON.parse(await Deno.readTextFile(url)).imports;
}

Deno.test("lib/fresh and the app pin the same version of every shared package", async () => {
  const app = await imports("../deno.json");
  const runtime = await imports("../lib/fresh/deno.json");
  const shared = Object.keys(runtime).filter((name) =>
    name in app && name !== "$fresh/"
  );
  assert.ok(shared.includes("preact"), "preact is not shared");
  for (const name of shared) assert.equal(runtime[name], app[name], name);
});

Deno.test("the root deno.json declares lib/fresh as a workspace member", async () => {
  const root = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  );
  assert.ok(root.workspace.includes("./lib/fresh"));
  assert.equal((await imports("../deno.json"))["$fresh/"], "./lib/fresh/");
});

// The tests and benchmarks run with deno.dev.json: deno.json's imports plus
// the packages only tests use, in a lockfile of their own, so that
// `deno task start` never downloads a test-only package.
const TEST_ONLY = [
  "playwright-core",
  "axe-core",
  "ical.js",
  "smtp-server",
  "@types/smtp-server",
  "mailparser",
  "@types/mailparser",
];

async function config(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(new URL(path, import.meta.url)));
}

Deno.test("deno.dev.json is deno.json plus the test-only packages", async () => {
  const app = await config("../deno.json");
  const dev = await config("../deno.dev.json");
  for (const key of ["compilerOptions", "workspace", "nodeModulesDir"]) {
    assert.deepEqual(dev[key], app[key], key);
  }
  const appImports = app.imports as Record<string, string>;
  const devImports = dev.imports as Record<string, string>;
  for (const [name, target] of Object.entries(appImports)) {
    assert.equal(devImports[name], target, `${name} differs in deno.dev.json`);
  }
  for (const name of Object.keys(devImports)) {
    if (name in appImports) continue;
    assert.ok(
      TEST_ONLY.includes(name),
      `${name} is only in deno.dev.json: a runtime package belongs in deno.json too`,
    );
  }
  for (const name of TEST_ONLY) {
    assert.ok(name in devImports, `${name} is missing from deno.dev.json`);
    assert.ok(
      !(name in appImports),
      `${name} is test-only: keep it out of deno.json`,
    );
  }
  assert.deepEqual(dev.lock, { path: "./deno.dev.lock" });
});

Deno.test("deno.lock holds no test-only package", async () => {
  const lock = await Deno.readTextFile(
    new URL("../deno.lock", import.meta.url),
  );
  for (const name of TEST_ONLY) {
    assert.ok(!lock.includes(`npm:${name}@`), `${name} is in deno.lock`);
  }
});
