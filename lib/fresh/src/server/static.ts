// Files in static/: listed once at start, served for GET and HEAD with an
// ETag from their content, 304 on a match, and a year of immutable caching when the URL carries
// the current build id (see asset()).
import { extname, join, relative, sep } from "./_path.ts";
import { ASSET_CACHE_BUST_KEY } from "../runtime/utils.ts";
import { sha256Hex } from "./digest.ts";
import {
  chooseEncoding,
  compressBytes,
  type Encoding,
  isCompressible,
  MIN_COMPRESS_BYTES,
  varyOnEncoding,
} from "./compress.ts";

/** Static files up to this size are compressed once and kept in memory. */
const MAX_CACHED_BYTES = 4 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".pdf": "application/pdf",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".wasm": "application/wasm",
};

/** The content type for a file name, by extension. */
export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ??
    "application/octet-stream";
}

/** One file of the static folder. */
export interface StaticFile {
  path: string;
  localPath: string;
  size: number;
  etag: string;
  contentType: string;
  /** Compressed copies made on first request, by coding. */
  encoded?: Map<Encoding, Promise<Uint8Array>>;
}

// The compressed copy of a static file for the request, or null when it is
// sent as it is (type, size or the client's Accept-Encoding).
function encodedCopy(
  req: Request,
  file: StaticFile,
): { encoding: Encoding; bytes: Promise<Uint8Array> } | null {
  if (
    !isCompressible(file.contentType) || file.size < MIN_COMPRESS_BYTES ||
    file.size > MAX_CACHED_BYTES
  ) return null;
  const encoding = chooseEncoding(req.headers.get("accept-encoding"));
  if (!encoding) return null;
  file.encoded ??= new Map();
  let bytes = file.encoded.get(encoding);
  if (!bytes) {
    bytes = Deno.readFile(file.localPath).then((raw) =>
      compressBytes(raw, encoding, true)
    );
    bytes.catch(() => file.encoded?.delete(encoding));
    file.encoded.set(encoding, bytes);
  }
  return { encoding, bytes };
}

/**
 * Lists every file under `dir` by URL path, each with an ETag made from its
 * content (the same on every instance); an absent folder is empty.
 */
export async function listStaticFiles(
  dir: string,
): Promise<Map<string, StaticFile>> {
  const out = new Map<string, StaticFile>();
  const visit = async (folder: string) => {
    let entries: AsyncIterable<Deno.DirEntry>;
    try {
      entries = Deno.readDir(folder);
      for await (const entry of entries) {
        const full = join(folder, entry.name);
        if (entry.isDirectory) {
          await visit(full);
          continue;
        }
        const stat = await Deno.stat(full);
        if (!stat.isFile) continue;
        // Keyed by the decoded path; the handler decodes the request to match.
        const path = "/" + relative(dir, full).split(sep).join("/");
        const tag = (await sha256Hex(await Deno.readFile(full))).slice(0, 32);
        out.set(path, {
          path,
          localPath: full,
          size: stat.size,
          etag: `"${tag}"`,
          contentType: contentType(full),
        });
      }
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return;
      throw err;
    }
  };
  await visit(dir);
  return out;
}

/** One digest of the whole static folder (paths and contents). */
export function staticDigest(files: Map<string, StaticFile>): Promise<string> {
  const lines = [...files.values()].map((f) => `${f.path} ${f.etag}`).sort();
  return sha256Hex(lines.join("\n"));
}

/** Answers a GET or HEAD for a static file. */
export async function serveStaticFile(
  req: Request,
  url: URL,
  file: StaticFile,
  buildId: string,
): Promise<Response> {
  const cacheKey = url.searchParams.get(ASSET_CACHE_BUST_KEY);
  if (cacheKey !== null && cacheKey !== buildId) {
    url.searchParams.delete(ASSET_CACHE_BUST_KEY);
    return new Response(null, {
      status: 307,
      headers: { location: url.pathname + url.search },
    });
  }
  const encoded = encodedCopy(req, file);
  // Each coding is its own representation, with its own strong ETag.
  const etag = encoded
    ? `${file.etag.slice(0, -1)}-${encoded.encoding}"`
    : file.etag;
  const headers = new Headers({
    "content-type": file.contentType,
    etag,
    vary: "If-None-Match",
    "x-content-type-options": "nosniff",
  });
  if (isCompressible(file.contentType)) varyOnEncoding(headers);
  if (cacheKey !== null) {
    headers.set("cache-control", "public, max-age=31536000, immutable");
  }
  const ifNoneMatch = req.headers.get("if-none-match");
  if (
    ifNoneMatch &&
    ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)
  ) {
    return new Response(null, { status: 304, headers });
  }
  if (encoded) {
    const bytes = await encoded.bytes;
    headers.set("content-encoding", encoded.encoding);
    headers.set("content-length", String(bytes.byteLength));
    return new Response(
      req.method === "HEAD" ? null : bytes as Uint8Array<ArrayBuffer>,
      { status: 200, headers },
    );
  }
  headers.set("content-length", String(file.size));
  if (req.method === "HEAD") {
    return new Response(null, { status: 200, headers });
  }
  const handle = await Deno.open(file.localPath, { read: true });
  return new Response(handle.readable, { status: 200, headers });
}
