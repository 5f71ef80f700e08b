// Public types of the Fresh 1.x-compatible runtime. Names and shapes follow
// Fresh 1.7 so app code type-checks the same against either.
import type { ComponentChildren, ComponentType, VNode } from "preact";

/** Where a request was routed. */
export type DestinationKind = "internal" | "static" | "route" | "notFound";

/** Connection info passed to handlers by `Deno.serve`. */
export interface ServeHandlerInfo {
  remoteAddr: Deno.NetAddr;
  completed?: Promise<void>;
}

/** The per-request context given to handlers, middlewares and async components. */
export interface FreshContext<
  State = Record<string, unknown>,
  // deno-lint-ignore no-explicit-any
  Data = any,
  NotFoundData = Data,
> {
  url: URL;
  params: Record<string, string>;
  /** The matched route pattern, e.g. `/bookings/:id`. */
  route: string;
  /** @deprecated use `route` */
  pattern: string;
  basePath: string;
  destination: DestinationKind;
  isPartial: boolean;
  state: State;
  config: ResolvedFreshConfig;
  data: Data;
  error?: unknown;
  codeFrame?: unknown;
  remoteAddr: Deno.NetAddr;
  localAddr?: Deno.NetAddr;
  render: (data?: Data, options?: ResponseInit) => Response | Promise<Response>;
  renderNotFound: (data?: NotFoundData) => Response | Promise<Response>;
  next: () => Promise<Response>;
  // deno-lint-ignore no-explicit-any
  Component: ComponentType<any>;
}

/** Context of async route components, layouts and apps. */
export type RouteContext<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = Omit<FreshContext<State, Data>, "next" | "render">;

/** Props of page, layout, app and error components. */
export type PageProps<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = Omit<FreshContext<State, Data>, "render" | "next" | "renderNotFound">;

// deno-lint-ignore no-explicit-any
export type AppProps<Data = any, State = Record<string, unknown>> = PageProps<
  Data,
  State
>;
// deno-lint-ignore no-explicit-any
export type LayoutProps<Data = any, State = Record<string, unknown>> =
  PageProps<Data, State>;
// deno-lint-ignore no-explicit-any
export type UnknownPageProps<Data = any, State = Record<string, unknown>> =
  PageProps<Data, State>;
// deno-lint-ignore no-explicit-any
export type ErrorPageProps<Data = any, State = Record<string, unknown>> =
  PageProps<Data, State>;

/** @deprecated Fresh 1.x alias; note the swapped generic order. */
export type HandlerContext<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
  NotFoundData = Data,
> = FreshContext<State, Data, NotFoundData>;
/** @deprecated alias of FreshContext */
export type MiddlewareHandlerContext<State = Record<string, unknown>> =
  FreshContext<State>;
/** @deprecated alias of FreshContext */
export type AppContext<State = Record<string, unknown>> = FreshContext<State>;
/** @deprecated alias of FreshContext */
export type LayoutContext<State = Record<string, unknown>> = FreshContext<
  State
>;

/** A route handler for one method. */
export type Handler<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = (
  req: Request,
  ctx: FreshContext<State, Data>,
) => Response | Promise<Response>;

/** Route handlers keyed by method. */
export type Handlers<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = {
  [K in KnownMethod]?: Handler<Data, State>;
};
/** @deprecated alias of Handlers */
// deno-lint-ignore no-explicit-any
export type MultiHandler<Data = any, State = Record<string, unknown>> =
  Handlers<Data, State>;

export type KnownMethod =
  | "GET"
  | "HEAD"
  | "POST"
  | "PUT"
  | "DELETE"
  | "OPTIONS"
  | "PATCH";

/** A `_middleware` handler. */
export type MiddlewareHandler<State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State>,
) => Response | Promise<Response>;

export type UnknownHandler = (
  req: Request,
  ctx: FreshContext,
) => Response | Promise<Response>;
export type ErrorHandler = UnknownHandler;

/** Per-route configuration exported as `config` from a route module. */
export interface RouteConfig {
  /** A URLPattern pathname that replaces the file-derived pattern. */
  routeOverride?: string;
  /**
   * Accepted for Fresh compatibility and ignored: every rendered page gets
   * a Content-Security-Policy with a per-render script nonce.
   */
  csp?: boolean;
  skipInheritedLayouts?: boolean;
  skipAppWrapper?: boolean;
}

/** Configuration of a `_layout` module. */
export interface LayoutConfig {
  skipAppWrapper?: boolean;
  skipInheritedLayouts?: boolean;
}

/** Options of the router. */
export interface RouterOptions {
  /** Redirect to a trailing slash instead of away from it. */
  trailingSlash?: boolean;
  /** Files in routes/ and islands/ matching this are ignored (tests by default). */
  ignoreFilePattern?: RegExp;
  /** Serve the app under a path prefix (starts with "/", no trailing "/"). */
  basePath?: string;
}

/** The app configuration passed to `start` and `dev`. */
export interface FreshConfig {
  build?: { outDir?: string; target?: string | string[] };
  render?: RenderFunction;
  plugins?: Plugin[];
  staticDir?: string;
  router?: RouterOptions;
  server?: Partial<Deno.ServeTcpOptions>;
  /** @deprecated use server.port */
  port?: number;
  /** @deprecated use server.hostname */
  hostname?: string;
  /** @deprecated use server.signal */
  signal?: AbortSignal;
  /** @deprecated use server.onListen */
  onListen?: (params: { hostname: string; port: number }) => void;
}

