// One whiteboard page as SVG: the live board draws it in the browser and the
// lesson record renders it on the server (no JavaScript there). Lines are
// smoothed into filled outlines by perfect-freehand; the eraser paints the
// page's white.
import type { JSX, Ref } from "preact";
import { getStroke } from "perfect-freehand";
import {
  BOARD_HEIGHT,
  BOARD_WIDTH,
  COLORS,
  ERASER_WIDTH,
  type Mark,
  TEXT_SIZE,
} from "@/lib/whiteboard/ops.ts";

const PAPER = "#ffffff";

/** The SVG path of a smoothed line through x, y pairs. */
export function linePath(pts: readonly number[], width: number): string {
  const input: [number, number][] = [];
  for (let i = 0; i < pts.length; i += 2) input.push([pts[i], pts[i + 1]]);
  const outline = getStroke(input, {
    size: width,
    thinning: 0.5,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: true,
    last: true,
  });
  if (!outline.length) return "";
  const r = Math.round;
  let d = `M${r(outline[0][0])} ${r(outline[0][1])}Q`;
  for (let i = 0; i < outline.length; i++) {
    const [x0, y0] = outline[i];
    const [x1, y1] = outline[(i + 1) % outline.length];
    d += `${r(x0)} ${r(y0)} ${r((x0 + x1) / 2)} ${r((y0 + y1) / 2)} `;
  }
  return d + "Z";
}

// A mark's outline, once: the live board draws every mark again on each
// pointer move.
const paths = new WeakMap<Mark, string>();

/** A mark drawn as a line: pen or eraser. */
type Line = Exclude<Mark, { k: "text" }>;

function pathOf(mark: Line): string {
  let d = paths.get(mark);
  if (d === undefined) {
    d = linePath(mark.pts, mark.k === "pen" ? mark.w : ERASER_WIDTH);
    paths.set(mark, d);
  }
  return d;
}

/** One mark as an SVG element. */
export function MarkSvg({ mark }: { mark: Mark }) {
  if (mark.k === "text") {
    return (
      <text
        x={mark.x}
        y={mark.y}
        font-size={TEXT_SIZE}
        font-family="system-ui, sans-serif"
        fill={COLORS[mark.c][1]}
      >
        {mark.s}
      </text>
    );
  }
  const pen = mark.k === "pen";
  return (
    <path
      d={pathOf(mark)}
      fill={pen ? COLORS[mark.c][1] : PAPER}
      data-kind={mark.k}
    />
  );
}

interface BoardSvgProps extends JSX.SVGAttributes<SVGSVGElement> {
  marks: readonly Mark[];
  /** The accessible name of the picture. */
  label: string;
  /** The `<svg>` element (the live board maps pointer positions with it). */
  svgRef?: Ref<SVGSVGElement>;
}

/** A page: a white 16:10 sheet with its marks in order. */
export function BoardSvg(
  { marks, label, svgRef, children, ...rest }: BoardSvgProps,
) {
  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${BOARD_WIDTH} ${BOARD_HEIGHT}`}
      role="img"
      aria-label={label}
      {...rest}
    >
      <rect width={BOARD_WIDTH} height={BOARD_HEIGHT} fill={PAPER} />
      {marks.map((m) => <MarkSvg key={m.id} mark={m} />)}
      {children}
    </svg>
  );
}
