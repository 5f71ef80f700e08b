import type { RefObject } from "preact";
import type { Signal } from "@preact/signals";
import type { CallController } from "@/lib/call/call.ts";
import { MicMeter } from "@/components/call/MicMeter.tsx";
import { SelfVideo } from "@/components/call/SelfVideo.tsx";
import { Icon, ICONS } from "@/components/call/Icon.tsx";

/** The corner the self-view sits in. */
export type Corner = "top-left" | "top-right" | "bottom-left" | "bottom-right";

const PLACE: Record<Corner, string> = {
  "top-left": "left-3 top-16",
  "top-right": "right-3 top-16",
  "bottom-left": "left-3 bottom-40 sm:bottom-24",
  "bottom-right": "right-3 bottom-40 sm:bottom-24",
};

/** The corner an arrow key moves the tile to. */
function moved(corner: Corner, key: string): Corner | null {
  const [row, side] = corner.split("-");
  if (key === "ArrowLeft" || key === "ArrowRight") {
    return `${row}-${key === "ArrowLeft" ? "left" : "right"}` as Corner;
  }
  if (key === "ArrowUp" || key === "ArrowDown") {
    return `${key === "ArrowUp" ? "top" : "bottom"}-${side}` as Corner;
  }
  return null;
}

interface LocalTileProps {
  call: CallController;
  videoRef: RefObject<HTMLVideoElement>;
  corner: Signal<Corner>;
}

/**
 * This side's own video as a small corner tile (mirrored, unless it shows the
 * shared screen), with the microphone level. Dragged (or moved with the
 * arrow keys) to another corner.
 */
export function LocalTile({ call, videoRef, corner }: LocalTileProps) {
  const { say } = call.options;
  const sharing = call.screen.sharing.value;
  const media = call.media;
  const onPointerDown = (e: PointerEvent) => {
    const tile = e.currentTarget as HTMLElement;
    tile.setPointerCapture(e.pointerId);
    const start = { x: e.clientX, y: e.clientY };
    const move = (m: PointerEvent) => {
      tile.style.transform = `translate(${m.clientX - start.x}px, ${
        m.clientY - start.y
      }px)`;
    };
    const up = (u: PointerEvent) => {
      tile.removeEventListener("pointermove", move);
      tile.style.transform = "";
      const area = tile.parentElement?.getBoundingClientRect();
      if (area && Math.hypot(u.clientX - start.x, u.clientY - start.y) > 10) {
        const top = u.clientY < area.top + area.height / 2;
        const left = u.clientX < area.left + area.width / 2;
        corner.value = `${top ? "top" : "bottom"}-${left ? "left" : "right"}`;
      }
    };
    tile.addEventListener("pointermove", move);
    tile.addEventListener("pointerup", up, { once: true });
  };
  return (
    <figure
      class={`absolute z-10 w-28 touch-none select-none overflow-hidden rounded-lg border border-slate-600 bg-slate-800 shadow-lg sm:w-48 aspect-video cursor-move focus:outline-none focus:ring-2 focus:ring-indigo-400 ${
        PLACE[corner.value]
      }`}
      tabIndex={0}
      aria-label={say("room.self.label")}
      data-corner={corner.value}
      onPointerDown={onPointerDown}
      onKeyDown={(e) => {
        const to = moved(corner.value, e.key);
        if (!to) return;
        e.preventDefault();
        corner.value = to;
      }}
    >
      <SelfVideo
        videoRef={videoRef}
        mirrored={!sharing}
        hidden={media.cameraOff.value && !sharing}
      />
      <figcaption class="absolute bottom-1 left-1 flex items-center gap-2 rounded bg-black/70 px-1.5 py-0.5 text-xs">
        {say(sharing ? "room.self.sharing" : "room.you")}
        <MicMeter media={media} />
        {media.micMuted.value && (
          <span class="inline-flex items-center text-red-300">
            <Icon d={ICONS.micOff} />
            <span class="sr-only">{say("room.micMuted")}</span>
          </span>
        )}
      </figcaption>
    </figure>
  );
}
