import type { ComponentChildren, RefObject } from "preact";
import type { Signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { CallController } from "@/lib/call/call.ts";
import { RemoteTile } from "@/components/call/RemoteTile.tsx";
import { type Corner, LocalTile } from "@/components/call/LocalTile.tsx";
import { ControlsBar } from "@/components/call/ControlsBar.tsx";
import { TopBar } from "@/components/call/TopBar.tsx";
import { useIdle } from "@/components/call/use_idle.ts";
import { board, loadPanels, panels } from "@/components/call/lazy_panels.ts";

interface CallStageProps {
  call: CallController;
  otherName: string;
  /** The viewer's time zone, for the chat's times. */
  timeZone: string;
  remoteRef: RefObject<HTMLVideoElement>;
  localRef: RefObject<HTMLVideoElement>;
  soundBlocked: Signal<boolean>;
  corner: Signal<Corner>;
  /** The status line element. */
  statusLine: ComponentChildren;
  detailsOpen: Signal<boolean>;
  settingsOpen: Signal<boolean>;
  /** The device pickers, once loaded. */
  pickers: ComponentChildren;
  /** Whether the call fills the screen, and the switch; absent where the browser cannot. */
  fullScreen: { active: boolean; toggle: () => void } | null;
  /** Absent where the browser has no Picture-in-Picture. */
  onPictureInPicture: (() => void) | null;
}

/**
 * The joined call, filling the room: the remote video, the top overlay, the
 * self-view, the chat and settings panels and the floating controls, which
 * fade while nobody moves.
 */
export function CallStage(props: CallStageProps) {
  const { call, otherName, settingsOpen, detailsOpen } = props;
  const { say } = call.options;
  const stage = useRef<HTMLDivElement>(null);
  const connected = call.negotiation.connectionState.value === "connected";
  const idle = useIdle(
    stage,
    connected && !settingsOpen.value && !call.chat.open.value,
  );
  // The chat's panel loads once the call is on screen, before it is opened.
  useEffect(loadPanels, []);
  const Chat = panels.value?.ChatPanel;
  const chatOpen = call.chat.open.value;
  const Board = board.value;
  return (
    <div class="flex min-h-0 flex-1">
      {/* The whiteboard, when open, takes the stage above the controls. */}
      <div ref={stage} class="relative flex flex-1 flex-col overflow-hidden">
        <RemoteTile
          call={call}
          otherName={otherName}
          videoRef={props.remoteRef}
          soundBlocked={props.soundBlocked}
        />
        <TopBar call={call} detailsOpen={detailsOpen}>
          {props.statusLine}
        </TopBar>
        <LocalTile
          call={call}
          videoRef={props.localRef}
          corner={props.corner}
        />
        {Board && <Board call={call} shown={board} />}
        {settingsOpen.value && (
          <div class="absolute inset-x-2 bottom-40 z-30 sm:bottom-24 mx-auto max-w-2xl rounded-xl bg-slate-900/95">
            {props.pickers}
          </div>
        )}
        <div
          class={Board
            ? "relative z-30 bg-slate-900"
            : `absolute inset-x-0 bottom-0 z-20 bg-gradient-to-t from-black/80 to-transparent transition-opacity duration-300 focus-within:opacity-100 ${
              idle.value ? "opacity-0" : "opacity-100"
            }`}
          data-role="controls"
          data-idle={String(idle.value)}
        >
          <ControlsBar
            call={call}
            settingsOpen={settingsOpen}
            fullScreen={props.fullScreen}
            onPictureInPicture={props.onPictureInPicture}
          />
        </div>
      </div>
      {chatOpen && (
        <aside
          class="fixed inset-x-0 bottom-0 z-50 h-[70%] rounded-t-2xl bg-slate-900 shadow-2xl sm:static sm:h-auto sm:w-80 sm:rounded-none sm:border-l sm:border-slate-700"
          aria-label={say("room.control.chat")}
          data-role="chat-panel"
        >
          {Chat
            ? (
              <Chat
                call={call}
                otherName={otherName}
                timeZone={props.timeZone}
                onClose={() => call.chat.setOpen(false)}
              />
            )
            : <p class="p-4">{say("room.chat.loading")}</p>}
        </aside>
      )}
    </div>
  );
}
