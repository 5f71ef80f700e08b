import assert from "node:assert/strict";
import {
  MAX_BODY_BYTES,
  readBodyBytes,
  readBodyText,
} from "@/lib/http/body.ts";
import { PayloadTooLargeError } from "@/lib/errors.ts";

/** A stream of `chunks` chunks of `size` bytes; counts how many were pulled. */
function counted(chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= chunks) return controller.close();
      state.pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

function post(body: BodyInit, headers: HeadersInit = {}): Request {
  return new Request("http://localhost/", { method: "POST", body, headers });
}

Deno.test("readBodyText() reads a body within the limit whole", async () => {
  assert.equal(await readBodyText(post("héllo")), "héllo");
  assert.equal(await readBodyText(new Request("http://localhost/")), "");
  const { stream } = counted(4, 1024);
  assert.equal((await readBodyBytes(post(stream))).byteLength, 4096);
});

Deno.test("readBodyBytes() stops reading a chunked body the moment it passes the limit", async () => {
  const { stream, state } = counted(1000, 16 * 1024);
  await assert.rejects(
    readBodyBytes(post(stream)),
    (err) =>
      err instanceof PayloadTooLargeError && err.status === 413 &&
      err.message === "The body is larger than 64 KiB",
  );
  // 64 KiB is 4 chunks; the fifth passes the limit and nothing more is read.
  assert.ok(state.pulled <= 6, `pulled ${state.pulled} chunks`);
  assert.equal(state.cancelled, true);
});

Deno.test("readBodyBytes() refuses a declared Content-Length over the limit without reading", async () => {
  const { stream, state } = counted(1000, 16 * 1024);
  await assert.rejects(
    readBodyBytes(
      post(stream, { "content-length": String(MAX_BODY_BYTES + 1) }),
    ),
    PayloadTooLargeError,
  );
  assert.ok(state.pulled <= 1, `pulled ${state.pulled} chunks`);
});

Deno.test("readBodyBytes() takes a smaller limit", async () => {
  await assert.rejects(readBodyBytes(post("x".repeat(11)), 10), {
    message: "The body is larger than 10 bytes",
  });
  assert.equal((await readBodyBytes(post("x".repeat(10)), 10)).byteLength, 10);
});
