// Compression of what the runtime serves: pages, static files and bundles in
// brotli or gzip as the client accepts, text types only, Vary on each, the
// prebuilt build's compressed copies served as they are.
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { buildApp, createApp } from "$fresh/src/server/app.ts";
import {
  chooseEncoding,
  compressResponse,
} from "$fresh/src/server/compress.ts";
import manifest from "./fixture/fresh.gen.ts";
import { serveApp } from "./_serve.ts";

function decode(bytes: Uint8Array, encoding: string | null): string {
  const raw = encoding === "br"
    ? zlib.brotliDecompressSync(bytes)
    : encoding === "gzip"
    ? zlib.gunzipSync(bytes)
    : bytes;
  return new TextDecoder().decode(raw);
}

async function send(
  app: { handler: (req: Request) => Promise<Response> },
  path: string,
  headers: HeadersInit = {},
  method = "GET",
): Promise<{ res: Response; bytes: Uint8Array }> {
  const res = await app.handler(
    new Request(`http://localhost${path}`, { method, headers }),
  );
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

Deno.test("the coding is brotli when accepted, else gzip, else none; q=0 refuses one", () => {
  assert.equal(chooseEncoding("gzip, deflate, br, zstd"), "br");
  assert.equal(chooseEncoding("gzip, deflate"), "gzip");
  assert.equal(chooseEncoding("br;q=0, gzip;q=0.5"), "gzip");
  assert.equal(chooseEncoding("*"), "br");
  assert.equal(chooseEncoding("*, br;q=0"), "gzip");
  assert.equal(chooseEncoding("identity"), null);
  assert.equal(chooseEncoding(""), null);
  assert.equal(chooseEncoding(null), null);
});

Deno.test("a page is sent in brotli or gzip as accepted, identical once decoded, with Vary: Accept-Encoding", async () => {
  const app = await createApp(manifest, { plugins: [] }, { dev: false });
  const plain = await send(app, "/islands");
  assert.equal(plain.res.headers.get("content-encoding"), null);
  assert.match(plain.res.headers.get("vary") ?? "", /Accept-Encoding/);
  const html = decode(plain.bytes, null);
  assert.ok(html.length > 1024, "the page is big enough to compress");
  for (const [accept, encoding] of [["gzip, br", "br"], ["gzip", "gzip"]]) {
    const { res, bytes } = await send(app, "/islands", {
      "accept-encoding": accept,
    });
    assert.equal(res.headers.get("content-encoding"), encoding);
    assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/);
    assert.equal(Number(res.headers.get("content-length")), bytes.byteLength);
    assert.ok(bytes.byteLength < html.length / 2, `${encoding} is smaller`);
    // Each page has its own CSP nonce; the rest is the same.
    const sameNonce = (text: string) => text.replace(/[0-9a-f]{32}/g, "N");
    assert.equal(sameNonce(decode(bytes, encoding)), sameNonce(html));
  }
});

Deno.test("HEAD, small bodies, no-transform, encoded and binary answers are sent as they are", async () => {
  const app = await createApp(manifest, { plugins: [] }, { dev: false });
  const br = { "accept-encoding": "br" };
  const head = await send(app, "/islands", br, "HEAD");
  assert.equal(head.res.headers.get("content-encoding"), null);
  const small = await send(app, "/about", br);
  assert.equal(small.res.headers.get("content-encoding"), null);
  assert.match(decode(small.bytes, null), /<html/);

  const req = new Request("http://localhost/", { headers: br });
  const big = "x".repeat(4096);
  const cases: [string, Response][] = [
    [
      "no-transform",
      new Response(big, {
        headers: {
          "content-type": "text/html",
          "cache-control": "no-transform",
        },
      }),
    ],
    [
      "already encoded",
      new Response(big, {
        headers: { "content-type": "text/css", "content-encoding": "gzip" },
      }),
    ],
    [
      "an image",
      new Response(big, { headers: { "content-type": "image/png" } }),
    ],
    [
      "an event stream",
      new Response(big, { headers: { "content-type": "text/event-stream" } }),
    ],
  ];
  for (const [what, res] of cases) {
    const out = await compressResponse(req, res);
    assert.equal(
      out.headers.get("content-encoding"),
      res.headers.get("content-encoding"),
      what,
    );
    assert.equal(await out.text(), big, what);
  }
});

