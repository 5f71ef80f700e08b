/**
 * File-system route patterns, their priority order, and a first-match-wins
 * router over URLPattern pathnames (Fresh 1.x semantics, see
 * shared/reference/fresh-1x.md §3.1-3.2).
 *
 * @module
 */

// URLPattern accepts the same names as JavaScript identifiers.
const PARAM_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;
const NAME_CHAR = /^[\p{ID_Continue}$\u200C\u200D]$/u;
const PATTERN_SYNTAX = /[\\+*?(){}:]/g;
const DYNAMIC = /[*:{}+?()\\]/;

type Segment =
  | { kind: "fixed"; text: string }
  | { kind: "optional"; name: string }
  | { kind: "rest"; name: string };

function paramName(name: string, path: string): string {
  if (!PARAM_NAME.test(name)) {
    throw new Error(
      `Invalid route "${path}": "${name}" is not a valid parameter name.`,
    );
  }
  return name;
}

function parseSegment(seg: string, path: string): Segment {
  const rest = /^\[\.\.\.(.*)\]$/.exec(seg);
  if (rest) return { kind: "rest", name: paramName(rest[1], path) };
  const optional = /^\[\[(.*)\]\]$/.exec(seg);
  if (optional) return { kind: "optional", name: paramName(optional[1], path) };

  let text = "";
  let paramEnd = -1;
  for (let i = 0; i < seg.length;) {
    const char = String.fromCodePoint(seg.codePointAt(i)!);
    if (char === "]") {
      throw new Error(`Invalid route "${path}": unbalanced "]".`);
    }
    if (char !== "[") {
      text += char.replace(PATTERN_SYNTAX, "\\$&");
      i += char.length;
      continue;
    }
    if (seg[i + 1] === "[") {
      throw new Error(
        `Invalid route "${path}": an optional parameter must be a whole segment.`,
      );
    }
    if (seg.startsWith("[...", i)) {
      throw new Error(
        `Invalid route "${path}": a catch-all parameter must be a whole segment.`,
      );
    }
    if (paramEnd === i) {
      throw new Error(
        `Invalid route "${path}": two parameters need literal text between them.`,
      );
    }
    const close = seg.indexOf("]", i);
    if (close === -1) {
      throw new Error(`Invalid route "${path}": unbalanced "[".`);
    }
    const name = paramName(seg.slice(i + 1, close), path);
    paramEnd = close + 1;
    const next = seg.codePointAt(paramEnd);
    // Literal name characters right after ":name" would extend the name.
    const glued = next !== undefined &&
      NAME_CHAR.test(String.fromCodePoint(next));
    text += glued ? `{:${name}}` : `:${name}`;
    i = paramEnd;
  }
  return { kind: "fixed", text };
}

function emit(segments: Segment[]): string {
  return segments.map((s) =>
    s.kind === "fixed"
      ? `/${s.text}`
      : s.kind === "optional"
      ? `{/:${s.name}}?`
      : `/:${s.name}*`
  ).join("");
}

/**
 * Converts a route file path relative to `routes/`, without extension and
 * with "/" separators (e.g. `"blog/[slug]"`, `"(marketing)/about"`,
 * `"index"`, `"docs/[...rest]"`, `"[[lang]]/x"`, `"[mod]@[version]"`,
 * `"[foo].json"`), into a URLPattern pathname string.
 *
 * A trailing `index` is dropped, `(group)` segments are removed, `[id]`
 * becomes `:id`, `[...rest]` becomes `/:rest*` (zero or more segments) and
 * `[[opt]]` becomes `{/:opt}?`. URLPattern syntax characters in literal text
 * are backslash-escaped. The result always starts with "/" and has no
 * trailing slash (except the root "/"). Unlike Fresh, leading optional
 * segments are written so that the result still starts with "/":
 * `[[lang]]/x` → `/{:lang/}?x` (matches `/x` and `/en/x`) and `[[lang]]` →
 * `/{:lang}?` (matches `/` and `/en`).
 *
 * @throws {Error} if two parameters are adjacent (`[a][b]`), an optional or
 * catch-all parameter is not a whole segment, brackets are unbalanced, or a
 * parameter name is not a valid identifier.
 */
export function pathToPattern(path: string): string {
  const parts = path.split("/").filter((p) => p !== "");
  if (parts.at(-1) === "index") parts.pop();
  const segments = parts
    .filter((p) => !(p.startsWith("(") && p.endsWith(")")))
    .map((p) => parseSegment(p, path));

  let lead = segments.findIndex((s) => s.kind !== "optional");
  if (lead === -1) lead = segments.length;
  if (lead === 0) return emit(segments) || "/";

  const optionals = segments.slice(0, lead) as { name: string }[];
  const next = segments[lead];
  // Each leading optional owns the "/" after it, so "/x" still matches.
  if (next?.kind === "fixed") {
    return "/" + optionals.map((s) => `{:${s.name}/}?`).join("") +
      next.text + emit(segments.slice(lead + 1));
  }
  // Only optionals (or a catch-all) follow: the first one may be empty so
  // that "/" matches.
  return `/{:${optionals[0].name}}?` + emit(segments.slice(1));
}

