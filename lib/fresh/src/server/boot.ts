// Serving an app with Deno.serve, with graceful shutdown on SIGINT/SIGTERM.
import type { App } from "./app.ts";

/** Serves an app until the process is asked to stop. */
export async function serveApp(app: App): Promise<void> {
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
  // shutdown() stops accepting and lets in-flight requests finish (an abort
  // would cut them off). One tick later than other signal listeners, so an
  // app closing its WebSockets with its own code (1012) gets there first.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => void httpServer.shutdown(), 0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(signal, stop);
    } catch {
      // Signals are not available everywhere (e.g. Deno Deploy).
    }
  }
  await httpServer.finished;
}
