// A TCP proxy in front of PostgreSQL that can stop passing bytes, as a
// network that drops everything would: queries through it wait, unanswered.
// The bus test and the signaling slot test slow the database with it.

/** A running proxy: connect to `port`; `pause()` holds every byte until `resume()`. */
export interface PausableProxy {
  port: number;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free port of 127.0.0.1 in front of `target`. */
export function pausableProxy(
  target: { hostname: string; port: number },
): PausableProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  let resume = () => {};
  let flowing: Promise<void> = Promise.resolve();
  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    const buffer = new Uint8Array(64 * 1024);
    try {
      while (true) {
        const n = await from.read(buffer);
        if (n === null) break;
        await flowing;
        let written = 0;
        while (written < n) {
          written += await to.write(buffer.subarray(written, n));
        }
      }
    } catch {
      // One side closed.
    } finally {
      try {
        to.close();
      } catch {
        // Already closed.
      }
    }
  };
  const accepting = (async () => {
    for await (const client of listener) {
      const server = await Deno.connect(target);
      conns.push(client, server);
      void pipe(client, server);
      void pipe(server, client);
    }
  })().catch(() => {});
  return {
    port: listener.addr.port,
    pause() {
      flowing = new Promise((resolve) => resume = resolve);
    },
    resume: () => resume(),
    async close() {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch {
          // Already closed.
        }
      }
      await accepting;
    },
  };
}

/** A URL like `url` whose host and port are the proxy's. */
export function proxiedUrl(url: string, proxy: PausableProxy): string {
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(proxy.port);
  return proxied.href;
}
