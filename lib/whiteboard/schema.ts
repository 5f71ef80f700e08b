// `PUT /api/bookings/:id/whiteboard`: the ops a participant has not saved
// yet. The limits come from ops.ts; this is the server's check at the edge.
import { z } from "zod";
import {
  BOARD_HEIGHT,
  BOARD_WIDTH,
  COLORS,
  CONTROL,
  MAX_PAGES,
  MAX_POINTS,
  MAX_TEXT_LENGTH,
  type Op,
  OP_ID,
  WIDTHS,
} from "@/lib/whiteboard/ops.ts";

/** Ops in one save request. */
export const MAX_OPS_PER_SAVE = 500;
/** Largest save request body, in bytes (a bigger one is 413). */
export const MAX_SAVE_BYTES = 512 * 1024;

const id = z.string().regex(OP_ID, "Must be an op id");
const base = {
  id,
  t: z.int().min(0).max(2 ** 31),
  p: z.int().min(0).max(MAX_PAGES - 1),
};
const color = z.int().min(0).max(COLORS.length - 1);
const points = z.array(z.int().min(0)).min(2).max(MAX_POINTS * 2).refine(
  (pts) =>
    pts.length % 2 === 0 &&
    pts.every((v, i) => v <= (i % 2 ? BOARD_HEIGHT : BOARD_WIDTH)),
  "Must be x, y pairs inside the board",
);

/** One op (see ops.ts); unknown fields are refused. */
export const opSchema: z.ZodType<Op> = z.discriminatedUnion("k", [
  z.strictObject({
    ...base,
    k: z.literal("pen"),
    c: color,
    w: z.union(WIDTHS.map(([, w]) => z.literal(w))),
    pts: points,
  }),
  z.strictObject({ ...base, k: z.literal("erase"), pts: points }),
  z.strictObject({
    ...base,
    k: z.literal("text"),
    c: color,
    x: z.int().min(0).max(BOARD_WIDTH),
    y: z.int().min(0).max(BOARD_HEIGHT),
    s: z.string().max(MAX_TEXT_LENGTH).refine(
      (s) => s.trim().length > 0 && !CONTROL.test(s),
      "Must be text without control characters",
    ),
  }),
  z.strictObject({ ...base, k: z.literal("undo"), ref: id }),
  z.strictObject({ ...base, k: z.literal("clear") }),
  z.strictObject({ ...base, k: z.literal("page") }),
]);

/** `{ops}`: up to MAX_OPS_PER_SAVE ops. */
export const saveWhiteboardSchema = z.strictObject({
  ops: z.array(opSchema).max(MAX_OPS_PER_SAVE),
});