const SCORE_MIDDLEWARE = 5;
const SCORE_SPECIAL = 4;
const SCORE_LITERAL = 3;
const SCORE_MIXED = 2;
const SCORE_PARAM = 1;
const SCORE_REST = 0;

function segmentScore(seg: string): number {
  if (seg === "_middleware") return SCORE_MIDDLEWARE;
  if (seg.startsWith("_")) return SCORE_SPECIAL;
  if (seg.startsWith("[...")) return SCORE_REST;
  if (/^\[\[?[^\]]*\]?\]$/.test(seg)) return SCORE_PARAM;
  return seg.includes("[") ? SCORE_MIXED : SCORE_LITERAL;
}

// Groups do not appear in URLs, so they must not shift segment comparison.
function routeSegments(path: string): string[] {
  return path.split("/").filter((p) =>
    p !== "" && !(p.startsWith("(") && p.endsWith(")"))
  );
}

function compareRoutePaths(a: string, b: string): number {
  if (a === "_app" || b === "_app") {
    return Number(b === "_app") - Number(a === "_app");
  }
  const sa = routeSegments(a);
  const sb = routeSegments(b);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const diff = segmentScore(sb[i]) - segmentScore(sa[i]);
    if (diff !== 0) return diff;
  }
  return sa.length - sb.length;
}

/**
 * Returns a new array of route file paths (relative to `routes/`, without
 * extension) ordered so that more specific routes come first. `_app` comes
 * first; then paths are compared segment by segment with the score
 * `_middleware` > other `_…` > literal > mixed (`[a].json`) > `[x]`/`[[x]]` >
 * `[...x]`; if all shared segments tie, the path with fewer segments comes
 * first; remaining ties keep their input order. Unlike Fresh, `(group)`
 * segments are skipped when comparing, so `(g)/[...rest]` still sorts after
 * `[id]`. Never throws.
 */
export function sortRoutePaths(paths: string[]): string[] {
  return paths.toSorted(compareRoutePaths);
}

/** True if the pattern has no dynamic parts (it is matched as an exact string). */
export function isStaticPattern(pattern: string): boolean {
  return !DYNAMIC.test(pattern);
}

/** A successful {@linkcode Router.match}. */
export interface RouteMatch<T> {
  /** The value of the entry that matched. */
  value: T;
  /** Percent-decoded URLPattern groups; groups that did not take part are "". */
  params: Record<string, string>;
  /** The pattern string of the entry that matched. */
  route: string;
}

interface DynamicEntry<T> {
  index: number;
  pattern: string;
  value: T;
  matcher: URLPattern;
  /** The literal start of the pattern: a path without it cannot match. */
  prefix: string;
}

// The pattern up to its first character with a meaning of its own, in the
// encoding URLPattern compares with ("" when that cannot be told).
function literalPrefix(pattern: string): string {
  const end = pattern.search(/[:*(){}?+\\]/);
  // A "/" before a parameter belongs to it (`/docs/:rest*` matches /docs).
  const literal = end < 0 ? pattern : pattern.slice(0, end).replace(/\/$/, "");
  if (/^[A-Za-z0-9\/._~-]*$/.test(literal)) return literal;
  try {
    return new URLPattern({ pathname: literal }).pathname;
  } catch {
    return "";
  }
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * A first-match-wins router over pathname patterns produced by
 * {@linkcode pathToPattern} or given by a route's `routeOverride`.
 */
export class Router<T> {
  #entries: { pattern: string; value: T }[];
  // Canonical (percent-encoded) pathname → index of its first static entry.
  #static = new Map<string, number>();
  #dynamic: DynamicEntry<T>[] = [];

  /**
   * Builds the router from entries that are already in priority order.
   *
   * @throws {TypeError} if a pattern is not valid URLPattern pathname syntax.
   */
  constructor(entries: { pattern: string; value: T }[]) {
    this.#entries = entries.map(({ pattern, value }) => ({ pattern, value }));
    this.#entries.forEach(({ pattern, value }, index) => {
      const matcher = new URLPattern({ pathname: pattern });
      if (!isStaticPattern(pattern)) {
        this.#dynamic.push({
          index,
          pattern,
          value,
          matcher,
          prefix: literalPrefix(pattern),
        });
      } else if (!this.#static.has(matcher.pathname)) {
        this.#static.set(matcher.pathname, index);
      }
    });
  }

  /**
   * Returns the first entry (in priority order) whose pattern matches the
   * pathname, or null if none does. `pathname` must be a URL's (encoded)
   * pathname. Never throws.
   */
  match(pathname: string): RouteMatch<T> | null {
    const staticIndex = this.#static.get(pathname) ?? Infinity;
    // A static hit only wins if no earlier dynamic entry also matches.
    for (const entry of this.#dynamic) {
      if (entry.index > staticIndex) break;
      // URLPattern.exec is costly; most entries fail on their literal start.
      if (!pathname.startsWith(entry.prefix)) continue;
      const result = entry.matcher.exec({ pathname });
      if (!result) continue;
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(result.pathname.groups)) {
        params[name] = value === undefined ? "" : decode(value);
      }
      return { value: entry.value, params, route: entry.pattern };
    }
    if (staticIndex === Infinity) return null;
    const { value, pattern } = this.#entries[staticIndex];
    return { value, params: {}, route: pattern };
  }
}
