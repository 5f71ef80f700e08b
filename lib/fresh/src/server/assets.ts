// Static and internal assets: which request is for a bundle file under
// /_frsh/js/<build id>/ or for a file of static/, and the answer to it.
import type { Bundle } from "./bundle.ts";
import type { Plugin } from "../types.ts";
import { contentType, serveStaticFile, type StaticFile } from "./static.ts";
import {
  chooseEncoding,
  compressBytes,
  encodedName,
  type Encoding,
  isCompressible,
  MIN_COMPRESS_BYTES,
  varyOnEncoding,
} from "./compress.ts";

/** What the asset routes need to know about the app. */
export interface AssetOptions {
  basePath: string;
  buildId: string;
  bundle: Bundle | null;
  staticFiles: Map<string, StaticFile>;
  dev: boolean;
  /** Plugins that may serve files of their own under /_frsh/. */
  plugins?: Plugin[];
}

/** An asset a request asks for, with the answer it gets. */
export interface AssetMatch {
  destination: "internal" | "static";
  /** The file the static file's middlewares are scoped by; null for bundles. */
  scopeFile: string | null;
  serve(): Promise<Response> | Response;
}

/** The bundle file or static file a request asks for, or null. */
export function matchAsset(
  req: Request,
  url: URL,
  opts: AssetOptions,
): AssetMatch | null {
  const path = url.pathname;
  const jsPrefix = `${opts.basePath}/_frsh/js/${opts.buildId}/`;
  const readOnly = req.method === "GET" || req.method === "HEAD";
  if (path.startsWith(jsPrefix) && opts.bundle) {
    const bundle = opts.bundle;
    const name = path.slice(jsPrefix.length);
    return {
      destination: "internal",
      scopeFile: null,
      serve: () =>
        readOnly
          ? serveBundleFile(req, bundle, name, opts.dev)
          : new Response(null, {
            status: 405,
            headers: { allow: "GET, HEAD" },
          }),
    };
  }
  if (!readOnly) return null;
  const internal = `${opts.basePath}/_frsh/`;
  if (opts.plugins && path.startsWith(internal)) {
    const rest = path.slice(opts.basePath.length);
    for (const plugin of opts.plugins) {
      const serve = plugin.serveInternal?.(rest);
      if (serve) {
        return {
          destination: "internal",
          scopeFile: null,
          serve: () => serve(req),
        };
      }
    }
  }
  const file = opts.staticFiles.get(
    safeDecode(opts.basePath ? path.slice(opts.basePath.length) : path),
  );
  if (!file) return null;
  return {
    destination: "static",
    scopeFile: file.path.slice(1),
    serve: () => serveStaticFile(req, url, file, opts.buildId),
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const encodedCopies = new WeakMap<Bundle, Map<string, Promise<Uint8Array>>>();

// The prebuilt compressed copy, else one made now and kept with the bundle.
function encodedBundleFile(
  bundle: Bundle,
  name: string,
  contents: Uint8Array,
  encoding: Encoding,
): Promise<Uint8Array> {
  const key = encodedName(name, encoding);
  const prebuilt = bundle.file(key);
  if (prebuilt) return Promise.resolve(prebuilt);
  let copies = encodedCopies.get(bundle);
  if (!copies) encodedCopies.set(bundle, copies = new Map());
  let copy = copies.get(key);
  if (!copy) {
    copy = compressBytes(contents, encoding, true);
    copies.set(key, copy);
  }
  return copy;
}

async function serveBundleFile(
  req: Request,
  bundle: Bundle,
  name: string,
  dev: boolean,
): Promise<Response> {
  const contents = bundle.file(name);
  if (!contents) return new Response("Not found", { status: 404 });
  const type = contentType(name);
  const headers = new Headers({
    "content-type": type,
    "cache-control": dev
      ? "no-cache, no-store, max-age=0, must-revalidate"
      : "public, max-age=31536000, immutable",
    "x-content-type-options": "nosniff",
  });
  let body = contents;
  if (isCompressible(type)) {
    varyOnEncoding(headers);
    const encoding = chooseEncoding(req.headers.get("accept-encoding"));
    if (encoding && contents.byteLength >= MIN_COMPRESS_BYTES) {
      body = await encodedBundleFile(bundle, name, contents, encoding);
      headers.set("content-encoding", encoding);
    }
  }
  headers.set("content-length", String(body.byteLength));
  return new Response(
    req.method === "HEAD" ? null : body as Uint8Array<ArrayBuffer>,
    { headers },
  );
}
