import type { ComponentChildren } from "preact";
import type { Signal } from "@preact/signals";
import type { CallController } from "@/lib/call/call.ts";
import { panels } from "@/components/call/lazy_panels.ts";
import { ProblemNotices } from "@/components/call/ProblemNotices.tsx";

interface TopBarProps {
  call: CallController;
  /** The status line element. */
  children: ComponentChildren;
  detailsOpen: Signal<boolean>;
}

/**
 * The call's top overlay: the status line, the quality details, the
 * warnings and, while this side shares its screen, "Stop sharing".
 */
export function TopBar(
  { call, children, detailsOpen }: TopBarProps,
) {
  const { say, locale } = call.options;
  const stats = call.quality.stats.value;
  const stalled = call.negotiation.problem.value;
  // Loaded with the chat (lazy_panels.ts), by the time anyone opens it.
  const QualityPanel = panels.value?.QualityPanel;
  return (
    <div class="absolute inset-x-0 top-0 z-40 bg-gradient-to-b from-black/80 to-transparent">
      {children}
      {detailsOpen.value && stats && QualityPanel && (
        <QualityPanel stats={stats} say={say} locale={locale} />
      )}
      <ProblemNotices
        connectionProblem={stalled && say(stalled)}
        mediaProblem={call.media.problem.value}
      />
      {call.screen.sharing.value && (
        <p class="mx-auto mb-3 flex w-fit items-center gap-3 rounded-full bg-indigo-700 px-4 py-1 text-sm">
          {say("room.share.active")}
          <button
            type="button"
            class="min-h-[32px] rounded-full bg-white px-3 font-semibold text-indigo-800"
            onClick={() => void call.screen.toggle()}
          >
            {say("room.share.stop")}
          </button>
        </p>
      )}
    </div>
  );
}
