/**
 * `$fresh/plugins/twindv1.ts`: twind v1 styles extracted on the server.
 *
 * In production one stylesheet is built when the app starts: the rules for
 * every class named in the source of `routes/`, `islands/` and
 * `components/` (the `content` option) and of every file bundled into an
 * island, dynamically imported chunks included, so classes an island adds
 * later in the browser are styled too. It is served at
 * `/_frsh/twind/<content hash>.css` with a year of immutable caching (brotli
 * and gzip copies made once) and linked from every page; no page carries
 * CSS of its own and no request scans HTML.
 *
 * In development (`deno task dev`) nothing is built at start, so the server
 * is up at once: each page gets a `<style id="__FRSH_TWIND">` with the rules
 * for the classes its HTML uses plus those named in the source of the
 * islands on the page (the CSS of a class set is cached).
 * @module
 */
import { stringify, twind, type TwindConfig, virtual } from "@twind/core";
import type { Plugin, PluginRenderResult } from "../server.ts";
import {
  buildSheet,
  classCandidates,
  type Sheet,
  sourceFiles,
} from "./_twind_sheet.ts";
import { chooseEncoding } from "../src/server/compress.ts";

export { classCandidates };

/** twind options plus the config module's URL (kept for Fresh compatibility). */
// deno-lint-ignore no-explicit-any
export type Options = TwindConfig<any> & {
  selfURL?: string;
  /** Folders of the app whose sources name classes; default routes, islands, components. */
  content?: string[];
};

/** The default folders scanned for class names. */
export const DEFAULT_CONTENT = ["routes", "islands", "components"];

/** The twind plugin with its built sheet (null in dev, or before the app is ready). */
export interface TwindPlugin extends Plugin {
  sheet(): Sheet | null;
}

/** Creates the twind plugin. */
export default function twindv1(options: Options): TwindPlugin {
  const { selfURL: _selfURL, content = DEFAULT_CONTENT, ...config } = options;
  let sheet: Sheet | null = null;
  let linked: PluginRenderResult | null = null;
  const perPage = perPageStyles(config as TwindConfig);

  return {
    name: "twind",
    sheet: () => sheet,
    async appReady(app) {
      if (app.dev) return;
      const files = await sourceFiles(app.root, content);
      sheet = await buildSheet(config as TwindConfig, [
        ...new Set([...files, ...app.islandSources]),
      ]);
      linked = {
        links: [{ rel: "stylesheet", href: app.basePath + sheet.path }],
      };
    },
    serveInternal(path) {
      if (!sheet || path !== sheet.path) return null;
      const built = sheet;
      return (req) => serveSheet(req, built);
    },
    renderAsync(ctx) {
      return linked ? Promise.resolve(linked) : perPage(ctx);
    },
  };
}

const SHEET_HEADERS = {
  "content-type": "text/css; charset=utf-8",
  "cache-control": "public, max-age=31536000, immutable",
  "x-content-type-options": "nosniff",
  vary: "Accept-Encoding",
};

function serveSheet(req: Request, sheet: Sheet): Response {
  const headers = new Headers(SHEET_HEADERS);
  headers.set("etag", sheet.etag);
  if (req.headers.get("if-none-match") === sheet.etag) {
    return new Response(null, { status: 304, headers });
  }
  const encoding = chooseEncoding(req.headers.get("accept-encoding"));
  const body = encoding
    ? sheet.encoded.get(encoding)!
    : new TextEncoder().encode(sheet.css);
  if (encoding) headers.set("content-encoding", encoding);
  headers.set("content-length", String(body.byteLength));
  return new Response(
    req.method === "HEAD" ? null : body as Uint8Array<ArrayBuffer>,
    { headers },
  );
}

// Development: each page's own styles, found in its HTML and its islands.
function perPageStyles(
  config: TwindConfig,
): NonNullable<Plugin["renderAsync"]> {
  const tw = twind(config, virtual());
  // Per source file, the candidates that are classes: found once, by asking
  // twind whether each one produces a rule.
  const fileClasses = new Map<string, Promise<string[]>>();
  const classesOf = (file: string): Promise<string[]> => {
    let classes = fileClasses.get(file);
    if (!classes) {
      classes = Deno.readTextFile(file).then((text) => {
        const restore = tw.snapshot();
        try {
          tw("block"); // preflight lands now, not on the first candidate
          return classCandidates(text).filter((token) => {
            const before = tw.target.length;
            tw(token);
            return tw.target.length > before;
          });
        } finally {
          restore();
        }
      }, () => []);
      fileClasses.set(file, classes);
    }
    return classes;
  };

  // Pages of one kind use the same classes, so the CSS of a class set is
  // built once and reused (bounded, least recently used out first).
  const cssCache = new Map<string, string>();
  const cssFor = (classes: string[]): string => {
    const key = classes.join(" ");
    const hit = cssCache.get(key);
    if (hit !== undefined) {
      cssCache.delete(key);
      cssCache.set(key, hit);
      return hit;
    }
    // Synchronous, so concurrent renders never share a sheet.
    const restore = tw.snapshot();
    let css: string;
    try {
      for (const name of classes) tw(name);
      css = stringify(tw.target);
    } finally {
      restore();
    }
    cssCache.set(key, css);
    if (cssCache.size > CSS_CACHE_SIZE) {
      cssCache.delete(cssCache.keys().next().value!);
    }
    return css;
  };

  return async (ctx) => {
    const page = await ctx.renderAsync();
    const extra = (await Promise.all(page.islandSources.map(classesOf)))
      .flat();
    const classes = new Set<string>(extra);
    for (const match of page.htmlText.matchAll(CLASS_ATTRIBUTE)) {
      for (const name of unescapeAttribute(match[1]).split(/\s+/)) {
        if (name) classes.add(name);
      }
    }
    return {
      styles: [{ cssText: cssFor([...classes].sort()), id: "__FRSH_TWIND" }],
    };
  };
}

/** How many distinct class sets keep their CSS. */
const CSS_CACHE_SIZE = 500;
// Class attributes as preact-render-to-string writes them: double-quoted.
const CLASS_ATTRIBUTE = /\sclass="([^"]*)"/g;

function unescapeAttribute(value: string): string {
  return value.includes("&")
    ? value.replaceAll("&quot;", '"').replaceAll("&amp;", "&")
    : value;
}
