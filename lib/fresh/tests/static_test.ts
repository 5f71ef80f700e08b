// Static files of the fixture app: content types, ETags and 304s, HEAD, and
// the year-long immutable caching that asset() URLs get.
import assert from "node:assert/strict";
import { createApp } from "$fresh/server.ts";
import manifest from "./fixture/fresh.gen.ts";

const app = await createApp(manifest, { plugins: [] }, { dev: false });
const buildId = app.bundle!.buildId;
const IMMUTABLE = "public, max-age=31536000, immutable";

function send(
  method: string,
  path: string,
  headers?: HeadersInit,
): Promise<Response> {
  return app.handler(
    new Request(`http://localhost${path}`, { method, headers }),
  );
}

const STATIC_DIR = new URL("./fixture/static/", import.meta.url);

function readStatic(file: string): Promise<string> {
  return Deno.readTextFile(new URL(file, STATIC_DIR));
}

const FILES: [path: string, file: string, type: string][] = [
  ["/hello.txt", "hello.txt", "text/plain; charset=utf-8"],
  ["/style.css", "style.css", "text/css; charset=utf-8"],
  ["/img/logo.svg", "img/logo.svg", "image/svg+xml"],
  ["/my%20file.txt", "my file.txt", "text/plain; charset=utf-8"],
  ["/app.webmanifest", "app.webmanifest", "application/manifest+json"],
];

for (const [path, file, type] of FILES) {
  Deno.test(`GET ${path} serves static/${file} as ${type}`, async () => {
    const res = await send("GET", path);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal(res.headers.get("content-type"), type);
    assert.equal(text, await readStatic(file));
    assert.match(res.headers.get("etag") ?? "", /^"[^"]+"$/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("cache-control"), null);
  });
}

Deno.test("static files have distinct ETags that are stable across requests", async () => {
  const etags = new Set<string>();
  for (const path of ["/hello.txt", "/style.css", "/img/logo.svg"]) {
    const first = await send("HEAD", path);
    const second = await send("HEAD", path);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("etag"), second.headers.get("etag"));
    etags.add(first.headers.get("etag")!);
  }
  assert.equal(etags.size, 3);
});

Deno.test("If-None-Match with the ETag gives 304 without a body", async () => {
  const head = await send("HEAD", "/hello.txt");
  const etag = head.headers.get("etag")!;
  for (const value of [etag, `W/${etag}`, `"other", ${etag}`]) {
    const res = await send("GET", "/hello.txt", { "if-none-match": value });
    assert.equal(res.status, 304, value);
    assert.equal(res.body, null, value);
    assert.equal(res.headers.get("etag"), etag);
  }
});

Deno.test("If-None-Match with another ETag serves the file", async () => {
  const res = await send("GET", "/hello.txt", { "if-none-match": '"stale"' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(await res.text(), "hello");
});

Deno.test("HEAD of a static file has content-length and no body", async () => {
  const res = await send("HEAD", "/hello.txt");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(res.headers.get("content-length"), "5");
  assert.equal(res.body, null);
});

Deno.test("?__frsh_c=<build id> makes a static file immutable for a year", async () => {
  const res = await send("GET", `/style.css?__frsh_c=${buildId}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/css; charset=utf-8");
  assert.equal(res.headers.get("cache-control"), IMMUTABLE);
  assert.equal(await res.text(), await readStatic("style.css"));
});

Deno.test("a stale __frsh_c redirects to the URL without it", async () => {
  const res = await send("GET", "/style.css?__frsh_c=old");
  assert.equal(res.status, 307);
  assert.equal(res.headers.get("location"), "/style.css");
  assert.equal(res.headers.get("cache-control"), null);
  await res.body?.cancel();

  const other = await send("GET", "/img/logo.svg?v=2&__frsh_c=old");
  assert.equal(other.status, 307);
  assert.equal(other.headers.get("location"), "/img/logo.svg?v=2");
  await other.body?.cancel();
});

Deno.test("root middleware runs for static files", async () => {
  const res = await send("HEAD", "/img/logo.svg");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-trail"), "root");
});

Deno.test("POST to a static path does not serve the file", async () => {
  const res = await send("POST", "/hello.txt");
  const text = await res.text();
  assert.ok([404, 405].includes(res.status), `status ${res.status}`);
  assert.notEqual(text, "hello");
  assert.ok(!res.headers.has("etag"));
});

Deno.test("unknown static paths fall through to the 404 page", async () => {
  const res = await send("GET", "/img/missing.svg");
  assert.equal(res.status, 404);
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  assert.ok((await res.text()).includes("Fixture 404"));
});
