// An app built from its manifest: the resolved config, the route table,
// the islands and their bundle, the static files, and the request handler
// that puts them together (see dispatch.ts).
import type {
  FreshConfig,
  Manifest,
  ResolvedFreshConfig,
  ServeHandlerInfo,
} from "../types.ts";
import type { Island } from "./islands.ts";
import type { Bundle } from "./bundle.ts";
import { listStaticFiles } from "./static.ts";
import { setBuildId } from "../runtime/build_id.ts";
import { appRoot, resolveConfig } from "./config.ts";
import { buildRouteTable } from "./route_table.ts";
import { collectIslands, loadOrBuildBundle } from "./build.ts";
import { createPages } from "./pages.ts";
import { createDispatcher } from "./dispatch.ts";

export { resolveConfig } from "./config.ts";
export { buildApp } from "./build.ts";

/** A ready app: the request handler and what it was built from. */
export interface App {
  handler: (req: Request, info?: ServeHandlerInfo) => Promise<Response>;
  config: ResolvedFreshConfig;
  bundle: Bundle | null;
  islands: Island[];
}

/** Options the entry points pass in. */
export interface CreateAppOptions {
  dev?: boolean;
  /** Skip building browser bundles (used by the build command itself). */
  skipBundle?: boolean;
}

/** Builds the app for a manifest: routes, islands, static files and bundles. */
export async function createApp(
  manifest: Manifest,
  freshConfig: FreshConfig = {},
  options: CreateAppOptions = {},
): Promise<App> {
  const config = resolveConfig(manifest, freshConfig, options.dev ?? false);
  const { islands, islandFiles } = await collectIslands(manifest, config);
  const table = buildRouteTable(manifest, config);
  for (const plugin of config.plugins) await plugin.configResolved?.(config);
  const staticFiles = await listStaticFiles(config.staticDir);
  const { bundle, buildId } = await loadOrBuildBundle(
    manifest,
    config,
    islandFiles,
    staticFiles,
    options.skipBundle ?? false,
  );
  setBuildId(buildId);
  const plugins = config.plugins;
  const pages = createPages(table, config, config.plugins, bundle);
  const handler = createDispatcher(config, table, pages, {
    basePath: config.basePath,
    buildId,
    bundle,
    staticFiles,
    dev: config.dev,
    plugins,
  });
  for (const plugin of plugins) await plugin.buildStart?.(config);
  const islandSources = [
    ...new Set(islands.flatMap((i) => bundle?.islandSources(i.name) ?? [])),
  ];
  for (const plugin of plugins) {
    await plugin.appReady?.({
      root: appRoot(manifest),
      islandSources,
      dev: config.dev,
      basePath: config.basePath,
    });
  }
  return { handler, config, bundle, islands };
}
