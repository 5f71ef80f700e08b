// Serving an app with Deno.serve: a server whose shutdown has a time limit,
// the stop signals, and the Fresh-style entry that serves until one comes.
import type { App } from "./app.ts";

/** How long `start()` and `dev()` let requests finish after a stop signal. */
export const DEFAULT_DRAIN_MS = 10_000;

/** A listening server and the way to stop it. */
export interface FreshServer {
  /** The address it listens on (the real port when 0 was asked for). */
  addr: Deno.NetAddr;
  /** Settles once the server has stopped and every connection is closed. */
  finished: Promise<void>;
  /**
   * Stops accepting connections and waits, at most `timeoutMs`, for the
   * open ones to finish. Resolves true when they all did, false when some
   * were still open: a client can hold a connection open for ever (a
   * request sent half-way, an upgrade it never reads), and Deno.serve
   * cannot close it, so the caller ends the process instead.
   */
  shutdown(timeoutMs: number): Promise<boolean>;
}

/** Listens with the app's server options (port: `server.port`, else PORT, else 8000). */
export function listenApp(app: App): FreshServer {
  const server = app.config.server;
  const envPort = Deno.env.get("PORT");
  const port = server.port ?? (envPort ? Number(envPort) : 8000);
  const httpServer = Deno.serve({
    ...server,
    port,
    onListen: server.onListen ?? (({ hostname, port }) => {
      const host = hostname === "0.0.0.0" || hostname === "::"
        ? "localhost"
        : hostname;
      console.log(`Listening on http://${host}:${port}/`);
    }),
  }, app.handler);
  let stopped: Promise<boolean> | null = null;
  return {
    addr: httpServer.addr,
    finished: httpServer.finished,
    async shutdown(timeoutMs) {
      // shutdown() lets requests in flight finish; an abort would cut them.
      stopped ??= httpServer.shutdown().then(() => true);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([stopped, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Resolves with the first SIGTERM or SIGINT the process gets after the
 * call; never where the platform has no signals (Deno Deploy), nor once
 * `cancel` is aborted (which removes the listeners).
 */
export function stopSignal(cancel?: AbortSignal): Promise<Deno.Signal> {
  const signals = ["SIGTERM", "SIGINT"] as const;
  return new Promise((resolve) => {
    if (cancel?.aborted) return;
    const removeAll = () => listeners.forEach((remove) => remove());
    cancel?.addEventListener("abort", removeAll, { once: true });
    const listeners = signals.map((signal) => {
      const listener = () => {
        removeAll();
        resolve(signal);
      };
      try {
        Deno.addSignalListener(signal, listener);
        return () => Deno.removeSignalListener(signal, listener);
      } catch {
        return () => {};
      }
    });
  });
}

/**
 * Serves an app until a stop signal, then stops accepting and lets open
 * requests finish for at most `drainMs`; returns when it is done (or when
 * the server stopped by itself through `server.signal`).
 */
export async function serveApp(
  app: App,
  drainMs = DEFAULT_DRAIN_MS,
): Promise<void> {
  const server = listenApp(app);
  const cancel = new AbortController();
  const stop = await Promise.race([stopSignal(cancel.signal), server.finished]);
  cancel.abort();
  if (stop) await server.shutdown(drainMs);
}
