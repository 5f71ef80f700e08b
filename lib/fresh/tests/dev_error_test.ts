// The dev server when the app does not load: a syntax error in a route makes
// every page answer 500 with the error overlay (naming the file) and the
// live-reload socket, instead of a dead server and a stale page.
import assert from "node:assert/strict";

const CONFIG = new URL("../../../deno.json", import.meta.url);

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

async function waitForServer(origin: string, child: Deno.ChildProcess) {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.status.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      return await fetch(`${origin}/`);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error("The dev server did not answer");
}

Deno.test("a syntax error in a route shows the error overlay on every page and keeps the live-reload socket", async () => {
  const root = await Deno.makeTempDir({ prefix: "fresh_dev_error_" });
  await Deno.mkdir(`${root}/routes`);
  await Deno.writeTextFile(
    `${root}/routes/index.tsx`,
    "export default function Home() {\n  return <p>Hi</p>;;;\n}}\n",
  );
  await Deno.writeTextFile(
    `${root}/dev.ts`,
    'import dev from "$fresh/dev.ts";\nawait dev(import.meta.url, "./main.ts");\n',
  );
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", CONFIG.pathname, `${root}/dev.ts`],
    env: { PORT: String(port) },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  try {
    const origin = `http://127.0.0.1:${port}`;
    const res = await waitForServer(origin, child);
    const html = await res.text();
    assert.equal(res.status, 500, html + (await Promise.race([stderr, ""])));
    const src = /<iframe id="fresh-error-overlay" src="([^"]+)"/.exec(html);
    assert.ok(src, html);
    const overlay = await fetch(
      new URL(src[1].replaceAll("&amp;", "&"), origin),
    );
    const text = await overlay.text();
    assert.equal(overlay.status, 200);
    assert.match(text, /routes\/index\.tsx/);
    const other = await fetch(`${origin}/any/page`);
    assert.equal(other.status, 500);
    await other.body?.cancel();

    const socket = new WebSocket(`ws://127.0.0.1:${port}/_frsh/alive`);
    const message = await new Promise<string>((resolve, reject) => {
      socket.onmessage = (e) => resolve(e.data);
      socket.onerror = () => reject(new Error("The alive socket failed"));
    });
    socket.close();
    assert.equal(JSON.parse(message).type, "initial-state");
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await stderr;
    await Deno.remove(root, { recursive: true });
  }
});
