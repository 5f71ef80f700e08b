// The one stylesheet of an app, built at start: every class twind knows
// among the candidates in the app's source folders and in the files bundled
// into its islands (dynamically imported chunks included), with its hash,
// its URL and compressed copies.
import { stringify, twind, type TwindConfig, virtual } from "@twind/core";
import { join } from "../src/server/_path.ts";
import { sha256Hex } from "../src/server/digest.ts";
import { compressBytes, type Encoding } from "../src/server/compress.ts";

// Like Tailwind's scanner: any run of characters a class name can hold is a
// candidate, wherever it stands (string, template literal across lines,
// object key). Quotes, backticks, braces and spaces end a candidate.
const CANDIDATE = /[A-Za-z0-9_\-:.\/\[\]%#!@&>+*,()=~]+/g;
const SOURCE = /\.(?:[tj]sx?|mjs)$/;
const TEST = /[._]test\.(?:[tj]sx?|mjs)$/;

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

/**
 * A cheap test that rules out most candidates before twind sees them (each
 * twind call on a word that is not a class costs a lookup of every rule):
 * class names are lowercase outside arbitrary values in brackets, never hold
 * `=`, `>`, `+`, `*`, `&`, `~`, `,` or parentheses outside brackets, and
 * never end in punctuation.
 */
export function plausibleClass(token: string): boolean {
  const outside = token.includes("[")
    ? token.replace(/\[[^\]]*\]/g, "")
    : token;
  if (/[A-Z=>+*&~,()]/.test(outside)) return false;
  if (/[.,:(=\-+*&>~\/]$/.test(token)) return false;
  if (token.includes("//") || token.includes("..")) return false;
  return /^[!-]?[a-z0-9@\[]/.test(token);
}

/** Source files (not tests) under `dirs` of `root`, recursively; absent folders are empty. */
export async function sourceFiles(
  root: string,
  dirs: string[],
): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string) => {
    try {
      for await (const entry of Deno.readDir(dir)) {
        const full = join(dir, entry.name);
        if (entry.isDirectory) await visit(full);
        else if (SOURCE.test(entry.name) && !TEST.test(entry.name)) {
          out.push(full);
        }
      }
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  };
  for (const dir of dirs) await visit(join(root, dir));
  return out.sort();
}

/** A stylesheet built once for the whole app. */
export interface Sheet {
  css: string;
  /** The classes it has rules for. */
  classes: Set<string>;
  /** `/_frsh/twind/<hash>.css` (without the base path). */
  path: string;
  etag: string;
  encoded: Map<Encoding, Uint8Array>;
}

/**
 * Builds the sheet from the candidates in `files`: a candidate is a class
 * when twind makes a rule of it.
 */
export async function buildSheet(
  config: TwindConfig,
  files: string[],
): Promise<Sheet> {
  const texts = await Promise.all(
    files.map((f) => Deno.readTextFile(f).catch(() => "")),
  );
  const candidates = new Set<string>();
  for (const text of texts) {
    for (const token of classCandidates(text)) {
      if (plausibleClass(token)) candidates.add(token);
    }
  }
  const tw = twind(config, virtual());
  tw("block"); // preflight lands now, not on the first candidate
  const classes = new Set<string>();
  for (const token of [...candidates].sort()) {
    const before = tw.target.length;
    tw(token);
    if (tw.target.length > before) classes.add(token);
  }
  const css = stringify(tw.target);
  const bytes = new TextEncoder().encode(css);
  const hash = (await sha256Hex(bytes)).slice(0, 16);
  const encoded = new Map<Encoding, Uint8Array>();
  for (const encoding of ["br", "gzip"] as const) {
    encoded.set(encoding, await compressBytes(bytes, encoding, true));
  }
  return {
    css,
    classes,
    path: `/_frsh/twind/${hash}.css`,
    etag: `"${hash}"`,
    encoded,
  };
}
