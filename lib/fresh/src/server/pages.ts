// Page rendering for the dispatcher: the component stack of a page (app
// wrapper, layouts in scope, the page), and the special pages: _404 for
// what matches nothing and _500 for errors, with the dev overlay.
import type {
  ErrorHandler,
  FreshContext,
  Plugin,
  ResolvedFreshConfig,
  RouteConfig,
} from "../types.ts";
import { renderPage, type StackEntry } from "./render.ts";
import type { Bundle } from "./bundle.ts";
import { type AnyComponent, inScope, type RouteTable } from "./route_table.ts";
import { devOverlayScript } from "./dev_support.ts";

/** What can be rendered: a route, a special page. */
export interface Renderable {
  component?: AnyComponent;
  config: RouteConfig;
}

/** The rendering functions a request needs. */
export interface Pages {
  /**
   * Renders `page` (whose route file is `file`, null for special pages)
   * with the layouts in scope and `ctx.data`.
   */
  render(
    req: Request,
    ctx: FreshContext,
    page: Renderable,
    file: string | null,
    status: number,
    init?: ResponseInit,
  ): Promise<Response>;
  /** Answers with the _404 page (its handler first, if any). */
  renderNotFound(req: Request, ctx: FreshContext): Promise<Response>;
  /** Logs a crash (not a 4xx error) and answers with the _500 page. */
  renderError(
    req: Request,
    ctx: FreshContext,
    error: unknown,
  ): Promise<Response>;
}

/** Binds the renderer to an app's route table, plugins and bundle. */
export function createPages(
  table: RouteTable,
  config: ResolvedFreshConfig,
  plugins: Plugin[],
  bundle: Bundle | null,
): Pages {
  const dev = config.dev;

  function stackFor(page: Renderable, file: string | null): StackEntry[] {
    let chain = file === null
      ? table.layouts.filter((l) => l.folder === "")
      : table.layouts.filter((l) => inScope(l.folder, file));
    if (page.config.skipInheritedLayouts) chain = [];
    else {
      const last = chain.findLastIndex((l) => l.config.skipInheritedLayouts);
      if (last > 0) chain = chain.slice(last);
    }
    const skipApp = page.config.skipAppWrapper ||
      chain.some((l) => l.config.skipAppWrapper);
    const app = table.app?.component && !skipApp
      ? [{ component: table.app.component }]
      : [];
    return [
      ...app,
      ...chain.map((l) => ({ component: l.component })),
      { component: page.component },
    ];
  }

  // A page's stack depends only on the page: found once per page.
  const stacks = new WeakMap<Renderable, StackEntry[]>();
  const render: Pages["render"] = (req, ctx, page, file, status, init) => {
    if (!page.component) {
      throw new Error("This page does not have a component to render.");
    }
    let stack = stacks.get(page);
    if (!stack) {
      stack = stackFor(page, file);
      stacks.set(page, stack);
    }
    return renderPage(req, ctx, {
      stack,
      status: init?.status ?? status,
      headers: init?.headers,
      plugins,
      bundle,
      dev,
    });
  };

  async function renderNotFound(
    req: Request,
    ctx: FreshContext,
  ): Promise<Response> {
    const page = table.notFound;
    if (!page) return new Response("Not found.", { status: 404 });
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
      res = await errorPage(req, ctx);
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

  async function errorPage(
    req: Request,
    ctx: FreshContext,
  ): Promise<Response> {
    const page = table.errorPage;
    if (!page) {
      return new Response(
        "An error occurred during route handling or page rendering.",
        {
          status: 500,
          headers: { "content-type": "text/plain; charset=utf-8" },
        },
      );
    }
    ctx.render = (data, init) => {
      ctx.data = data;
      return render(req, ctx, page, null, 500, init);
    };
    if (page.handler) return await (page.handler as ErrorHandler)(req, ctx);
    if (page.component) return await ctx.render();
    return new Response(null, { status: 500 });
  }

  return { render, renderNotFound, renderError };
}
