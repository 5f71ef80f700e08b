/**
 * `$fresh/server.ts`: the server API of the Fresh 1.x-compatible runtime.
 * @module
 */
import type { ComponentChildren } from "preact";
import type {
  FreshConfig,
  FreshContext,
  Manifest,
  RouteContext,
  ServeHandlerInfo,
} from "./src/types.ts";
import { createApp } from "./src/server/app.ts";
import { type FreshServer, listenApp, serveApp } from "./src/server/boot.ts";

export type * from "./src/types.ts";
export { createApp } from "./src/server/app.ts";
export {
  DEFAULT_DRAIN_MS,
  type FreshServer,
  stopSignal,
} from "./src/server/boot.ts";

/**
 * Starts the production server for a manifest (prebuilt `_fresh/` if
 * present) and serves until SIGTERM or SIGINT; then stops accepting and
 * returns once open requests finished, or after DEFAULT_DRAIN_MS.
 */
export async function start(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<void> {
  const app = await createApp(manifest, config, { dev: false });
  await serveApp(app);
}

/**
 * Starts the production server and returns it at once, for an app that
 * runs its own shutdown: wait for `stopSignal()`, call
 * `server.shutdown(timeoutMs)` where it belongs in the app's order.
 */
export async function listen(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<FreshServer> {
  return listenApp(await createApp(manifest, config, { dev: false }));
}

/** Creates the request handler without listening, for tests and custom servers. */
export async function createHandler(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<(req: Request, info?: ServeHandlerInfo) => Promise<Response>> {
  return (await createApp(manifest, config, { dev: false })).handler;
}

/** Returns the config unchanged; gives it a type. */
export function defineConfig(config: FreshConfig): FreshConfig {
  return config;
}

type RouteFn<T> = (
  req: Request,
  ctx: RouteContext<void, T> & Pick<FreshContext, "Component">,
) => ComponentChildren | Response | Promise<ComponentChildren | Response>;

function asAsync<T>(fn: RouteFn<T>): RouteFn<T> {
  if (fn.constructor.name === "AsyncFunction") return fn;
  return async (req, ctx) => await fn(req, ctx);
}

/** Defines an async route component `(req, ctx) => JSX | Response`. */
export function defineRoute<T = Record<string, unknown>>(
  fn: RouteFn<T>,
): RouteFn<T> {
  return asAsync(fn);
}

/** Defines a layout component `(req, ctx) => JSX`, with `ctx.Component` inside. */
export function defineLayout<T = Record<string, unknown>>(
  fn: RouteFn<T>,
): RouteFn<T> {
  return asAsync(fn);
}

/** Defines the app wrapper `(req, ctx) => JSX`, with `ctx.Component` inside. */
export function defineApp<T = Record<string, unknown>>(
  fn: RouteFn<T>,
): RouteFn<T> {
  return asAsync(fn);
}

/** HTTP status codes by name. */
export const STATUS_CODE = {
  OK: 200,
  Created: 201,
  NoContent: 204,
  MovedPermanently: 301,
  Found: 302,
  SeeOther: 303,
  NotModified: 304,
  TemporaryRedirect: 307,
  PermanentRedirect: 308,
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  PayloadTooLarge: 413,
  UnprocessableEntity: 422,
  TooManyRequests: 429,
  InternalServerError: 500,
  ServiceUnavailable: 503,
} as const;
