// Request dispatch: URL normalisation (slashes, base path), the context,
// the destination (dev endpoint, asset, route or 404), the middleware chain
// in scope, and the route's handler for the method.
import type {
  FreshContext,
  KnownMethod,
  ResolvedFreshConfig,
  ServeHandlerInfo,
} from "../types.ts";
import { inScope, type Route, type RouteTable } from "./route_table.ts";
import type { Pages } from "./pages.ts";
import { type AssetOptions, matchAsset } from "./assets.ts";
import { devOverlayPage, handleAlive } from "./dev_support.ts";
import { compressResponse } from "./compress.ts";

type Step = (req: Request, ctx: FreshContext) => Promise<Response> | Response;

/** The request handler of an app. */
export type RequestHandler = (
  req: Request,
  info?: ServeHandlerInfo,
) => Promise<Response>;

/** Builds the request handler from the app's parts. */
export function createDispatcher(
  config: ResolvedFreshConfig,
  table: RouteTable,
  pages: Pages,
  assets: AssetOptions,
): RequestHandler {
  const revision = Date.now();
  // The middlewares in scope of a file (null: the root's), found once per
  // file: route and static files are a fixed set.
  const scoped = new Map<string | null, Step[]>();
  const middlewaresFor = (scopeFile: string | null): Step[] => {
    let steps = scoped.get(scopeFile);
    if (!steps) {
      steps = [];
      for (const m of table.middlewares) {
        if (
          scopeFile === null ? m.folder === "" : inScope(m.folder, scopeFile)
        ) {
          steps.push(...m.handlers as Step[]);
        }
      }
      scoped.set(scopeFile, steps);
    }
    return steps;
  };

  return async function handler(req, info) {
    const url = new URL(req.url);
    if (url.pathname.includes("//")) {
      url.pathname = url.pathname.replace(/\/\/+/g, "/");
    }
    const path = url.pathname;
    if (config.dev) {
      if (path === "/_frsh/alive") return handleAlive(req, revision);
      if (path === "/_frsh/error_overlay") return devOverlayPage(url);
    }
    const redirect = normalise(url, config);
    if (redirect) return redirect;

    const ctx = newContext(url, config, info);
    ctx.renderNotFound = (data) => {
      ctx.data = data;
      return pages.renderNotFound(req, ctx);
    };

    let target: Step;
    let scopeFile: string | null = null;
    const asset = matchAsset(req, url, assets);
    const match = asset ? null : table.router.match(path);
    if (asset) {
      ctx.destination = asset.destination;
      scopeFile = asset.scopeFile;
      target = () => asset.serve();
    } else if (match) {
      const route = match.value;
      ctx.params = match.params;
      ctx.route = ctx.pattern = match.route;
      scopeFile = route.file;
      target = (req, ctx) => callRoute(req, ctx, route, pages);
    } else {
      ctx.destination = "notFound";
      target = (req, ctx) => pages.renderNotFound(req, ctx);
    }

    const chain = [...middlewaresFor(scopeFile), target];
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
    let res: Response;
    try {
      res = await ctx.next();
    } catch (err) {
      res = await pages.renderError(req, ctx, err);
    }
    return await compressResponse(req, res);
  };
}

// The redirect for a trailing slash that should (not) be there, or for a
// path outside the base path; null when the URL is fine.
function normalise(url: URL, config: ResolvedFreshConfig): Response | null {
  const path = url.pathname;
  const trailing = config.router?.trailingSlash ?? false;
  const to = (status: number, location: string) =>
    new Response(null, { status, headers: { location } });
  if (!trailing && path.length > 1 && path.endsWith("/")) {
    return to(307, path.replace(/\/+$/, "") + url.search);
  }
  if (
    trailing && !path.endsWith("/") && !path.startsWith("/_frsh") &&
    !path.slice(path.lastIndexOf("/")).includes(".")
  ) {
    return to(308, path + "/" + url.search);
  }
  if (
    config.basePath && path !== config.basePath &&
    !path.startsWith(config.basePath + "/")
  ) {
    return to(302, config.basePath + path + url.search);
  }
  return null;
}

function newContext(
  url: URL,
  config: ResolvedFreshConfig,
  info?: ServeHandlerInfo,
): FreshContext {
  return {
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
}

async function callRoute(
  req: Request,
  ctx: FreshContext,
  route: Route,
  pages: Pages,
): Promise<Response> {
  ctx.render = (data, init) => {
    ctx.data = data;
    return pages.render(req, ctx, route, route.file, 200, init);
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

function withoutBody(res: Response): Response {
  res.body?.cancel();
  return new Response(null, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}
