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