/** The configuration after defaults are applied. */
export interface ResolvedFreshConfig {
  dev: boolean;
  build: { outDir: string; target: string | string[] };
  render: RenderFunction;
  plugins: Plugin[];
  staticDir: string;
  router?: RouterOptions;
  server: Partial<Deno.ServeTcpOptions>;
  basePath: string;
}

/** Legacy render hook; must call `render()`. */
export type RenderFunction = (
  ctx: RenderContext,
  render: InnerRenderFunction,
) => void | Promise<void>;
export type InnerRenderFunction = () => string;

/** What the legacy render hook can see and change. */
export interface RenderContext {
  readonly id: string;
  readonly state: Map<string, unknown>;
  readonly styles: string[];
  readonly url: URL;
  readonly route: string;
  lang: string;
}

/** A page route module as imported by the manifest. */
export interface RouteModule {
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<PageProps<any, any>> | AsyncRoute<any, any>;
  handler?:
    // deno-lint-ignore no-explicit-any
    | Handler<any, any>
    // deno-lint-ignore no-explicit-any
    | Handlers<any, any>
    // deno-lint-ignore no-explicit-any
    | MiddlewareHandler<any>
    // deno-lint-ignore no-explicit-any
    | MiddlewareHandler<any>[];
  config?: RouteConfig;
}

/** An island module: every exported function is an island. */
export type IslandModule = Record<string, unknown>;

/** The generated manifest (`fresh.gen.ts`). */
export interface Manifest {
  routes: Record<string, RouteModule>;
  islands: Record<string, IslandModule>;
  baseUrl: string;
}

/** An async route component: `(req, ctx) => JSX | Response`. */
// deno-lint-ignore no-explicit-any
export type AsyncRoute<Data = any, State = Record<string, unknown>> = (
  req: Request,
  ctx: RouteContext<Data, State> & {
    Component: ComponentType<Record<never, never>>;
  },
) => Promise<ComponentChildren | Response> | ComponentChildren | Response;

/** A style tag contributed by a plugin. */
export interface PluginRenderStyleTag {
  cssText: string;
  media?: string;
  id?: string;
}
/** A browser entrypoint a plugin wants to run with some state. */
export interface PluginRenderScripts {
  entrypoint: string;
  state: unknown;
}
export type LinkAttrs = Record<string, string>;
export interface PluginRenderResult {
  styles?: PluginRenderStyleTag[];
  scripts?: PluginRenderScripts[];
  links?: LinkAttrs[];
  htmlText?: string;
}
/** What a plugin's render hook receives about the page being rendered. */
export interface PluginRenderFunctionResult {
  htmlText: string;
  requiresHydration: boolean;
  /**
   * Runtime extension: the project source files bundled into the islands on
   * this page, so a styling plugin can include the classes they may add.
   */
  islandSources: string[];
}
export interface PluginRenderContext {
  render: () => PluginRenderFunctionResult;
}
export interface PluginAsyncRenderContext {
  renderAsync: () => Promise<PluginRenderFunctionResult>;
}
export interface PluginRoute {
  path: string;
  // deno-lint-ignore no-explicit-any
  component?: ComponentType<PageProps> | AsyncRoute<any, any>;
  // deno-lint-ignore no-explicit-any
  handler?: Handler<any, any> | Handlers<any, any>;
}
export interface PluginMiddleware<State = Record<string, unknown>> {
  path: string;
  middleware: {
    handler: MiddlewareHandler<State> | MiddlewareHandler<State>[];
  };
}
export interface PluginIslands {
  baseLocation: string;
  paths: string[];
}

/** A Fresh plugin. */
// deno-lint-ignore no-explicit-any
export interface Plugin<State = any> {
  name: string;
  entrypoints?: Record<string, string>;
  render?(ctx: PluginRenderContext): PluginRenderResult;
  renderAsync?(ctx: PluginAsyncRenderContext): Promise<PluginRenderResult>;
  buildStart?(config: ResolvedFreshConfig): Promise<void> | void;
  buildEnd?(): Promise<void> | void;
  configResolved?(config: ResolvedFreshConfig): Promise<void> | void;
  routes?: PluginRoute[];
  middlewares?: PluginMiddleware<State>[];
  islands?: PluginIslands;
  /**
   * Runtime extension: called once when the app is ready to serve (after
   * `buildStart`), with what is known only then, so a plugin can do per-app
   * work at start instead of on every request.
   */
  appReady?(app: PluginAppInfo): Promise<void> | void;
  /**
   * Runtime extension: a file the plugin serves itself under `/_frsh/`
   * (after the base path), such as a stylesheet built at start. Returns the
   * answer for a GET or HEAD of `path`, or null when the path is not the
   * plugin's. Such requests are assets ("internal" destination).
   */
  serveInternal?(
    path: string,
  ): ((req: Request) => Response | Promise<Response>) | null;
}

/** What `Plugin.appReady` learns about the app. */
export interface PluginAppInfo {
  /** The app's folder (where fresh.gen.ts lives). */
  root: string;
  /** Every project source file bundled into any island, chunks included. */
  islandSources: string[];
  dev: boolean;
  basePath: string;
}

export type { ComponentChildren, VNode };
