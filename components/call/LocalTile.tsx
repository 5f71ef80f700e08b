import type { RefObject } from "preact";
import type { CallController } from "@/lib/call/call.ts";

interface LocalTileProps {
  call: CallController;
  videoRef: RefObject<HTMLVideoElement>;
}

/**
 * This side's own video (mirrored, unless it shows the shared screen), with
 * the microphone level meter.
 */
export function LocalTile({ call, videoRef }: LocalTileProps) {
  const sharing = call.screen.sharing.value;
  const media = call.media;
  return (
    <figure class="absolute bottom-4 right-4 w-1/3 max-w-[180px] overflow-hidden rounded-lg border border-slate-600 bg-slate-800 shadow-lg md:relative md:bottom-auto md:right-auto md:w-auto md:max-w-none md:border-0 md:shadow-none aspect-video">
      <video
        data-role="local"
        ref={videoRef}
        autoplay
        playsInline
        muted
        class={`h-full w-full object-cover ${sharing ? "" : "scale-x-[-1]"} ${
          media.cameraOff.value && !sharing ? "invisible" : ""
        }`}
      />
      <figcaption class="absolute bottom-2 left-2 flex items-center gap-2 rounded bg-black/60 px-2 py-0.5 text-xs sm:text-sm">
        You{sharing ? " (sharing screen)" : ""}
        {media.hasAudio.value && !media.micMuted.value && (
          <span
            class="inline-block h-2 w-10 overflow-hidden rounded bg-slate-600"
            aria-hidden="true"
          >
            <span
              class="block h-full bg-emerald-400"
              style={{ width: `${Math.round(media.micLevel.value * 100)}%` }}
            />
          </span>
        )}
      </figcaption>
    </figure>
  );
}
