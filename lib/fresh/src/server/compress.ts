// Compression of responses: brotli where the client accepts it, else gzip,
// for text types only (HTML, CSS, JS, JSON, SVG, XML). Never for upgrades,
// empty or partial answers, HEAD, what is already encoded, what says
// no-transform, nor types that are compressed already (images, fonts,
// media, archives). A compressible type always gets Vary: Accept-Encoding.
import { Buffer } from "node:buffer";
import { promisify } from "node:util";
import zlib from "node:zlib";

/** A content coding the runtime produces. */
export type Encoding = "br" | "gzip";

/** Below this many bytes a body is sent as it is: the headers cost more. */
export const MIN_COMPRESS_BYTES = 1024;

/** Above this many bytes a dynamic body is sent as it is (not buffered twice). */
const MAX_DYNAMIC_BYTES = 8 * 1024 * 1024;

const COMPRESSIBLE =
  /^(text\/|application\/(json|javascript|manifest\+json|xml|ld\+json)|image\/svg\+xml)/i;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** True for the text types worth compressing; never for streamed events. */
export function isCompressible(contentType: string | null): boolean {
  if (!contentType) return false;
  return COMPRESSIBLE.test(contentType) &&
    !/^text\/event-stream/i.test(contentType);
}

/**
 * The coding to answer with for an Accept-Encoding header: br when
 * accepted, else gzip, else none (q=0 refuses a coding; `*` accepts both).
 */
export function chooseEncoding(accept: string | null): Encoding | null {
  if (!accept) return null;
  const q = new Map<string, number>();
  for (const part of accept.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: string) => q.get(name) ?? q.get("*") ?? 0;
  if (weightOf("br") > 0) return "br";
  if (weightOf("gzip") > 0 || (q.get("x-gzip") ?? 0) > 0) return "gzip";
  return null;
}

/**
 * Compresses bytes; `best` (build time, cached assets) spends more time for
 * fewer bytes than the default used on every page.
 */
export async function compressBytes(
  bytes: Uint8Array,
  encoding: Encoding,
  best = false,
): Promise<Uint8Array> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = encoding === "br"
    ? await brotli(input, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: best ? 11 : 5,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.byteLength,
      },
    })
    : await gzip(input, { level: best ? 9 : 6 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The file name of an asset's compressed copy (`x.js.br`, `x.js.gz`). */
export function encodedName(name: string, encoding: Encoding): string {
  return `${name}.${encoding === "br" ? "br" : "gz"}`;
}

/** Adds Accept-Encoding to a Vary header, once. */
export function varyOnEncoding(headers: Headers): void {
  const vary = headers.get("vary");
  if (!vary) headers.set("vary", "Accept-Encoding");
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) {
    headers.set("vary", `${vary}, Accept-Encoding`);
  }
}

function mayCompress(req: Request, res: Response): boolean {
  if (res.status < 200 || res.status === 204 || res.status === 206) {
    return false;
  }
  if (res.status === 304 || !res.body || req.method === "HEAD") return false;
  if (req.headers.get("upgrade") || res.headers.has("content-encoding")) {
    return false;
  }
  if (/no-transform/i.test(res.headers.get("cache-control") ?? "")) {
    return false;
  }
  const length = res.headers.get("content-length");
  return length === null ||
    (Number(length) >= MIN_COMPRESS_BYTES &&
      Number(length) <= MAX_DYNAMIC_BYTES);
}

/**
 * The response compressed for the request's Accept-Encoding when its type
 * is compressible and the rules above allow; otherwise unchanged (with
 * Vary: Accept-Encoding on a compressible type).
 */
export async function compressResponse(
  req: Request,
  res: Response,
): Promise<Response> {
  if (res.status === 101 || !isCompressible(res.headers.get("content-type"))) {
    return res;
  }
  let headers: Headers;
  try {
    varyOnEncoding(res.headers);
    headers = res.headers;
  } catch {
    // Immutable headers (a Response.redirect or a fetched response).
    headers = new Headers(res.headers);
    varyOnEncoding(headers);
  }
  const encoding = chooseEncoding(req.headers.get("accept-encoding"));
  if (!encoding || !mayCompress(req, res)) {
    return headers === res.headers ? res : new Response(res.body, {
      status: res.status,
      statusText: res.statusText,
      headers,
    });
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const init = { status: res.status, statusText: res.statusText, headers };
  if (bytes.byteLength < MIN_COMPRESS_BYTES) return new Response(bytes, init);
  const body = await compressBytes(bytes, encoding);
  headers.set("content-encoding", encoding);
  headers.set("content-length", String(body.byteLength));
  const etag = headers.get("etag");
  if (etag && !etag.startsWith("W/")) headers.set("etag", `W/${etag}`);
  return new Response(body as Uint8Array<ArrayBuffer>, init);
}
