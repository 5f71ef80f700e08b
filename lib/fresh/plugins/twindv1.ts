/**
 * `$fresh/plugins/twindv1.ts`: twind v1 styles extracted on the server.
 *
 * Each page gets a `<style id="__FRSH_TWIND">` with the rules for the classes
 * its HTML uses, plus the rules for every class named in the source of the
 * islands on the page, so classes an island adds later in the browser are
 * styled without shipping twind to the browser. Nothing else is included. The
 * CSS of each distinct class set is built once and cached (500 sets, least
 * recently used out first), since pages of one kind share their classes.
 * @module
 */
import { stringify, twind, type TwindConfig, virtual } from "@twind/core";
import type { Plugin } from "../server.ts";

/** twind options plus the config module's URL (kept for Fresh compatibility). */
// deno-lint-ignore no-explicit-any
export type Options = TwindConfig<any> & { selfURL?: string };

// Like Tailwind's scanner: any run of characters a class name can hold is a
// candidate, wherever it stands (string, template literal across lines,
// object key). Quotes, backticks, braces and spaces end a candidate.
const CANDIDATE = /[A-Za-z0-9_\-:.\/\[\]%#!@&>+*,()=~]+/g;

/** Candidate class names in a source text (most are not classes at all). */
export function classCandidates(source: string): string[] {
  const out = new Set<string>();
  for (const [token] of source.matchAll(CANDIDATE)) {
    if (token.length > 1 && token.length < 100 && /[a-z]/.test(token)) {
      out.add(token);
    }
  }
  return [...out];
}

/** Creates the twind plugin. */
export default function twindv1(options: Options): Plugin {
  const { selfURL: _selfURL, ...config } = options;
  const tw = twind(config as TwindConfig, virtual());
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

  return {
    name: "twind",
    async renderAsync(ctx) {
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
    },
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
