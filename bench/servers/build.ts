// Builds the islands ahead of time (what `deno task build` does) into the
// folder given as the first argument instead of the project's `_fresh/`.
import { buildApp } from "@/lib/fresh/src/server/app.ts";
import manifest from "@/fresh.gen.ts";
import config from "@/fresh.config.ts";

const outDir = Deno.args[0];
if (!outDir) throw new Error("Usage: build.ts <outDir>");
const snapshot = await buildApp(manifest, {
  ...config,
  build: { ...config.build, outDir },
});
console.log(
  `Built ${Object.keys(snapshot.deps).length} files into ${outDir}`,
);
