/**
 * `$fresh/plugins/twindv1.ts`: twind v1 styles extracted on the server.
 *
 * Each page gets a `<style id="__FRSH_TWIND">` with the rules for the classes
 * its HTML uses, plus the rules for every class named in the source of the
 * islands on the page, so classes an island adds later in the browser are
 * styled without shipping twind to the browser. Nothing else is included: the
 * sheet is reset after every page.
 * @module
 */
import {
  consume,
  stringify,
  twind,
  type TwindConfig,
  virtual,
} from "@twind/core";
import type { Plugin } from "../server.ts";

/** twind options plus the config module's URL (kept for Fresh compatibility). */
// deno-lint-ignore no-explicit-any
export type Options = TwindConfig<any> & { selfURL?: string };

const STRING_LITERAL = /(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
const CLASS_TOKEN = /^[!-]?[a-z0-9@&:[\]\-/.%#_(),'=>~+*]+$/i;

/** Candidate class names in a source text: every word of every string literal. */
export function classCandidates(source: string): string[] {
  const out = new Set<string>();
  for (const match of source.matchAll(STRING_LITERAL)) {
    for (const token of match[2].split(/[\s]+|\$\{|\}/)) {
      if (token.length > 0 && token.length < 100 && CLASS_TOKEN.test(token)) {
        out.add(token);
      }
    }
  }
  return [...out];
}

/** Creates the twind plugin. */
export default function twindv1(options: Options): Plugin {
  const { selfURL: _selfURL, ...config } = options;
  const tw = twind(config as TwindConfig, virtual());
  const fileTokens = new Map<string, Promise<string[]>>();
  const tokensOf = (file: string): Promise<string[]> => {
    let tokens = fileTokens.get(file);
    if (!tokens) {
      tokens = Deno.readTextFile(file).then(classCandidates, () => []);
      fileTokens.set(file, tokens);
    }
    return tokens;
  };

  return {
    name: "twind",
    async renderAsync(ctx) {
      const page = await ctx.renderAsync();
      const extra = (await Promise.all(page.islandSources.map(tokensOf)))
        .flat();
      // Synchronous from here on, so concurrent renders never share a sheet.
      const restore = tw.snapshot();
      try {
        consume(page.htmlText, tw);
        for (const token of extra) tw(token);
        return {
          styles: [{ cssText: stringify(tw.target), id: "__FRSH_TWIND" }],
        };
      } finally {
        restore();
      }
    },
  };
}
