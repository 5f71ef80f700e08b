import type { RefObject } from "preact";
import type { Signal } from "@preact/signals";
import type { CallController } from "@/lib/call/call.ts";
import { Icon, ICONS } from "@/components/call/Icon.tsx";

interface RemoteTileProps {
  call: CallController;
  otherName: string;
  videoRef: RefObject<HTMLVideoElement>;
  /** Set when the browser refused to play the remote sound without a click. */
  soundBlocked: Signal<boolean>;
}

/**
 * The other participant's video, filling the call, shown whole (a shared
 * screen is not cropped), with their initial while there is no picture,
 * their name and mute state, and "Turn on sound" when autoplay was blocked.
 */
export function RemoteTile(
  { call, otherName, videoRef, soundBlocked }: RemoteTileProps,
) {
  const { say } = call.options;
  const connected = call.negotiation.connectionState.value === "connected";
  const muted = call.presence.muted.value;
  const videoOff = call.presence.videoOff.value;
  return (
    <figure
      class="absolute inset-0 overflow-hidden bg-black"
      data-remote-muted={String(muted)}
      data-remote-video-off={String(videoOff)}
    >
      <video
        data-role="remote"
        ref={videoRef}
        autoplay
        playsInline
        class={`h-full w-full object-contain ${
          videoOff || !connected ? "invisible" : ""
        }`}
      />
      {(videoOff || !connected) && (
        <div class="absolute inset-0 flex items-center justify-center">
          <span
            class="flex h-24 w-24 items-center justify-center rounded-full bg-slate-700 text-4xl font-semibold text-slate-100"
            aria-hidden="true"
          >
            {otherName.slice(0, 1).toUpperCase()}
          </span>
        </div>
      )}
      <figcaption class="absolute bottom-40 left-3 flex sm:bottom-24 items-center gap-1 rounded bg-black/70 px-2 py-0.5 text-sm">
        {otherName}
        {muted && (
          <span class="inline-flex items-center gap-1 text-red-300">
            <Icon d={ICONS.micOff} />
            <span class="sr-only">{say("room.micMuted")}</span>
          </span>
        )}
        {videoOff && (
          <span class="text-slate-300">{say("room.remote.cameraOff")}</span>
        )}
      </figcaption>
      {soundBlocked.value && (
        <button
          type="button"
          class="absolute right-3 top-16 min-h-[44px] rounded bg-indigo-600 px-3 py-1 text-sm"
          onClick={() => {
            soundBlocked.value = false;
            void videoRef.current?.play();
          }}
        >
          {say("room.remote.sound")}
        </button>
      )}
    </figure>
  );
}
