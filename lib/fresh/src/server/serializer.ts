/**
 * Server-side serialization of island props (see deserializer.ts for the
 * client half).
 *
 * Output format: `{"v": <value>, "r"?: [[targetPath, ...referencePaths], ...]}`.
 * Special values become objects tagged with the key `_f`:
 * - signal (object with a `peek()` function and a `value`) → `{"_f":"s","v":value}`
 * - `Date` → `{"_f":"d","v":"<ISO string>"}`; an invalid Date → `{"_f":"d","v":null}`
 * - `bigint` → `{"_f":"b","d":"<decimal>"}`
 * - `Uint8Array` → `{"_f":"u8a","d":"<base64>"}`
 * - an object with an own `_f` key → `{"_f":"l","k":<its _f>,"v":<the other keys>}`
 * - a Preact vnode → `null` (islands rebuild children from slot markers)
 *
 * An object, array or signal met a second time (shared reference or cycle) is
 * written as `0` and recorded in `"r"`; paths are arrays of keys into the JSON
 * tree under `"v"`.
 *
 * @module
 */

type Key = string | number;

interface Seen {
  path: Key[];
  refs: Key[][];
}

/** Characters that must never appear raw inside a `<script>` element. */
const UNSAFE_CHARS = /[<>&\u2028\u2029]/g;

function escapeChar(c: string): string {
  return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
}

function isSignal(x: object): x is { peek(): unknown; value: unknown } {
  return typeof (x as { peek?: unknown }).peek === "function" &&
    "value" in x;
}

/**
 * Preact vnodes are plain objects with an own `constructor: undefined`.
 * (@preact/signals also gives signals `type`/`props`, so test signals first.)
 */
function isVNode(x: object): boolean {
  return "type" in x && "props" in x && Object.hasOwn(x, "constructor") &&
    (x as { constructor?: unknown }).constructor === undefined;
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/**
 * Serializes island props (and any JSON-able state) into a string that is safe
 * to embed as the text of a `<script type="application/json">` element.
 *
 * Supported with full fidelity: null, booleans, finite numbers, strings,
 * plain objects, arrays, bigint, `Date` (valid or invalid), `Uint8Array`,
 * signals, objects with a `_f` key, shared references and cycles.
 * Everything else follows plain `JSON.stringify` semantics: functions,
 * symbols and `undefined` properties are dropped, `undefined`/functions in
 * arrays become `null`, `NaN`/`Infinity` become `null`, `toJSON()` is honoured,
 * and Maps, Sets and class instances become plain objects of their own
 * enumerable properties (a Map or Set therefore becomes `{}`). Preact vnodes
 * become `null`.
 *
 * In the returned `text`, `<`, `>`, `&`, U+2028 and U+2029 are written as
 * `\uXXXX` escapes, so no value can close the script element or break JS
 * parsing; the text is still valid JSON.
 *
 * @returns `text`: the JSON text; `requiresDeserializer`: false when the text
 * contains no tagged values and no references, so `JSON.parse(text).v` is
 * enough on the client; `hasSignals`: true when any signal was serialized.
 */
export function serialize(
  value: unknown,
): { text: string; requiresDeserializer: boolean; hasSignals: boolean } {
  const seen = new Map<object, Seen>();
  let tagged = false;
  let hasSignals = false;

  const walk = (x: unknown, path: Key[]): unknown => {
    if (x === null || typeof x === "string" || typeof x === "boolean") {
      return x;
    }
    if (typeof x === "number") return Number.isFinite(x) ? x : null;
    if (typeof x === "bigint") {
      tagged = true;
      return { _f: "b", d: x.toString() };
    }
    // undefined, functions, symbols: dropped (or null inside arrays).
    if (typeof x !== "object") return undefined;
    const prev = seen.get(x);
    if (prev) {
      prev.refs.push(path);
      return 0;
    }
    const signal = isSignal(x);
    if (!signal && isVNode(x)) return null;
    seen.set(x, { path, refs: [] });

    if (signal) {
      tagged = hasSignals = true;
      return { _f: "s", v: walk(x.peek(), [...path, "v"]) };
    }
    if (x instanceof Date) {
      tagged = true;
      const t = x.getTime();
      return { _f: "d", v: Number.isNaN(t) ? null : x.toISOString() };
    }
    if (x instanceof Uint8Array) {
      tagged = true;
      return { _f: "u8a", d: toBase64(x) };
    }
    if (Array.isArray(x)) {
      return x.map((item, i) => walk(item, [...path, i]) ?? null);
    }
    const toJSON = (x as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") {
      const out = walk(toJSON.call(x), path);
      if (out === undefined) seen.delete(x);
      return out;
    }

    const walkProps = (base: Key[], skip?: string) => {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(x)) {
        if (key === skip) continue;
        const v = walk((x as Record<string, unknown>)[key], [...base, key]);
        if (v !== undefined) {
          Object.defineProperty(out, key, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      return out;
    };

    if (Object.hasOwn(x, "_f")) {
      tagged = true;
      const k = walk((x as { _f: unknown })._f, [...path, "k"]);
      return { _f: "l", k, v: walkProps([...path, "v"], "_f") };
    }
    return walkProps(path);
  };

  const state: { v: unknown; r?: Key[][][] } = { v: walk(value, []) ?? null };
  const refs: Key[][][] = [];
  for (const { path, refs: paths } of seen.values()) {
    if (paths.length > 0) refs.push([path, ...paths]);
  }
  if (refs.length > 0) state.r = refs;

  return {
    text: JSON.stringify(state).replace(UNSAFE_CHARS, escapeChar),
    requiresDeserializer: tagged || refs.length > 0,
    hasSignals,
  };
}
