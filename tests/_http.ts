// Test helper: request bodies for the tests of the body limits.

/**
 * A body of `total` bytes of `fill`, made chunk by chunk as it is read, so a
 * fetch sends it chunked (no Content-Length) without holding it in memory.
 */
export function chunkedBody(
  total: number,
  options: { chunkBytes?: number; fill?: number } = {},
): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(options.chunkBytes ?? 16 * 1024).fill(
    options.fill ?? 0x61,
  );
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}
