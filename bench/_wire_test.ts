import assert from "node:assert/strict";
import { parseRawResponse, rawGetRequest, wireBytes } from "./_wire.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("parseRawResponse splits status, headers and body bytes", () => {
  const head =
    "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nVary: Accept-Encoding\r\n\r\n";
  const r = parseRawResponse(bytes(`${head}12345`));
  assert.equal(r.status, 200);
  assert.equal(r.headers["content-encoding"], "br");
  assert.equal(r.headerBytes, head.length);
  assert.equal(r.bodyBytes, 5);
  assert.equal(r.totalBytes, head.length + 5);
  assert.throws(() => parseRawResponse(bytes("HTTP/1.1 200 OK\r\n")));
  assert.throws(() => parseRawResponse(bytes("SSH-2.0\r\n\r\n")));
});

Deno.test("rawGetRequest writes a GET with the headers and Connection: close", () => {
  assert.equal(
    rawGetRequest(new URL("http://127.0.0.1:8000/a?b=1"), {
      cookie: "s=1",
    }),
    "GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\ncookie: s=1\r\nConnection: close\r\n\r\n",
  );
});

Deno.test("wireBytes counts every byte a real server sends, chunked or not", async () => {
  const body = "x".repeat(5000);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) =>
      new URL(req.url).pathname === "/stream"
        ? new Response(
          ReadableStream.from([
            bytes(body.slice(0, 2000)),
            bytes(body.slice(2000)),
          ]),
        )
        : new Response(body, {
          headers: { "x-seen": req.headers.get("accept-encoding") ?? "none" },
        }),
  );
  try {
    const origin = `http://127.0.0.1:${server.addr.port}`;
    const plain = await wireBytes(`${origin}/`, { "accept-encoding": "br" });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers["x-seen"], "br");
    assert.equal(plain.bodyBytes, 5000);
    assert.equal(plain.headers["content-length"], "5000");
    // Chunked: the framing is on the wire too, so more than the body.
    const chunked = await wireBytes(`${origin}/stream`);
    assert.equal(chunked.headers["transfer-encoding"], "chunked");
    assert.ok(chunked.bodyBytes > 5000 && chunked.bodyBytes < 5100);
  } finally {
    await server.shutdown();
  }
});
