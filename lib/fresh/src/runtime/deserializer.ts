/**
 * Client-side half of island prop serialization (see
 * `src/server/serializer.ts` for the format). Runs in the browser: this module
 * has no imports; the signal factory is passed in by the caller.
 *
 * @module
 */

type Key = string | number;

function fail(msg: string): never {
  throw new Error(`deserialize: ${msg}`);
}

/** Returns the own property `key` of `obj`, refusing anything else. */
function ownChild(obj: unknown, key: unknown): unknown {
  if (
    typeof obj !== "object" || obj === null ||
    (typeof key !== "string" && typeof key !== "number") ||
    key === "__proto__" || !Object.hasOwn(obj, key) ||
    (Array.isArray(obj) && typeof key !== "number") // no "length"
  ) {
    fail(`invalid reference path key ${JSON.stringify(key)}`);
  }
  return (obj as Record<Key, unknown>)[key];
}

function isPath(p: unknown): p is Key[] {
  return Array.isArray(p);
}

function fromBase64(d: string): Uint8Array {
  return Uint8Array.from(atob(d), (c) => c.charCodeAt(0));
}

/** Defines an own data property (never triggers the `__proto__` setter). */
function setOwn(obj: object, key: string, value: unknown) {
  Object.defineProperty(obj, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Parses text produced by `serialize()` and rebuilds the original value:
 * signals are recreated with `signal(v)`, Dates, bigints and Uint8Arrays are
 * restored, escaped `_f` objects are unescaped, and shared references and
 * cycles are patched back in from `"r"`.
 *
 * Reference paths are resolved strictly: every key must be an own property
 * (`Object.hasOwn`) of the plain JSON tree, and `__proto__` is always
 * rejected, so a crafted text cannot reach or modify any prototype.
 *
 * @param text JSON text of the form `{"v": value, "r"?: refs}`.
 * @param signal Signal factory (e.g. `signal` from `@preact/signals`); required
 * only if the text contains signals.
 * @throws Error on malformed references, unknown tags, or a signal without a
 * `signal` factory.
 */
export function deserialize(
  text: string,
  signal?: <T>(v: T) => { value: T },
): unknown {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    fail("expected an object");
  }
  const root = (parsed as { v?: unknown }).v;
  const refs = Object.hasOwn(parsed, "r") ? (parsed as { r: unknown }).r : [];
  if (!Array.isArray(refs)) fail('"r" must be an array');

  // 1. Patch references into the raw JSON tree (paths address that tree).
  for (const entry of refs) {
    if (!Array.isArray(entry) || !entry.every(isPath) || entry.length < 2) {
      fail("invalid reference entry");
    }
    const [target, ...paths] = entry as Key[][];
    const value = target.reduce<unknown>(ownChild, root);
    for (const path of paths) {
      if (path.length === 0) fail("empty reference path");
      const parent = path.slice(0, -1).reduce<unknown>(ownChild, root);
      const key = path[path.length - 1];
      ownChild(parent, key); // validates the key
      (parent as Record<Key, unknown>)[key] = value;
    }
  }

  // 2. Revive tagged values, keeping shared objects shared (and cycles cyclic).
  const memo = new Map<object, unknown>();
  const revive = (x: unknown): unknown => {
    if (typeof x !== "object" || x === null) return x;
    if (memo.has(x)) return memo.get(x);

    if (Array.isArray(x)) {
      memo.set(x, x);
      for (let i = 0; i < x.length; i++) x[i] = revive(x[i]);
      return x;
    }
    const obj = x as Record<string, unknown>;
    if (!Object.hasOwn(obj, "_f")) {
      memo.set(obj, obj);
      for (const key of Object.keys(obj)) obj[key] = revive(obj[key]);
      return obj;
    }

    switch (obj._f) {
      case "s": {
        if (!signal) fail("a signal factory is required");
        const s = signal<unknown>(undefined);
        memo.set(obj, s);
        s.value = revive(obj.v);
        return s;
      }
      case "d": {
        const d = new Date(typeof obj.v === "string" ? obj.v : NaN);
        memo.set(obj, d);
        return d;
      }
      case "b": {
        const b = BigInt(String(obj.d));
        memo.set(obj, b);
        return b;
      }
      case "u8a": {
        const u = fromBase64(String(obj.d));
        memo.set(obj, u);
        return u;
      }
      case "l": {
        const out: Record<string, unknown> = {};
        memo.set(obj, out);
        setOwn(out, "_f", revive(obj.k));
        const rest = obj.v;
        if (typeof rest === "object" && rest !== null) {
          for (const key of Object.keys(rest)) {
            setOwn(out, key, revive((rest as Record<string, unknown>)[key]));
          }
        }
        return out;
      }
      default:
        fail(`unknown tag ${JSON.stringify(obj._f)}`);
    }
  };
  return revive(root);
}
