// Loaded on demand when the whiteboard is first opened (lazy_panels.ts):
// none of this is in the room's initial JavaScript.
import { type Signal, useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import type { CallController } from "@/lib/call/call.ts";
import {
  BOARD_HEIGHT,
  BOARD_WIDTH,
  COLORS,
  MAX_PAGES,
  MAX_TEXT_LENGTH,
  WIDTHS,
} from "@/lib/whiteboard/ops.ts";
import { BoardSync } from "@/lib/whiteboard/sync.ts";
import { BoardSvg, MarkSvg } from "@/components/call/whiteboard/BoardSvg.tsx";
import { ToolButton } from "@/components/call/whiteboard/ToolButton.tsx";

type Tool = "pen" | "erase" | "text";

let shared: BoardSync | null = null;

/**
 * The tab's board of a booking: it lives on while the panel is closed, so
 * the other side's drawing still arrives and reopening shows it.
 */
function boardOf(call: CallController): BoardSync {
  if (shared?.bookingId !== call.options.bookingId) {
    shared?.dispose();
    shared = new BoardSync(call.options.bookingId);
    const board = shared;
    board.load().catch((err) => {
      console.warn("Loading the whiteboard failed", err);
      board.problem.value = "room.board.loadFailed";
    });
    addEventListener("pagehide", () => void board.save());
  }
  return shared;
}

interface WhiteboardProps {
  call: CallController;
  /** The open board (lazy_panels.ts); closing sets it to null. */
  shown: Signal<unknown>;
}

/**
 * The shared whiteboard over the call: pen (colours, widths), eraser, text,
 * undo, clear and pages. Drawing follows the pointer; everything else is
 * buttons, reachable by keyboard.
 */
export default function Whiteboard({ call, shown }: WhiteboardProps) {
  const { say } = call.options;
  const board = useMemo(() => boardOf(call), [call]);
  const page = useSignal(0);
  const tool = useSignal<Tool>("pen");
  const color = useSignal(0);
  const width = useSignal<number>(WIDTHS[1][1]);
  const text = useSignal("");
  const textAt = useSignal<[number, number] | null>(null);
  const drawing = useSignal<number[] | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  // The current peer connection's channel; a new one after a reconnect.
  useSignalEffect(() => {
    call.negotiation.connectionState.value;
    board.attach(call.negotiation.chat);
  });
  useEffect(() => closeRef.current?.focus(), []);

  board.version.value;
  const pages = board.pages();
  const count = pages.length;
  if (page.value >= count) page.value = count - 1;
  const marks = pages[page.value] ?? [];

  const point = (e: PointerEvent): [number, number] => {
    const m = svg.current!.getScreenCTM()!.inverse();
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m);
    return [
      Math.round(Math.min(BOARD_WIDTH, Math.max(0, p.x))),
      Math.round(Math.min(BOARD_HEIGHT, Math.max(0, p.y))),
    ];
  };
  const down = (e: PointerEvent) => {
    if (e.button !== 0) return;
    const at = point(e);
    if (tool.value === "text") {
      textAt.value = at;
      return;
    }
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    drawing.value = at;
  };
  const move = (e: PointerEvent) => {
    const pts = drawing.value;
    if (!pts || pts.length >= 2000) return;
    const [x, y] = point(e);
    const dx = x - pts[pts.length - 2], dy = y - pts[pts.length - 1];
    if (dx * dx + dy * dy >= 9) drawing.value = [...pts, x, y];
  };
  const up = () => {
    const pts = drawing.value;
    drawing.value = null;
    if (!pts) return;
    board.add(
      tool.value === "erase"
        ? { k: "erase", p: page.value, pts }
        : { k: "pen", p: page.value, c: color.value, w: width.value, pts },
    );
  };
  const addText = (e: Event) => {
    e.preventDefault();
    const s = text.value.trim();
    if (!s) return;
    const [x, y] = textAt.value ?? [80, 80 + (marks.length % 18) * 50];
    board.add({ k: "text", p: page.value, c: color.value, x, y, s });
    text.value = "";
    textAt.value = null;
  };
  const newPage = () => {
    board.add({ k: "page", p: count });
    page.value = count;
  };

  const close = () => {
    shown.value = null;
    // Back to the button that opened it.
    queueMicrotask(() => {
      document.querySelector<HTMLElement>("[data-control=whiteboard]")?.focus();
    });
  };

  const live = drawing.value;
  const where = { page: page.value + 1, pages: count };
  return (
    <section
      class="relative z-40 flex min-h-0 flex-1 flex-col bg-slate-800 text-white"
      aria-label={say("room.control.whiteboard")}
      data-role="whiteboard"
      data-page={page.value + 1}
      data-pages={count}
      data-marks={marks.length}
    >
      <div class="flex flex-wrap items-center gap-1 overflow-x-auto border-b border-slate-700 p-2 text-sm">
        <div
          role="group"
          aria-label={say("room.board.tool")}
          class="flex gap-1"
        >
          <ToolButton
            label={say("room.board.pen")}
            pressed={tool.value === "pen"}
            onClick={() => (tool.value = "pen")}
          />
          <ToolButton
            label={say("room.board.eraser")}
            pressed={tool.value === "erase"}
            onClick={() => (tool.value = "erase")}
          />
          <ToolButton
            label={say("room.board.text")}
            pressed={tool.value === "text"}
            onClick={() => (tool.value = "text")}
          />
        </div>
        <div
          role="group"
          aria-label={say("room.board.colour")}
          class="flex gap-1"
        >
          {COLORS.map(([name, hex], i) => (
            <ToolButton
              label={say(`room.board.colour.${name}`)}
              pressed={color.value === i}
              onClick={() => (color.value = i)}
              swatch={hex}
            />
          ))}
        </div>
        <div
          role="group"
          aria-label={say("room.board.width")}
          class="flex gap-1"
        >
          {WIDTHS.map(([name, w]) => (
            <ToolButton
              label={say(`room.board.width.${name}`)}
              pressed={width.value === w}
              onClick={() => (width.value = w)}
            />
          ))}
        </div>
        <ToolButton
          label={say("room.board.undo")}
          onClick={() => board.undo()}
        />
        <ToolButton
          label={say("room.board.clear")}
          onClick={() => board.add({ k: "clear", p: page.value })}
          disabled={!marks.length}
        />
        <div
          role="group"
          aria-label={say("room.board.pages")}
          class="flex items-center gap-1"
        >
          <ToolButton
            label={say("room.board.previous")}
            onClick={() => page.value--}
            disabled={page.value === 0}
          />
          <span aria-live="polite" data-role="page-label" class="px-1">
            {say("room.board.pageOf", where)}
          </span>
          <ToolButton
            label={say("room.board.next")}
            onClick={() => page.value++}
            disabled={page.value >= count - 1}
          />
          <ToolButton
            label={say("room.board.newPage")}
            onClick={newPage}
            disabled={count >= MAX_PAGES}
          />
        </div>
        <button
          ref={closeRef}
          type="button"
          class="ml-auto min-h-[44px] rounded-md px-3 underline focus:outline-none focus:ring-2 focus:ring-indigo-400"
          onClick={close}
        >
          {say("room.board.close")}
        </button>
      </div>
      {tool.value === "text" && (
        <form class="flex gap-2 px-2 pt-2" onSubmit={addText}>
          <label class="sr-only" for="whiteboard-text">
            {say("room.board.textLabel")}
          </label>
          <input
            id="whiteboard-text"
            class="min-h-[44px] min-w-0 flex-1 rounded-md border border-slate-600 bg-slate-900 px-3 text-white"
            value={text.value}
            maxLength={MAX_TEXT_LENGTH}
            placeholder={say(
              textAt.value ? "room.board.textHere" : "room.board.textWhere",
            )}
            onInput={(e) => (text.value = (e.target as HTMLInputElement).value)}
            autoComplete="off"
          />
          <button
            type="submit"
            class="min-h-[44px] rounded-md bg-indigo-700 px-4 font-medium"
          >
            {say("room.board.addText")}
          </button>
        </form>
      )}
      {board.problem.value && (
        <p role="alert" class="px-2 pt-2 text-amber-200">
          {say(board.problem.value)}
        </p>
      )}
      <div class="flex min-h-0 flex-1 items-center justify-center p-2">
        <BoardSvg
          svgRef={svg}
          marks={marks}
          label={say("room.board.picture", where)}
          class="max-h-full max-w-full touch-none"
          style={{ aspectRatio: "16 / 10", width: "100%" }}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
          data-role="board"
        >
          {live && (
            <MarkSvg
              mark={tool.value === "erase"
                ? { k: "erase", id: "live", t: 0, p: 0, pts: live }
                : {
                  k: "pen",
                  id: "live",
                  t: 0,
                  p: 0,
                  c: color.value,
                  w: width.value,
                  pts: live,
                }}
            />
          )}
          {tool.value === "text" && textAt.value && (
            <circle
              cx={textAt.value[0]}
              cy={textAt.value[1]}
              r="8"
              fill="#6366f1"
            />
          )}
        </BoardSvg>
      </div>
    </section>
  );
}
