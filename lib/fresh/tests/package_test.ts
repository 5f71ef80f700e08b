// lib/fresh is a package of its own: no module in it imports the app.
import assert from "node:assert/strict";
import { fromFileUrl, join, relative, sep } from "../src/server/_path.ts";

const ROOT = fromFileUrl(new URL("../", import.meta.url));
const SPECIFIER = /(?:from|import)\s*\(?\s*["']([^"']+)["']/g;

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sources(path);
    else if (/\.[jt]sx?$/.test(entry.name)) yield path;
  }
}

Deno.test("no module of lib/fresh imports from outside lib/fresh", async () => {
  const outside: string[] = [];
  let files = 0;
  for await (const file of sources(ROOT)) {
    files++;
    const text = await Deno.readTextFile(file);
    for (const [, spec] of text.matchAll(SPECIFIER)) {
      const escapes = spec.startsWith(".") &&
        relative(ROOT, join(file, "..", spec)).startsWith(".." + sep);
      if (spec.startsWith("@/") || escapes) {
        outside.push(`${relative(ROOT, file)}: ${spec}`);
      }
    }
  }
  assert.ok(files > 50, `only ${files} files found`);
  assert.deepEqual(outside, []);
});
