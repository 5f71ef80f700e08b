import { getBuildId } from "./build_id.ts";

/** True when running in a browser. */
export const IS_BROWSER = typeof document !== "undefined";
/** URL prefix of the runtime's own routes. */
export const INTERNAL_PREFIX = "/_frsh";
/** Query parameter that carries the build id for cache busting. */
export const ASSET_CACHE_BUST_KEY = "__frsh_c";

/**
 * Adds the build id to a root-relative path so it can be cached forever;
 * other URLs (absolute, protocol-relative, relative) are returned unchanged.
 */
export function asset(path: string): string {
  if (!path.startsWith("/") || path.startsWith("//")) return path;
  const id = getBuildId();
  if (!id) return path;
  try {
    const url = new URL(path, "https://freshassetcache.local");
    if (
      url.protocol !== "https:" || url.host !== "freshassetcache.local" ||
      url.searchParams.has(ASSET_CACHE_BUST_KEY)
    ) return path;
    url.searchParams.set(ASSET_CACHE_BUST_KEY, id);
    return url.pathname + url.search + url.hash;
  } catch {
    return path;
  }
}

/** Applies asset() to every URL of a srcset attribute value. */
export function assetSrcSet(srcset: string): string {
  if (srcset.includes("(")) return srcset;
  return srcset.split(",").map((part) => {
    const [url, ...rest] = part.trim().split(/\s+/);
    return [asset(url), ...rest].join(" ");
  }).join(", ");
}
