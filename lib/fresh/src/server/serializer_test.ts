import assert from "node:assert/strict";
import { type Signal, signal } from "@preact/signals";
import { h } from "preact";
import { serialize } from "./serializer.ts";
import { deserialize } from "../runtime/deserializer.ts";

function roundTrip(value: unknown): unknown {
  return deserialize(serialize(value).text, signal);
}

/** Asserts the text is safe to embed in a script element. */
function assertSafe(text: string) {
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  JSON.parse(text); // still valid JSON
}

const HOSTILE = [
  "</script><script>alert(1)</script>",
  "<!--",
  "<script",
  "-->",
  "\u2028",
  "\u2029",
  "a\u2028b\u2029c",
  "]]>",
  "back\\slash\\",
  "\"quotes\" and 'single'",
  "&amp; &lt;",
  "</SCRIPT>",
];

Deno.test("plain JSON values round-trip without deserializer", () => {
  const value = {
    str: "hello",
    empty: "",
    unicode: "héllo 🌍 日本語",
    n: 42,
    neg: -1.5,
    zero: 0,
    t: true,
    f: false,
    nil: null,
    nested: { a: { b: { c: [1, [2, [3]], { d: "e" }] } } },
    arr: [],
    obj: {},
  };
  const { text, requiresDeserializer, hasSignals } = serialize(value);
  assert.equal(requiresDeserializer, false);
  assert.equal(hasSignals, false);
  assert.deepEqual(JSON.parse(text).v, value);
  assert.deepEqual(deserialize(text), value);
  for (const v of [null, 1, "x", true, [], [1, "a"]]) {
    assert.equal(serialize(v).requiresDeserializer, false);
    assert.deepEqual(roundTrip(v), v);
  }
});

Deno.test("hostile strings are escaped and round-trip", () => {
  const value = {
    list: HOSTILE,
    ...Object.fromEntries(HOSTILE.map((s) => [s, s])),
  };
  const { text, requiresDeserializer } = serialize(value);
  assertSafe(text);
  assert.equal(requiresDeserializer, false);
  assert.ok(text.includes("\\u003c/script\\u003e"));
  assert.deepEqual(roundTrip(value), value);
  for (const s of HOSTILE) {
    assertSafe(serialize(s).text);
    assert.equal(roundTrip(s), s);
  }
});

Deno.test("text embedded in a script element parses back", () => {
  const value = { a: HOSTILE, b: { c: "</script>" } };
  const { text } = serialize(value);
  const html = `<script type="application/json">${text}</script>`;
  const m = html.match(/^<script type="application\/json">(.*?)<\/script>$/s);
  assert.ok(m);
  assert.equal(m[1], text);
  assert.deepEqual(JSON.parse(m[1]).v, value);
});

Deno.test("JSON semantics for unsupported values", () => {
  class Point {
    constructor(public x: number, public y: number) {}
    norm() {
      return Math.hypot(this.x, this.y);
    }
  }
  const value = {
    fn: () => 1,
    undef: undefined,
    arr: [undefined, () => 1, NaN, Infinity, -Infinity, 1],
    nan: NaN,
    map: new Map([[1, 2]]),
    set: new Set([1]),
    point: new Point(1, 2),
    url: new URL("https://example.com/"),
  };
  const { text, requiresDeserializer } = serialize(value);
  assert.equal(requiresDeserializer, false);
  const expected = JSON.parse(JSON.stringify(value));
  assert.deepEqual(JSON.parse(text).v, expected);
  assert.deepEqual(roundTrip(value), expected);
  assert.equal(roundTrip(undefined), null);
});

Deno.test("Dates round-trip, including invalid ones", () => {
  const d = new Date("2024-02-29T12:34:56.789Z");
  const { text, requiresDeserializer } = serialize({ d });
  assert.equal(requiresDeserializer, true);
  assert.deepEqual(JSON.parse(text).v, { d: { _f: "d", v: d.toISOString() } });
  const back = roundTrip({ d }) as { d: Date };
  assert.ok(back.d instanceof Date);
  assert.equal(back.d.getTime(), d.getTime());

  const invalid = new Date("nope");
  assert.deepEqual(JSON.parse(serialize(invalid).text).v, { _f: "d", v: null });
  const backInvalid = roundTrip(invalid);
  assert.ok(backInvalid instanceof Date);
  assert.ok(Number.isNaN(backInvalid.getTime()));
});

Deno.test("bigint and Uint8Array round-trip", () => {
  const big = 12345678901234567890123456789n;
  assert.deepEqual(JSON.parse(serialize(big).text).v, {
    _f: "b",
    d: big.toString(),
  });
  assert.equal(roundTrip(big), big);
  assert.equal(roundTrip(-5n), -5n);

  const bytes = new Uint8Array(70000).map((_, i) => (i * 7) % 256);
  const back = roundTrip({ bytes, empty: new Uint8Array() }) as {
    bytes: Uint8Array;
    empty: Uint8Array;
  };
  assert.ok(back.bytes instanceof Uint8Array);
  assert.deepEqual(back.bytes, bytes);
  assert.equal(back.empty.length, 0);
  assert.deepEqual(JSON.parse(serialize(new Uint8Array([1, 2, 3])).text).v, {
    _f: "u8a",
    d: "AQID",
  });
});

