// The request pipeline: a route table built from the manifest, middlewares
// scoped by folder, handlers by method, rendering, static files, the browser
// bundle, and the 404/500 pages.
import type {
  ErrorHandler,
  FreshConfig,
  FreshContext,
  Handler,
  KnownMethod,
  Manifest,
  MiddlewareHandler,
  Plugin,
  ResolvedFreshConfig,
  RouteConfig,
  RouteModule,
  ServeHandlerInfo,
} from "../types.ts";
import { pathToPattern, Router, sortRoutePaths } from "./router.ts";
import { type Island, registerIslandModule } from "./islands.ts";
import { renderPage, type StackEntry } from "./render.ts";
import { listStaticFiles, serveStaticFile, type StaticFile } from "./static.ts";
import {
  buildBundle,
  type Bundle,
  bundleFromSnapshot,
  loadBuild,
  type Snapshot,
  writeBuild,
} from "./bundle.ts";
import { contentType } from "./static.ts";
import { fromFileUrl, join } from "./_path.ts";
import { setBuildId } from "../runtime/build_id.ts";
import {
  devOverlayPage,
  devOverlayScript,
  handleAlive,
} from "./dev_support.ts";

const METHODS: KnownMethod[] = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "OPTIONS",
  "PATCH",
];
const DEFAULT_IGNORE = /[._]test\.(?:[tj]sx?|[mc][tj]s)$/;

// deno-lint-ignore no-explicit-any
type AnyComponent = any;

interface Layout {
  folder: string;
  component: AnyComponent;
  config: RouteConfig;
}

interface Middleware {
  folder: string;
  handlers: MiddlewareHandler[];
}

interface Route {
  file: string;
  pattern: string;
  component?: AnyComponent;
  handlers: Partial<Record<KnownMethod, Handler>> | Handler | null;
  config: RouteConfig;
}

interface SpecialPage {
  component?: AnyComponent;
  handler?: Handler;
  config: RouteConfig;
}

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

