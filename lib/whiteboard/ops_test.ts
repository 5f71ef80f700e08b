import assert from "node:assert/strict";
import {
  isOp,
  MAX_PAGES,
  MAX_POINTS,
  MAX_TEXT_LENGTH,
  type Op,
  OpLog,
  pageCount,
  pagesOf,
} from "@/lib/whiteboard/ops.ts";
import { opSchema, saveWhiteboardSchema } from "@/lib/whiteboard/schema.ts";

const pen = (id: string, t: number, p = 0): Op => ({
  id,
  t,
  p,
  k: "pen",
  c: 1,
  w: 10,
  pts: [10, 10, 20, 20],
});

Deno.test("OpLog.merge() keeps each op once and orders by time, then id", () => {
  const log = new OpLog();
  assert.equal(log.merge([pen("b", 2), pen("a", 2), pen("c", 1)]).length, 3);
  assert.deepEqual(log.merge([pen("a", 2), pen("d", 5)]).map((o) => o.id), [
    "d",
  ]);
  assert.deepEqual(log.ops().map((o) => o.id), ["c", "a", "b", "d"]);
  assert.equal(log.clock, 5);
  assert.equal(log.size, 4);
});

Deno.test("two logs merged in either order give the same board and digest", () => {
  const mine = [pen("x-0", 1), pen("x-1", 2), {
    id: "x-2",
    t: 3,
    p: 0,
    k: "undo",
    ref: "x-1",
  } as Op];
  const theirs = [pen("y-0", 1), { id: "y-1", t: 2, p: 0, k: "clear" } as Op];
  const a = new OpLog(mine);
  a.merge(theirs);
  const b = new OpLog(theirs);
  b.merge(mine);
  b.merge(mine); // a resend changes nothing
  assert.deepEqual(a.ops(), b.ops());
  assert.equal(a.digest(), b.digest());
  assert.notEqual(a.digest(), new OpLog(mine).digest());
  assert.deepEqual(pagesOf(a.ops()), pagesOf(b.ops()));
});

Deno.test("pagesOf() applies undo and clear per page", () => {
  const ops: Op[] = [
    pen("a", 1),
    pen("b", 2),
    pen("c", 3, 1),
    { id: "u", t: 4, p: 0, k: "undo", ref: "b" },
    { id: "clr", t: 5, p: 1, k: "clear" },
    pen("d", 6, 1),
    { id: "txt", t: 7, p: 2, k: "text", c: 0, x: 5, y: 50, s: "Hi" },
  ];
  const pages = pagesOf(ops);
  assert.equal(pages.length, 3);
  assert.deepEqual(pages.map((p) => p.map((m) => m.id)), [["a"], ["d"], [
    "txt",
  ]]);
  // Undoing the clear brings the page back.
  const back = pagesOf([...ops, {
    id: "u2",
    t: 8,
    p: 1,
    k: "undo",
    ref: "clr",
  }]);
  assert.deepEqual(back[1].map((m) => m.id), ["c", "d"]);
  assert.equal(pageCount([]), 1);
  assert.equal(pageCount([{ id: "p", t: 1, p: 3, k: "page" }]), 4);
});

const GOOD: Op[] = [
  pen("a-1", 0),
  { id: "a-2", t: 1, p: MAX_PAGES - 1, k: "erase", pts: [0, 0, 1600, 1000] },
  { id: "a-3", t: 2, p: 0, k: "text", c: 4, x: 1600, y: 0, s: "x²" },
  { id: "a-4", t: 3, p: 0, k: "undo", ref: "a-3" },
  { id: "a-5", t: 4, p: 0, k: "clear" },
  { id: "a-6", t: 5, p: 2, k: "page" },
  {
    ...pen("a-7", 6),
    pts: Array.from({ length: MAX_POINTS * 2 }, (_, i) => i % 1000),
  } as Op,
];

const BAD: unknown[] = [
  null,
  "pen",
  { ...pen("a", 1), id: "has space" },
  { ...pen("a", 1), id: "" },
  { ...pen("a", 1), t: -1 },
  { ...pen("a", 1), t: 1.5 },
  { ...pen("a", 1), p: MAX_PAGES },
  { ...pen("a", 1), c: 5 },
  { ...pen("a", 1), w: 11 },
  { ...pen("a", 1), pts: [1, 2, 3] },
  { ...pen("a", 1), pts: [] },
  { ...pen("a", 1), pts: [1601, 0] },
  { ...pen("a", 1), pts: [0, 1001] },
  { ...pen("a", 1), pts: [0, "1"] },
  { ...pen("a", 1), pts: Array(MAX_POINTS * 2 + 2).fill(1) },
  { ...pen("a", 1), extra: true },
  { id: "a", t: 1, p: 0, k: "erase", pts: [1, 1], c: 0 },
  { id: "a", t: 1, p: 0, k: "text", c: 0, x: 1, y: 1, s: " " },
  { id: "a", t: 1, p: 0, k: "text", c: 0, x: 1, y: 1, s: "a\u0000b" },
  { id: "a", t: 1, p: 0, k: "text", c: 0, x: 1, y: 1, s: "<\n>" },
  {
    id: "a",
    t: 1,
    p: 0,
    k: "text",
    c: 0,
    x: 1,
    y: 1,
    s: "a".repeat(MAX_TEXT_LENGTH + 1),
  },
  { id: "a", t: 1, p: 0, k: "undo", ref: "bad id" },
  { id: "a", t: 1, p: 0, k: "undo" },
  { id: "a", t: 1, p: 0, k: "shape" },
];

Deno.test("isOp() and the zod schema accept and refuse the same ops", () => {
  for (const op of GOOD) {
    assert.ok(isOp(op), `isOp refused ${JSON.stringify(op).slice(0, 80)}`);
    assert.ok(opSchema.safeParse(op).success, JSON.stringify(op).slice(0, 80));
  }
  for (const op of BAD) {
    const shown = JSON.stringify(op)?.slice(0, 80);
    assert.equal(isOp(op), false, `isOp accepted ${shown}`);
    assert.equal(
      opSchema.safeParse(op).success,
      false,
      `zod accepted ${shown}`,
    );
  }
});

Deno.test("saveWhiteboardSchema takes {ops} only, up to 500 ops", () => {
  assert.ok(saveWhiteboardSchema.safeParse({ ops: GOOD }).success);
  assert.ok(!saveWhiteboardSchema.safeParse({ ops: GOOD, x: 1 }).success);
  assert.ok(!saveWhiteboardSchema.safeParse({}).success);
  const many = Array.from({ length: 501 }, (_, i) => pen(`p-${i}`, i));
  assert.ok(!saveWhiteboardSchema.safeParse({ ops: many }).success);
});
