// Reading a request body with a size limit that holds while reading: a body
// without Content-Length (chunked) is counted chunk by chunk and refused the
// moment it passes the limit, so an oversize upload never sits in memory.
import { PayloadTooLargeError } from "@/lib/errors.ts";

/** Largest request body the app reads (JSON and form posts). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The body as bytes, at most `limit` of them.
 * @throws {PayloadTooLargeError} when Content-Length or the bytes read pass the limit
 */
export async function readBodyBytes(
  req: Request,
  limit = MAX_BODY_BYTES,
): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await req.body?.cancel().catch(() => {});
    throw new PayloadTooLargeError(limit);
  }
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new PayloadTooLargeError(limit);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The body as UTF-8 text, at most `limit` bytes of it.
 * @throws {PayloadTooLargeError} when the body passes the limit
 */
export async function readBodyText(
  req: Request,
  limit = MAX_BODY_BYTES,
): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, limit));
}