/** Applies defaults to a FreshConfig. */
export function resolveConfig(
  manifest: Manifest,
  config: FreshConfig,
  dev: boolean,
): ResolvedFreshConfig {
  const root = fromFileUrl(new URL(".", manifest.baseUrl));
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

/** Computes the build id: stable per deployment, random per process otherwise. */
export async function computeBuildId(): Promise<string> {
  const seed = Deno.env.get("DENO_DEPLOYMENT_ID") ??
    Deno.env.get("GITHUB_SHA") ??
    crypto.randomUUID();
  const digest = await crypto.subtle.digest(
    "SHA-1",
    new TextEncoder().encode(seed),
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("").slice(0, 16);
}

function folderOf(file: string): string {
  const i = file.lastIndexOf("/");
  return i < 0 ? "" : file.slice(0, i);
}

function inScope(folder: string, file: string): boolean {
  return folder === "" || file === folder || file.startsWith(folder + "/");
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

/** Builds the app for a manifest: routes, islands, static files and bundles. */
export async function createApp(
  manifest: Manifest,
  freshConfig: FreshConfig = {},
  options: CreateAppOptions = {},
): Promise<App> {
  const dev = options.dev ?? false;
  const config = resolveConfig(manifest, freshConfig, dev);
  const root = fromFileUrl(new URL(".", manifest.baseUrl));
  const ignore = config.router?.ignoreFilePattern ?? DEFAULT_IGNORE;
  const plugins: Plugin[] = config.plugins;

  const { islands, islandFiles } = await collectIslands(manifest, config);

  // Routes, layouts, middlewares
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
  const pluginMiddlewares: Middleware[] = [];
  for (const plugin of plugins) {
    for (const r of plugin.routes ?? []) {
      modules.set(r.path.replace(/^\//, "") || "index", {
        default: r.component,
        handler: r.handler,
      } as RouteModule);
    }
    for (const m of plugin.middlewares ?? []) {
      const h = m.middleware.handler;
      pluginMiddlewares.push({
        folder: m.path.replace(/^\/|\/$/g, ""),
        handlers: Array.isArray(h) ? h : [h],
      });
    }
  }

  let app: SpecialPage | null = null;
  let notFound: SpecialPage | null = null;
  let errorPage: SpecialPage | null = null;
  const layouts: Layout[] = [];
  const middlewares: Middleware[] = [];
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
      middlewares.push({
        folder,
        handlers: (Array.isArray(h) ? h : h ? [h] : []) as MiddlewareHandler[],
      });
    } else if (name === "_layout") {
      layouts.push({
        folder,
        component: mod.default,
        config: mod.config ?? {},
      });
    } else if (folder === "" && name === "_app") app = special();
    else if (folder === "" && name === "_404") notFound = special();
    else if (folder === "" && name === "_500") errorPage = special();
    else if (folder === "" && name.startsWith("_")) continue;
    else {
      const routeConfig = mod.config ?? {};
      let pattern = routeConfig.routeOverride ?? pathToPattern(rel);
      if (config.router?.trailingSlash && pattern !== "/") pattern += "/";
      if (config.basePath) {
        pattern = config.basePath + (pattern === "/" ? "" : pattern);
      }
      routes.push({
        file: rel,
        pattern: pattern || "/",
        component: mod.default,
        handlers: methodTable(mod),
        config: routeConfig,
      });
    }
  }
  middlewares.push(...pluginMiddlewares);
  // Outermost first: shorter folders before deeper ones, stable otherwise.
  middlewares.sort((a, b) => depth(a.folder) - depth(b.folder));
  layouts.sort((a, b) => depth(a.folder) - depth(b.folder));
  const router = new Router(
    routes.map((r) => ({ pattern: r.pattern, value: r })),
  );

  // Bundle and static files
  for (const plugin of plugins) await plugin.configResolved?.(config);
  let bundle: Bundle | null = null;
  let buildId: string;
  const prebuilt = dev ? null : await loadBuild(config.build.outDir);
  if (prebuilt) {
    buildId = prebuilt.snapshot.build_id;
    bundle = bundleFromSnapshot(
      root,
      prebuilt.snapshot,
      prebuilt.read,
      config.basePath,
    );
    if (Deno.env.get("FRESH_QUIET") !== "1") {
      console.log(`Using snapshot found at ${config.build.outDir}`);
    }
  } else {
    buildId = await computeBuildId();
    if (!options.skipBundle) {
      const built = await buildBundle({
        root,
        buildId,
        dev,
        target: config.build.target,
        islands: islandFiles,
        pluginEntrypoints: pluginEntrypoints(plugins),
        basePath: config.basePath,
      });
      bundle = bundleFromSnapshot(
        root,
        built.snapshot,
        built.files,
        config.basePath,
      );
    }
  }
  setBuildId(buildId);
  const staticFiles = await listStaticFiles(config.staticDir, buildId);
  const jsPrefix = `${config.basePath}/_frsh/js/${buildId}/`;
  const revision = Date.now();

  function stackFor(
    page: { component?: AnyComponent; config: RouteConfig },
    file: string | null,
  ): StackEntry[] {
    let chain = file === null
      ? layouts.filter((l) => l.folder === "")
      : layouts.filter((l) => inScope(l.folder, file));
    if (page.config.skipInheritedLayouts) chain = [];
    else {
      const last = chain.findLastIndex((l) => l.config.skipInheritedLayouts);
      if (last > 0) chain = chain.slice(last);
    }
    const skipApp = page.config.skipAppWrapper ||
      chain.some((l) => l.config.skipAppWrapper);
    return [
      ...(app?.component && !skipApp ? [{ component: app.component }] : []),
      ...chain.map((l) => ({ component: l.component })),
      { component: page.component },
    ];
  }

  function render(
    req: Request,
    ctx: FreshContext,
    page: { component?: AnyComponent; config: RouteConfig },
    file: string | null,
    status: number,
    init?: ResponseInit,
  ): Promise<Response> {
    if (!page.component) {
      throw new Error("This page does not have a component to render.");
    }
    return renderPage(req, ctx, {
      stack: stackFor(page, file),
      csp: page.config.csp ?? false,
      status: init?.status ?? status,
      headers: init?.headers,
      plugins,
      bundle,
      dev,
    });
  }

  async function renderNotFound(
    req: Request,
    ctx: FreshContext,
  ): Promise<Response> {
    if (!notFound) return new Response("Not found.", { status: 404 });
    const page = notFound;
    ctx.render = (data, init) => {
      ctx.data = data;
      return render(req, ctx, page, null, 404, init);
    };
    if (page.handler) return await page.handler(req, ctx);
    if (!page.component) return new Response(null, { status: 404 });
    return await ctx.render(ctx.data);
  }

  async function renderError(
    req: Request,
    ctx: FreshContext,
    error: unknown,
  ): Promise<Response> {
    // Errors that carry a 4xx status are expected answers, not crashes.
    const status = (error as { status?: unknown } | null)?.status;
    if (!(typeof status === "number" && status >= 400 && status < 500)) {
      console.error(
        "An error occurred during route handling or page rendering.",
        error,
      );
    }
    ctx.error = error;
    let res: Response;
    try {
      const page = errorPage;
      if (!page) {
        res = new Response(
          "An error occurred during route handling or page rendering.",
          {
            status: 500,
            headers: { "content-type": "text/plain; charset=utf-8" },
          },
        );
      } else {
        ctx.render = (data, init) => {
          ctx.data = data;
          return render(req, ctx, page, null, 500, init);
        };
        if (page.handler) res = await (page.handler as ErrorHandler)(req, ctx);
        else if (page.component) res = await ctx.render();
        else res = new Response(null, { status: 500 });
      }
    } catch (err) {
      console.error("The error page failed too.", err);
      res = new Response("Internal Server Error", { status: 500 });
    }
    if (dev && res.headers.get("content-type")?.startsWith("text/html")) {
      const html = (await res.text()).replace(
        /<\/body>(?![\s\S]*<\/body>)/,
        devOverlayScript(config.basePath, error) + "</body>",
      );
      res = new Response(html, { status: res.status, headers: res.headers });
    }
    return res;
  }

  async function handler(
    req: Request,
    info?: ServeHandlerInfo,
  ): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname.includes("//")) {
      url.pathname = url.pathname.replace(/\/\/+/g, "/");
    }
    const path = url.pathname;
    if (dev) {
      if (path === "/_frsh/alive") return handleAlive(req, revision);
      if (path === "/_frsh/error_overlay") return devOverlayPage(url);
    }
    const trailing = config.router?.trailingSlash ?? false;
    if (!trailing && path.length > 1 && path.endsWith("/")) {
      return new Response(null, {
        status: 307,
        headers: { location: path.replace(/\/+$/, "") + url.search },
      });
    }
    if (
      trailing && !path.endsWith("/") && !path.startsWith("/_frsh") &&
      !path.slice(path.lastIndexOf("/")).includes(".")
    ) {
      return new Response(null, {
        status: 308,
        headers: { location: path + "/" + url.search },
      });
    }
    if (
      config.basePath && path !== config.basePath &&
      !path.startsWith(config.basePath + "/")
    ) {
      return new Response(null, {
        status: 302,
        headers: { location: config.basePath + path + url.search },
      });
    }

    const ctx = {
      url,
      params: {},
      route: "",
      pattern: "",
      basePath: config.basePath,
      destination: "route",
      isPartial: url.searchParams.has("fresh-partial"),
      state: {},
      config,
      data: undefined,
      remoteAddr: info?.remoteAddr ??
        { transport: "tcp", hostname: "127.0.0.1", port: 0 },
      Component: () => null,
    } as unknown as FreshContext;
    ctx.renderNotFound = (data) => {
      ctx.data = data;
      return renderNotFound(req, ctx);
    };

    let target: (
      req: Request,
      ctx: FreshContext,
    ) => Promise<Response> | Response;
    let scopeFile: string | null;
    if (path.startsWith(jsPrefix) && bundle) {
      ctx.destination = "internal";
      scopeFile = null;
      const name = path.slice(jsPrefix.length);
      target = () =>
        req.method === "GET" || req.method === "HEAD"
          ? serveBundleFile(bundle!, name, dev, req.method === "HEAD")
          : new Response(null, {
            status: 405,
            headers: { allow: "GET, HEAD" },
          });
    } else {
      const file = (req.method === "GET" || req.method === "HEAD")
        ? staticFiles.get(
          safeDecode(
            config.basePath ? path.slice(config.basePath.length) : path,
          ),
        )
        : undefined;
      const match = file ? null : router.match(path);
      if (file) {
        ctx.destination = "static";
        scopeFile = file.path.slice(1);
        target = () => serveStaticFile(req, url, file as StaticFile, buildId);
      } else if (match) {
        const route = match.value;
        ctx.params = match.params;
        ctx.route = ctx.pattern = match.route;
        scopeFile = route.file;
        target = (req, ctx) => callRoute(req, ctx, route);
      } else {
        ctx.destination = "notFound";
        scopeFile = null;
        target = (req, ctx) => renderNotFound(req, ctx);
      }
    }

    const chain:
      ((req: Request, ctx: FreshContext) => Promise<Response> | Response)[] =
        [];
    for (const m of middlewares) {
      if (scopeFile === null ? m.folder === "" : inScope(m.folder, scopeFile)) {
        chain.push(...m.handlers as typeof chain);
      }
    }
    chain.push(target);
    let index = 0;
    ctx.next = () => {
      const fn = chain[index++];
      if (!fn) {
        return Promise.reject(
          new Error("ctx.next() was called after the last handler"),
        );
      }
      try {
        return Promise.resolve(fn(req, ctx));
      } catch (err) {
        return Promise.reject(err);
      }
    };
    try {
      return await ctx.next();
    } catch (err) {
      return renderError(req, ctx, err);
    }
  }

  async function callRoute(
    req: Request,
    ctx: FreshContext,
    route: Route,
  ): Promise<Response> {
    ctx.render = (data, init) => {
      ctx.data = data;
      return render(req, ctx, route, route.file, 200, init);
    };
    const table = route.handlers;
    if (table === null) {
      return new Response(null, { status: 405, headers: { allow: "" } });
    }
    try {
      if (typeof table === "function") {
        const r = req.method === "HEAD"
          ? new Request(req, { method: "GET" })
          : req;
        const res = await table(r, ctx);
        return req.method === "HEAD" ? withoutBody(res) : res;
      }
      const method = req.method as KnownMethod;
      let h = Object.hasOwn(table, method) ? table[method] : undefined;
      if (!h && method === "HEAD" && table.GET) {
        const get = table.GET;
        h = async (r, c) =>
          withoutBody(await get(new Request(r, { method: "GET" }), c));
      }
      if (!h) {
        const allowed = Object.keys(table);
        if (table.GET && !table.HEAD) allowed.push("HEAD");
        return new Response(null, {
          status: 405,
          headers: { allow: allowed.join(", ") },
        });
      }
      return await h(req, ctx);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return ctx.renderNotFound();
      throw err;
    }
  }

  for (const plugin of plugins) await plugin.buildStart?.(config);
  return { handler, config, bundle, islands };
}

/** Registers the app's islands; returns them and each island file's URL. */
async function collectIslands(
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
    root: fromFileUrl(new URL(".", manifest.baseUrl)),
    buildId: await computeBuildId(),
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

function depth(folder: string): number {
  return folder === "" ? 0 : folder.split("/").length;
}

function withoutBody(res: Response): Response {
  res.body?.cancel();
  return new Response(null, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function serveBundleFile(
  bundle: Bundle,
  name: string,
  dev: boolean,
  head: boolean,
): Response {
  const contents = bundle.file(name);
  if (!contents) return new Response("Not found", { status: 404 });
  return new Response(head ? null : contents as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": contentType(name),
      "cache-control": dev
        ? "no-cache, no-store, max-age=0, must-revalidate"
        : "public, max-age=31536000, immutable",
      "content-length": String(contents.byteLength),
      "x-content-type-options": "nosniff",
    },
  });
}