Deno.test("signals round-trip and shared signals stay shared", () => {
  const count = signal(3);
  const nested = signal({ list: [1, 2], date: new Date(0) });
  const value = { a: count, b: count, nested, props: [{ s: count }] };
  const { text, requiresDeserializer, hasSignals } = serialize(value);
  assert.equal(requiresDeserializer, true);
  assert.equal(hasSignals, true);
  assertSafe(text);

  const back = deserialize(text, signal) as {
    a: Signal<number>;
    b: Signal<number>;
    nested: Signal<{ list: number[]; date: Date }>;
    props: { s: Signal<number> }[];
  };
  assert.equal(back.a.value, 3);
  assert.equal(back.a, back.b);
  assert.equal(back.a, back.props[0].s);
  assert.notEqual(back.a, count);
  back.a.value = 4;
  assert.equal(back.b.value, 4);
  assert.deepEqual(back.nested.value.list, [1, 2]);
  assert.ok(back.nested.value.date instanceof Date);
  assert.equal(back.nested.peek().date.getTime(), 0);

  assert.throws(() => deserialize(text), /signal factory/);
});

Deno.test("shared objects and circular references", () => {
  const shared = { name: "shared", list: [1, 2] };
  type Node = { id: number; self?: Node; parent?: Node; children: Node[] };
  const root: Node = { id: 0, children: [] };
  root.self = root;
  const child: Node = { id: 1, parent: root, children: [] };
  root.children.push(child, child);
  const arr: unknown[] = [1];
  arr.push(arr);
  const value = { x: shared, y: [shared, shared.list], root, arr };

  const { text, requiresDeserializer } = serialize(value);
  assert.equal(requiresDeserializer, true);
  assert.ok(JSON.parse(text).r.length > 0);
  const back = deserialize(text) as typeof value;
  assert.equal(back.x, back.y[0]);
  assert.equal(back.x.list, back.y[1]);
  assert.deepEqual(back.x, shared);
  assert.equal(back.root.self, back.root);
  assert.equal(back.root.children[0], back.root.children[1]);
  assert.equal(back.root.children[0].parent, back.root);
  assert.equal(back.arr[1], back.arr);
  // node:assert handles cycles: the whole structure is equivalent.
  assert.deepEqual(back, value);

  // A shared Date / signal inside a cycle.
  const d = new Date(1000);
  const s = signal<unknown>(null);
  const cyc = { d, d2: d, s };
  s.value = cyc;
  const back2 = roundTrip(cyc) as { d: Date; d2: Date; s: Signal<unknown> };
  assert.equal(back2.d, back2.d2);
  assert.equal(back2.s.value, back2);
});

Deno.test("objects with a _f key survive", () => {
  const inner = { _f: "s", v: 1 };
  const value = {
    a: { _f: "d", v: "2020-01-01T00:00:00.000Z", extra: [1] },
    b: { _f: { _f: "nested" }, x: 1 },
    c: inner,
    d: inner,
    e: { _f: 5n },
    f: [{ _f: "l", k: "x", v: {} }],
  };
  const { text, requiresDeserializer } = serialize(value);
  assert.equal(requiresDeserializer, true);
  const back = deserialize(text) as typeof value;
  assert.deepEqual(back, value);
  assert.equal(back.c, back.d);
});

Deno.test("JSX vnodes become null", () => {
  const value = { children: h("div", null, "hi"), list: [h("p", null)] };
  const { text, requiresDeserializer } = serialize(value);
  assert.equal(requiresDeserializer, false);
  assert.deepEqual(JSON.parse(text).v, { children: null, list: [null] });
  // Null-prototype objects are not mistaken for vnodes.
  const bare = Object.assign(Object.create(null), { type: "x", props: {} });
  assert.deepEqual(JSON.parse(serialize(bare).text).v, {
    type: "x",
    props: {},
  });
});

Deno.test("crafted reference paths cannot pollute prototypes", () => {
  const attacks = [
    '{"v":{"a":{"polluted":true},"b":0},"r":[[["a"],["__proto__","polluted"]]]}',
    '{"v":{"a":{"polluted":true},"b":0},"r":[[["a"],["b","__proto__"]]]}',
    '{"v":{"a":{"polluted":true},"__proto__":{"x":0}},"r":[[["a","polluted"],["__proto__","polluted"]]]}',
    '{"v":{"a":{"polluted":true},"b":{}},"r":[[["a","polluted"],["b","constructor","prototype","polluted"]]]}',
    '{"v":{"a":{"polluted":true},"b":{}},"r":[[["a","polluted"],["b","polluted"]]]}',
    '{"v":{"a":true,"b":[]},"r":[[["a"],["b","length"]]]}',
    '{"v":{"a":true},"r":[[["__proto__"],["a"]]]}',
    '{"v":{"a":true},"r":[[["toString"],["a"]]]}',
    '{"v":{"a":true},"r":[[["a"],[]]]}',
    '{"v":{"a":true},"r":"x"}',
    '{"v":{"a":{"_f":"evil"}}}',
  ];
  for (const text of attacks) {
    assert.throws(() => deserialize(text, signal), Error, text);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.hasOwn(Object.prototype, "polluted"), false);
    assert.equal(Object.hasOwn(Array.prototype, "polluted"), false);
  }
  // An own "__proto__" data key from JSON stays an ordinary property.
  const back = deserialize(
    '{"v":{"__proto__":{"polluted":true},"x":{"_f":"d","v":null}}}',
  ) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const back2 = deserialize(
    '{"v":{"_f":"l","k":1,"v":{"__proto__":{"polluted":true}}}}',
  ) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(back2), Object.prototype);
  assert.deepEqual(Object.keys(back2), ["_f", "__proto__"]);
});
