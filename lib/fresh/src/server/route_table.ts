// The route table: the manifest's routes and plugin routes sorted into
// pages, layouts, middlewares (scoped by folder) and the special pages
// _app, _404 and _500, with each page's handlers by method.
import type {
  Handler,
  KnownMethod,
  Manifest,
  MiddlewareHandler,
  ResolvedFreshConfig,
  RouteConfig,
  RouteModule,
} from "../types.ts";
import { pathToPattern, Router, sortRoutePaths } from "./router.ts";
import { DEFAULT_IGNORE } from "./config.ts";

const METHODS: KnownMethod[] = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "OPTIONS",
  "PATCH",
];

/** A component of any props (pages, layouts, the app wrapper). */
// deno-lint-ignore no-explicit-any
export type AnyComponent = any;

/** A `_layout` file: applies to its folder and every folder below. */
export interface Layout {
  folder: string;
  component: AnyComponent;
  config: RouteConfig;
}

/** A `_middleware` file (or a plugin's): runs for its folder and below. */
export interface Middleware {
  folder: string;
  handlers: MiddlewareHandler[];
}

/** A page or API route: its pattern, component and handlers by method. */
export interface Route {
  file: string;
  pattern: string;
  component?: AnyComponent;
  handlers: Partial<Record<KnownMethod, Handler>> | Handler | null;
  config: RouteConfig;
}

/** `_app`, `_404` or `_500`. */
export interface SpecialPage {
  component?: AnyComponent;
  handler?: Handler;
  config: RouteConfig;
}

/** Everything routing needs, built once per app. */
export interface RouteTable {
  app: SpecialPage | null;
  notFound: SpecialPage | null;
  errorPage: SpecialPage | null;
  /** Outermost first. */
  layouts: Layout[];
  /** Outermost first. */
  middlewares: Middleware[];
  router: Router<Route>;
}

/**
 * Builds the route table from the manifest and the plugins' routes and
 * middlewares.
 * @throws Error on a route outside routes/, two files for one route, or a
 * module exporting `handlers`
 */
export function buildRouteTable(
  manifest: Manifest,
  config: ResolvedFreshConfig,
): RouteTable {
  const modules = collectModules(manifest, config);
  const table: RouteTable = {
    app: null,
    notFound: null,
    errorPage: null,
    layouts: [],
    middlewares: [],
    router: new Router<Route>([]),
  };
  const routes: Route[] = [];
  for (const rel of sortRoutePaths([...modules.keys()])) {
    const mod = modules.get(rel)!;
    const folder = folderOf(rel);
    const name = rel.slice(folder.length ? folder.length + 1 : 0);
    const special = (): SpecialPage => ({
      component: mod.default,
      handler: specialHandler(mod),
      config: mod.config ?? {},
    });
    if (name === "_middleware") {
      const h = mod.handler;
      table.middlewares.push({
        folder,
        handlers: (Array.isArray(h) ? h : h ? [h] : []) as MiddlewareHandler[],
      });
    } else if (name === "_layout") {
      table.layouts.push({
        folder,
        component: mod.default,
        config: mod.config ?? {},
      });
    } else if (folder === "" && name === "_app") table.app = special();
    else if (folder === "" && name === "_404") table.notFound = special();
    else if (folder === "" && name === "_500") table.errorPage = special();
    else if (folder === "" && name.startsWith("_")) continue;
    else routes.push(routeOf(rel, mod, config));
  }
  table.middlewares.push(...pluginMiddlewares(config));
  // Outermost first: shorter folders before deeper ones, stable otherwise.
  table.middlewares.sort((a, b) => depth(a.folder) - depth(b.folder));
  table.layouts.sort((a, b) => depth(a.folder) - depth(b.folder));
  table.router = new Router(
    routes.map((r) => ({ pattern: r.pattern, value: r })),
  );
  return table;
}

/** True when a layout or middleware of `folder` applies to `file`. */
export function inScope(folder: string, file: string): boolean {
  return folder === "" || file === folder || file.startsWith(folder + "/");
}

// Route modules by path below routes/ without extension, plugin routes
// included (a plugin route replaces a file of the same path).
function collectModules(
  manifest: Manifest,
  config: ResolvedFreshConfig,
): Map<string, RouteModule> {
  const ignore = config.router?.ignoreFilePattern ?? DEFAULT_IGNORE;
  const modules = new Map<string, RouteModule>();
  for (const [key, mod] of Object.entries(manifest.routes)) {
    if (ignore.test(key)) continue;
    if (!key.startsWith("./routes/")) {
      throw new Error(`Page is not a child of the basepath: ${key}`);
    }
    const rel = key.slice("./routes/".length).replace(/\.[jt]sx?$/, "");
    if (modules.has(rel)) throw new Error(`Route conflict detected: ${key}`);
    modules.set(rel, mod);
  }
  for (const plugin of config.plugins) {
    for (const r of plugin.routes ?? []) {
      modules.set(r.path.replace(/^\//, "") || "index", {
        default: r.component,
        handler: r.handler,
      } as RouteModule);
    }
  }
  return modules;
}

function pluginMiddlewares(config: ResolvedFreshConfig): Middleware[] {
  return config.plugins.flatMap((plugin) =>
    (plugin.middlewares ?? []).map((m) => {
      const h = m.middleware.handler;
      return {
        folder: m.path.replace(/^\/|\/$/g, ""),
        handlers: Array.isArray(h) ? h : [h],
      };
    })
  );
}

function routeOf(
  rel: string,
  mod: RouteModule,
  config: ResolvedFreshConfig,
): Route {
  const routeConfig = mod.config ?? {};
  let pattern = routeConfig.routeOverride ?? pathToPattern(rel);
  if (config.router?.trailingSlash && pattern !== "/") pattern += "/";
  if (config.basePath) {
    pattern = config.basePath + (pattern === "/" ? "" : pattern);
  }
  return {
    file: rel,
    pattern: pattern || "/",
    component: mod.default,
    handlers: methodTable(mod),
    config: routeConfig,
  };
}

function methodTable(
  mod: RouteModule,
): Partial<Record<KnownMethod, Handler>> | Handler | null {
  const handler = mod.handler;
  if ("handlers" in mod) {
    throw new Error(
      'A route module exports "handlers"; the export must be named "handler"',
    );
  }
  if (typeof handler === "function") return handler as Handler;
  const table: Partial<Record<KnownMethod, Handler>> = {};
  if (handler && typeof handler === "object" && !Array.isArray(handler)) {
    for (const m of METHODS) {
      const h = (handler as Record<string, Handler | undefined>)[m];
      if (h) table[m] = h;
    }
  }
  if (mod.default && !table.GET) table.GET = (_req, ctx) => ctx.render();
  if (!mod.default && !handler) return null;
  return table;
}

// _404 and _500 take a function handler, or a Handlers object whose entry
// for the request's method (else GET) answers.
function specialHandler(mod: RouteModule): Handler | undefined {
  const h = mod.handler;
  if (typeof h === "function") return h as Handler;
  if (!h || Array.isArray(h)) return undefined;
  const table = h as Partial<Record<KnownMethod, Handler>>;
  if (!table.GET && !Object.keys(table).length) return undefined;
  return (req, ctx) => {
    const method = req.method as KnownMethod;
    const fn = (Object.hasOwn(table, method) ? table[method] : undefined) ??
      table.GET;
    return fn ? fn(req, ctx) : ctx.render();
  };
}

function folderOf(file: string): string {
  const i = file.lastIndexOf("/");
  return i < 0 ? "" : file.slice(0, i);
}

function depth(folder: string): number {
  return folder === "" ? 0 : folder.split("/").length;
}
