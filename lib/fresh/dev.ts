/**
 * `$fresh/dev.ts`: the development server and the build command.
 *
 * `dev(import.meta.url, "./main.ts", config)` regenerates fresh.gen.ts, then:
 * with `build` in the arguments, bundles islands into `_fresh/` and exits;
 * with `manifest`, only regenerates the manifest; otherwise serves the app in
 * development mode (fresh bundles on each start, live reload, error overlay).
 * @module
 */
import type { FreshConfig, Manifest } from "./src/types.ts";
import { buildApp, createApp } from "./src/server/app.ts";
import { serveApp } from "./src/server/boot.ts";
import { writeManifest } from "./src/dev/manifest.ts";
import { dirname, fromFileUrl, join, toFileUrl } from "./src/server/_path.ts";

/** Runs the dev server, the build, or the manifest generator. */
export default async function dev(
  base: string,
  _entrypoint: string,
  config: FreshConfig = {},
): Promise<void> {
  const root = dirname(fromFileUrl(base));
  const changed = await writeManifest(root);
  if (changed) console.log("The manifest has been generated (fresh.gen.ts).");
  if (Deno.args.includes("manifest")) return;
  const manifestUrl = toFileUrl(join(root, "fresh.gen.ts")).href;
  const manifest = (await import(manifestUrl)).default as Manifest;
  if (Deno.args.includes("build")) {
    const started = performance.now();
    const snapshot = await buildApp(manifest, config);
    const files = Object.keys(snapshot.deps).length;
    console.log(
      `Built ${files} files into _fresh/ (build ${snapshot.build_id}) in ${
        Math.round(performance.now() - started)
      } ms`,
    );
    return;
  }
  const app = await createApp(manifest, config, { dev: true });
  await serveApp(app);
}
