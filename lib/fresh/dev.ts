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
import { type App, buildApp, createApp } from "./src/server/app.ts";
import { serveApp, stopSignal } from "./src/server/boot.ts";
import { devErrorHandler } from "./src/server/dev_support.ts";
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
  const building = Deno.args.includes("build");
  let manifest: Manifest;
  try {
    manifest = (await import(manifestUrl)).default as Manifest;
  } catch (err) {
    if (building) throw err;
    return await serveDevError(err, config);
  }
  if (building) {
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
  let app: App;
  try {
    app = await createApp(manifest, config, { dev: true });
  } catch (err) {
    return await serveDevError(err, config);
  }
  await serveApp(app);
}

/**
 * Serves the error overlay on every page in place of an app that did not
 * load (a syntax error, a failed island build), until a stop signal; the
 * open pages reload once the dev server restarts with the fix.
 */
export async function serveDevError(
  error: unknown,
  config: FreshConfig = {},
): Promise<void> {
  console.error(
    "The app did not load; pages show the error until it is fixed.",
  );
  console.error(error);
  const envPort = Deno.env.get("PORT");
  const server = Deno.serve({
    ...config.server,
    port: config.server?.port ?? (envPort ? Number(envPort) : 8000),
    onListen: config.server?.onListen ?? (({ hostname, port }) => {
      const host = hostname === "0.0.0.0" || hostname === "::"
        ? "localhost"
        : hostname;
      console.log(`Listening on http://${host}:${port}/ (error overlay)`);
    }),
  }, devErrorHandler(error, config.router?.basePath ?? ""));
  const cancel = new AbortController();
  const stop = await Promise.race([stopSignal(cancel.signal), server.finished]);
  cancel.abort();
  if (stop) await server.shutdown();
}
