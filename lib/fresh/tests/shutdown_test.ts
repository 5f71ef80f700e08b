// listen() and server.shutdown(timeoutMs) in a real process: a client that
// gives up on a WebSocket upgrade while the app admits it leaves a
// connection that Deno's own shutdown waits for for ever; with the limit
// the process still stops in time.
import assert from "node:assert/strict";

const DRAIN_MS = 1_000;
/** Time for a loaded machine to handle the signal and exit. */
const MARGIN_MS = 4_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts fixture/serve.ts; resolves with the process, its port and output. */
async function serveFixture(): Promise<{
  child: Deno.ChildProcess;
  port: number;
  output: () => Promise<string>;
}> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "fixture/serve.ts", String(DRAIN_MS)],
    cwd: new URL(".", import.meta.url),
    env: { FRESH_QUIET: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/port (\d+)\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`fixture/serve.ts stopped: ${text}`);
    text += value;
  }
  const port = Number(/port (\d+)\n/.exec(text)![1]);
  const output = async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += r.value;
    }
    return text;
  };
  return { child, port, output };
}

Deno.test("shutdown(timeoutMs) ends the wait for connections a client left stuck", async () => {
  const { child, port, output } = await serveFixture();
  const conns: Deno.Conn[] = [];
  try {
    const send = async (text: string) => {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conns.push(conn);
      await conn.write(new TextEncoder().encode(text));
      return conn;
    };
    const key = crypto.getRandomValues(new Uint8Array(16)).toBase64();
    // Gone while the app admits it (200 ms): the upgrade happens anyway.
    const upgrade = await send(
      `GET /socket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
        `Sec-WebSocket-Version: 13\r\n\r\n`,
    );
    upgrade.close();
    // A request sent half-way.
    await send("GET /fn HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    await delay(500);

    const signalled = Date.now();
    child.kill("SIGTERM");
    const status = await Promise.race([
      child.status,
      delay(DRAIN_MS + MARGIN_MS).then(() => null),
    ]);
    const ms = Date.now() - signalled;
    assert.ok(status, `still running ${ms} ms after SIGTERM`);
    assert.equal(status.code, 0);
    const text = await output();
    assert.match(text, /drained (true|false)/);
    console.log(`stopped ${ms} ms after SIGTERM, ${/drained \w+/.exec(text)}`);
  } finally {
    conns.forEach((conn) => {
      try {
        conn.close();
      } catch {
        // Closed already.
      }
    });
    try {
      child.kill("SIGKILL");
    } catch {
      // Exited already.
    }
    await child.status;
  }
});
