import type { Op } from "@/lib/whiteboard/ops.ts";
import { pagesOf } from "@/lib/whiteboard/ops.ts";
import { BoardSvg } from "@/components/call/whiteboard/BoardSvg.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

/**
 * The whiteboard's saved pages in the lesson record, drawn on the server as
 * inline SVG (no JavaScript); empty pages are left out.
 */
export function WhiteboardPages({ ops }: { ops: readonly Op[] }) {
  const { t } = useI18n();
  const pages = pagesOf(ops)
    .map((marks, i) => ({ marks, number: i + 1 }))
    .filter((p) => p.marks.length > 0);
  return (
    <div>
      <h3 class="font-medium">{t("booking.record.whiteboard")}</h3>
      {pages.length === 0
        ? (
          <p class="mt-1 text-sm text-slate-600">
            {t("booking.record.nothingDrawn")}
          </p>
        )
        : (
          <ol class="mt-2 grid gap-4 sm:grid-cols-2" data-role="whiteboard">
            {pages.map((p) => (
              <li data-page={p.number}>
                <p class="text-sm text-slate-600">
                  {t("booking.record.page", { number: p.number })}
                </p>
                <BoardSvg
                  marks={p.marks}
                  label={t("booking.record.pageLabel", { number: p.number })}
                  class="mt-1 block h-auto w-full rounded-md border border-slate-300"
                />
              </li>
            ))}
          </ol>
        )}
    </div>
  );
}
