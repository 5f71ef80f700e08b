// The whiteboard as an operation log. Every change (a pen or eraser line, a
// text, an undo, a cleared page, a new page) is an op with a unique id and a
// Lamport time. Both participants keep the union of the ops they have seen
// and order it by (time, id), so merging two logs in any order gives the
// same board, and an op received twice (live, after a reconnect, from the
// server) counts once. Plain TypeScript: the browser chunk, the server and
// the lesson record share it; the limits here are the only copy.

/** The board's coordinate space (16:10); points are integers in it. */
export const BOARD_WIDTH = 1600;
export const BOARD_HEIGHT = 1000;
/** Pages per booking. */
export const MAX_PAGES = 10;
/** Points (x, y pairs) in one line. */
export const MAX_POINTS = 1000;
/** Characters in one text. */
export const MAX_TEXT_LENGTH = 200;
/** JSON size of one page's ops as stored (the server refuses more with 413). */
export const MAX_PAGE_BYTES = 200_000;
/** Op ids: the sender's random prefix and a counter. */
export const OP_ID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * The pen's colours, by name (its button's message is
 * "room.board.colour.<name>"; the index is stored).
 */
export const COLORS = [
  ["black", "#0f172a"],
  ["red", "#dc2626"],
  ["blue", "#2563eb"],
  ["green", "#15803d"],
  ["orange", "#c2410c"],
] as const;
/** The pen's widths in board units, by name (message "room.board.width.<name>"). */
export const WIDTHS = [["thin", 4], ["medium", 10], ["thick", 24]] as const;
/** The eraser paints the page's colour this wide. */
export const ERASER_WIDTH = 48;
/** Text height in board units. */
export const TEXT_SIZE = 44;

interface Base {
  /** Unique per booking. */
  id: string;
  /** Lamport time. */
  t: number;
  /** Page index from 0. */
  p: number;
}

/** One change to the board. */
export type Op =
  /** A pen line: colour index, width, points as x0, y0, x1, y1, … */
  | Base & { k: "pen"; c: number; w: number; pts: number[] }
  | Base & { k: "erase"; pts: number[] }
  | Base & { k: "text"; c: number; x: number; y: number; s: string }
  /** Hides an earlier op of the same page. */
  | Base & { k: "undo"; ref: string }
  /** Hides everything on the page before it. */
  | Base & { k: "clear" }
  /** Adds the page (so both sides count the same pages). */
  | Base & { k: "page" };

/** Something drawn: what a page shows. */
export type Mark = Extract<Op, { k: "pen" | "erase" | "text" }>;

/** Orders ops the same way on every side. */
export function compareOps(a: Op, b: Op): number {
  return a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A set of ops, de-duplicated by id, with its Lamport clock. */
export class OpLog {
  #byId = new Map<string, Op>();
  #sorted: Op[] | null = [];
  /** The highest time seen. */
  clock = 0;

  constructor(ops: Iterable<Op> = []) {
    this.merge(ops);
  }

  get size(): number {
    return this.#byId.size;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Adds the ops not seen before; returns those. */
  merge(ops: Iterable<Op>): Op[] {
    const added: Op[] = [];
    for (const op of ops) {
      if (this.#byId.has(op.id)) continue;
      this.#byId.set(op.id, op);
      this.clock = Math.max(this.clock, op.t);
      added.push(op);
    }
    if (added.length) this.#sorted = null;
    return added;
  }

  /** All ops in board order. */
  ops(): Op[] {
    return this.#sorted ??= [...this.#byId.values()].sort(compareOps);
  }

  /**
   * A short summary of which ops the log holds: equal digests mean (almost
   * certainly) equal logs, so a reconnect sends ops only when they differ.
   */
  digest(): string {
    let h = 0x811c9dc5;
    for (const op of this.ops()) {
      for (let i = 0; i < op.id.length; i++) {
        h = Math.imul(h ^ op.id.charCodeAt(i), 16777619);
      }
      h = Math.imul(h ^ 44, 16777619);
    }
    return `${this.size}:${(h >>> 0).toString(36)}`;
  }
}

/** How many pages the ops make (at least one). */
export function pageCount(ops: readonly Op[]): number {
  return ops.reduce((n, op) => Math.max(n, op.p + 1), 1);
}

/**
 * What each page shows, in drawing order: undone ops and everything before
 * a page's last (not undone) clear are gone.
 */
export function pagesOf(ops: readonly Op[]): Mark[][] {
  const undone = new Set<string>();
  for (const op of ops) if (op.k === "undo") undone.add(op.ref);
  const pages: Mark[][] = Array.from({ length: pageCount(ops) }, () => []);
  for (const op of [...ops].sort(compareOps)) {
    if (undone.has(op.id)) continue;
    if (op.k === "clear") pages[op.p] = [];
    else if (op.k === "pen" || op.k === "erase" || op.k === "text") {
      pages[op.p].push(op);
    }
  }
  return pages;
}

/** Control characters a text may not hold. */
// deno-lint-ignore no-control-regex
export const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

const isInt = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function validPoints(pts: unknown): boolean {
  if (
    !Array.isArray(pts) || pts.length < 2 || pts.length > MAX_POINTS * 2 ||
    pts.length % 2
  ) return false;
  return pts.every((v, i) => isInt(v, 0, i % 2 ? BOARD_HEIGHT : BOARD_WIDTH));
}

/**
 * Whether a value is a well-formed op (the browser's check of what the
 * other side sends; the server checks with the zod schema in schema.ts,
 * which the tests hold to the same answers).
 */
export function isOp(v: unknown): v is Op {
  if (!v || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  if (
    typeof o.id !== "string" || !OP_ID.test(o.id) ||
    !isInt(o.t, 0, 2 ** 31) || !isInt(o.p, 0, MAX_PAGES - 1)
  ) return false;
  const keys = Object.keys(o).length;
  switch (o.k) {
    case "pen":
      return keys === 7 && isInt(o.c, 0, COLORS.length - 1) &&
        WIDTHS.some(([, w]) => w === o.w) && validPoints(o.pts);
    case "erase":
      return keys === 5 && validPoints(o.pts);
    case "text":
      return keys === 8 && isInt(o.c, 0, COLORS.length - 1) &&
        isInt(o.x, 0, BOARD_WIDTH) && isInt(o.y, 0, BOARD_HEIGHT) &&
        typeof o.s === "string" && o.s.trim().length > 0 &&
        o.s.length <= MAX_TEXT_LENGTH && !CONTROL.test(o.s);
    case "undo":
      return keys === 5 && typeof o.ref === "string" && OP_ID.test(o.ref);
    case "clear":
    case "page":
      return keys === 4;
    default:
      return false;
  }
}
