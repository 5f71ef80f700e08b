// The app's browser build: its islands, the bundle (prebuilt in `_fresh/`,
// or built in memory at start) with its build id (a hash of the bundle and
// the static files), and the ahead-of-time build that `deno task build` runs.
import type {
  FreshConfig,
  Manifest,
  Plugin,
  ResolvedFreshConfig,
} from "../types.ts";
import { type Island, registerIslandModule } from "./islands.ts";
import {
  buildBundle,
  type Bundle,
  bundleFromSnapshot,
  loadBuild,
  type Snapshot,
  writeBuild,
} from "./bundle.ts";
import { appRoot, DEFAULT_IGNORE, resolveConfig } from "./config.ts";
import { listStaticFiles, staticDigest, type StaticFile } from "./static.ts";

/** Registers the app's islands; returns them and each island file's URL. */
export async function collectIslands(
  manifest: Manifest,
  config: ResolvedFreshConfig,
): Promise<{ islands: Island[]; islandFiles: Record<string, string> }> {
  const ignore = config.router?.ignoreFilePattern ?? DEFAULT_IGNORE;
  const islands: Island[] = [];
  const islandFiles: Record<string, string> = {};
  const add = (rel: string, url: string, mod: Record<string, unknown>) => {
    const found = registerIslandModule(rel, mod);
    islands.push(...found);
    if (found[0]) islandFiles[found[0].name] = url;
  };
  for (const [key, mod] of Object.entries(manifest.islands)) {
    if (ignore.test(key)) continue;
    add(
      key.replace(/^\.\/(islands|routes)\//, ""),
      new URL(key, manifest.baseUrl).href,
      mod,
    );
  }
  for (const plugin of config.plugins) {
    for (const path of plugin.islands?.paths ?? []) {
      const url = new URL(path, plugin.islands!.baseLocation).href;
      add(`${plugin.name}/${path}`, url, await import(url));
    }
  }
  return { islands, islandFiles };
}

function pluginEntrypoints(plugins: Plugin[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const plugin of plugins) {
    for (const [name, spec] of Object.entries(plugin.entrypoints ?? {})) {
      out[`plugin-${plugin.name}-${name}`] = spec;
    }
  }
  return out;
}

/**
 * The bundle an app serves: the prebuilt one in `build.outDir` (not in dev),
 * else one built in memory now; none with `skipBundle`.
 */
export async function loadOrBuildBundle(
  manifest: Manifest,
  config: ResolvedFreshConfig,
  islandFiles: Record<string, string>,
  staticFiles: Map<string, StaticFile>,
  skipBundle: boolean,
): Promise<{ bundle: Bundle | null; buildId: string }> {
  const root = appRoot(manifest);
  const prebuilt = config.dev ? null : await loadBuild(config.build.outDir);
  if (prebuilt) {
    if (Deno.env.get("FRESH_QUIET") !== "1") {
      console.log(`Using snapshot found at ${config.build.outDir}`);
    }
    const { snapshot, read } = prebuilt;
    return {
      bundle: bundleFromSnapshot(root, snapshot, read, config.basePath),
      buildId: snapshot.build_id,
    };
  }
  const digest = await staticDigest(staticFiles);
  if (skipBundle) return { bundle: null, buildId: digest.slice(0, 16) };
  const built = await buildBundle({
    root,
    staticDigest: digest,
    dev: config.dev,
    target: config.build.target,
    islands: islandFiles,
    pluginEntrypoints: pluginEntrypoints(config.plugins),
    basePath: config.basePath,
  });
  return {
    bundle: bundleFromSnapshot(
      root,
      built.snapshot,
      built.files,
      config.basePath,
    ),
    buildId: built.snapshot.build_id,
  };
}

/** The ahead-of-time build: bundles into `outDir` for `start()` to serve. */
export async function buildApp(
  manifest: Manifest,
  freshConfig: FreshConfig = {},
): Promise<Snapshot> {
  const config = resolveConfig(manifest, freshConfig, false);
  const { islandFiles } = await collectIslands(manifest, config);
  for (const plugin of config.plugins) await plugin.configResolved?.(config);
  for (const plugin of config.plugins) await plugin.buildStart?.(config);
  const built = await buildBundle({
    root: appRoot(manifest),
    staticDigest: await staticDigest(await listStaticFiles(config.staticDir)),
    dev: false,
    target: config.build.target,
    islands: islandFiles,
    pluginEntrypoints: pluginEntrypoints(config.plugins),
    basePath: config.basePath,
  });
  await writeBuild(config.build.outDir, built.snapshot, built.files);
  for (const plugin of config.plugins) await plugin.buildEnd?.();
  return built.snapshot;
}