Deno.test("a static text file is compressed once with its own ETag and 304; an image is not", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fresh_compress_" });
  try {
    const css = "body { color: red }\n".repeat(200);
    await Deno.writeTextFile(`${dir}/big.css`, css);
    await Deno.writeFile(`${dir}/photo.png`, new Uint8Array(4096).fill(7));
    const app = await createApp(manifest, { plugins: [], staticDir: dir }, {
      dev: false,
    });
    const plain = await send(app, "/big.css");
    const { res, bytes } = await send(app, "/big.css", {
      "accept-encoding": "br",
    });
    assert.equal(res.headers.get("content-encoding"), "br");
    assert.equal(decode(bytes, "br"), css);
    assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/);
    const etag = res.headers.get("etag")!;
    assert.notEqual(etag, plain.res.headers.get("etag"));
    const again = await send(app, "/big.css", {
      "accept-encoding": "br",
      "if-none-match": etag,
    });
    assert.equal(again.res.status, 304);
    const stale = await send(app, "/big.css", {
      "accept-encoding": "gzip",
      "if-none-match": etag,
    });
    assert.equal(stale.res.status, 200, "another coding is another entity");
    assert.equal(decode(stale.bytes, "gzip"), css);

    const png = await send(app, "/photo.png", { "accept-encoding": "br" });
    assert.equal(png.res.headers.get("content-encoding"), null);
    assert.equal(png.bytes.byteLength, 4096);
    assert.doesNotMatch(png.res.headers.get("vary") ?? "", /Accept-Encoding/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the build writes brotli and gzip copies of the bundles, and start serves them as they are", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "fresh_compress_build_" });
  try {
    const config = { plugins: [], build: { outDir } };
    const snapshot = await buildApp(manifest, config);
    const main = snapshot.entries["main"];
    const raw = await Deno.readFile(`${outDir}/js/${main}`);
    assert.ok(raw.byteLength > 1024, "the runtime's client is big enough");
    const br = await Deno.readFile(`${outDir}/js/${main}.br`);
    const gz = await Deno.readFile(`${outDir}/js/${main}.gz`);
    assert.equal(decode(br, "br"), new TextDecoder().decode(raw));
    assert.equal(decode(gz, "gzip"), new TextDecoder().decode(raw));

    const app = await createApp(manifest, config, { dev: false });
    const path = `/_frsh/js/${snapshot.build_id}/${main}`;
    const served = await send(app, path, { "accept-encoding": "gzip, br" });
    assert.equal(served.res.headers.get("content-encoding"), "br");
    assert.deepEqual(served.bytes, br);
    assert.match(served.res.headers.get("vary") ?? "", /Accept-Encoding/);
    const identity = await send(app, path);
    assert.deepEqual(identity.bytes, raw);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a WebSocket upgrade that accepts brotli is answered 101 with no coding", async () => {
  const served = await serveApp(manifest, { plugins: [] });
  const conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: Number(new URL(served.origin).port),
  });
  try {
    const key = btoa(
      String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))),
    );
    await conn.write(new TextEncoder().encode(
      "GET /socket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" +
        "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n" +
        `Sec-WebSocket-Key: ${key}\r\nAccept-Encoding: gzip, br\r\n\r\n`,
    ));
    let head = "";
    const buf = new Uint8Array(4096);
    while (!head.includes("\r\n\r\n")) {
      const n = await conn.read(buf);
      if (n === null) break;
      head += new TextDecoder().decode(buf.subarray(0, n));
    }
    assert.match(head, /^HTTP\/1\.1 101 /);
    assert.doesNotMatch(head, /content-encoding/i);
  } finally {
    conn.close();
    await served.close();
  }
});
