// Serving an app with Deno.serve, with graceful shutdown on SIGINT/SIGTERM.
import type { App } from "./app.ts";

/** Serves an app until the process is asked to stop. */
export async function serveApp(app: App): Promise<void> {
  const server = app.config.server;
  const envPort = Deno.env.get("PORT");
  const port = server.port ?? (envPort ? Number(envPort) : 8000);
  const controller = new AbortController();
  const httpServer = Deno.serve({
    ...server,
    port,
    signal: server.signal ?? controller.signal,
    onListen: server.onListen ?? (({ hostname, port }) => {
      const host = hostname === "0.0.0.0" || hostname === "::"
        ? "localhost"
        : hostname;
      console.log(`Listening on http://${host}:${port}/`);
    }),
  }, app.handler);
  const stop = () => controller.abort();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(signal, stop);
    } catch {
      // Signals are not available everywhere (e.g. Deno Deploy).
    }
  }
  await httpServer.finished;
}
