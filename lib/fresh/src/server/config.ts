// The resolved configuration: a FreshConfig with every default applied.
import type { FreshConfig, Manifest, ResolvedFreshConfig } from "../types.ts";
import { fromFileUrl, join } from "./_path.ts";

/** Route and island files the manifest lists but the app skips: tests. */
export const DEFAULT_IGNORE = /[._]test\.(?:[tj]sx?|[mc][tj]s)$/;

/** The app's folder: where fresh.gen.ts lives. */
export function appRoot(manifest: Manifest): string {
  return fromFileUrl(new URL(".", manifest.baseUrl));
}

/**
 * Applies defaults to a FreshConfig.
 * @throws Error when `router.basePath` does not start with "/" or ends with one
 */
export function resolveConfig(
  manifest: Manifest,
  config: FreshConfig,
  dev: boolean,
): ResolvedFreshConfig {
  const root = appRoot(manifest);
  const basePath = config.router?.basePath ?? "";
  if (basePath && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
    throw new Error(
      'Invalid router.basePath: it must start with "/" and not end with "/"',
    );
  }
  const server: Partial<Deno.ServeTcpOptions> = { ...config.server };
  if (config.port !== undefined) server.port ??= config.port;
  if (config.hostname !== undefined) server.hostname ??= config.hostname;
  if (config.signal !== undefined) server.signal ??= config.signal;
  if (config.onListen !== undefined) server.onListen ??= config.onListen;
  return {
    dev,
    build: {
      outDir: config.build?.outDir ?? join(root, "_fresh"),
      target: config.build?.target ?? ["chrome99", "firefox99", "safari15"],
    },
    render: config.render ?? ((_ctx, render) => void render()),
    plugins: config.plugins ?? [],
    staticDir: config.staticDir ?? join(root, "static"),
    router: config.router,
    server,
    basePath,
  };
}
