import type { Op } from "@/lib/whiteboard/ops.ts";
import { pagesOf } from "@/lib/whiteboard/ops.ts";
import { BoardSvg } from "@/components/call/whiteboard/BoardSvg.tsx";

/**
 * The whiteboard's saved pages in the lesson record, drawn on the server as
 * inline SVG (no JavaScript); empty pages are left out.
 */
export function WhiteboardPages({ ops }: { ops: readonly Op[] }) {
  const pages = pagesOf(ops)
    .map((marks, i) => ({ marks, number: i + 1 }))
    .filter((p) => p.marks.length > 0);
  return (
    <div>
      <h3 class="font-medium">Whiteboard</h3>
      {pages.length === 0
        ? <p class="mt-1 text-sm text-slate-600">Nothing drawn yet</p>
        : (
          <ol class="mt-2 grid gap-4 sm:grid-cols-2" data-role="whiteboard">
            {pages.map((p) => (
              <li data-page={p.number}>
                <p class="text-sm text-slate-600">Page {p.number}</p>
                <BoardSvg
                  marks={p.marks}
                  label={`Whiteboard page ${p.number}`}
                  class="mt-1 block h-auto w-full rounded-md border border-slate-300"
                />
              </li>
            ))}
          </ol>
        )}
    </div>
  );
}
