// Path helpers from Node's built-ins, which Deno provides without a download.
import { fileURLToPath, pathToFileURL } from "node:url";
export { dirname, extname, join, relative, resolve, sep } from "node:path";

/** A file: URL (string or URL) as a filesystem path. */
export function fromFileUrl(url: string | URL): string {
  return fileURLToPath(url);
}

/** A filesystem path as a file: URL. */
export function toFileUrl(path: string): URL {
  return pathToFileURL(path);
}
