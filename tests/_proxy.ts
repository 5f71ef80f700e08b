// Test helper: a TCP proxy in front of a server (PostgreSQL) that can stop
// passing bytes, for outage tests.

/**
 * A TCP proxy in front of PostgreSQL that can stop passing bytes, as a
 * network that drops everything would: queries through it wait, unanswered.
 * `pause()` holds every byte (connections still open, nothing answers);
 * `resume()` lets them through again.
 */
export function pausableProxy(target: { hostname: string; port: number }) {
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
