// Static and internal assets: which request is for a bundle file under
// /_frsh/js/<build id>/ or for a file of static/, and the answer to it.
import type { Bundle } from "./bundle.ts";
import { contentType, serveStaticFile, type StaticFile } from "./static.ts";

/** What the asset routes need to know about the app. */
export interface AssetOptions {
  basePath: string;
  buildId: string;
  bundle: Bundle | null;
  staticFiles: Map<string, StaticFile>;
  dev: boolean;
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
          ? serveBundleFile(bundle, name, opts.dev, req.method === "HEAD")
          : new Response(null, {
            status: 405,
            headers: { allow: "GET, HEAD" },
          }),
    };
  }
  if (!readOnly) return null;
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

function serveBundleFile(
  bundle: Bundle,
  name: string,
  dev: boolean,
  head: boolean,
): Response {
  const contents = bundle.file(name);
  if (!contents) return new Response("Not found", { status: 404 });
  return new Response(head ? null : contents as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": contentType(name),
      "cache-control": dev
        ? "no-cache, no-store, max-age=0, must-revalidate"
        : "public, max-age=31536000, immutable",
      "content-length": String(contents.byteLength),
      "x-content-type-options": "nosniff",
    },
  });
}
