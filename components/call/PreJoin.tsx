import type { ComponentChildren, RefObject } from "preact";
import { useSignal } from "@preact/signals";
import type { CallController } from "@/lib/call/call.ts";
import type { PretestResult } from "@/lib/call/pretest.ts";
import { ICONS } from "@/components/call/Icon.tsx";
import { ControlButton } from "@/components/call/ControlButton.tsx";
import { MicMeter } from "@/components/call/MicMeter.tsx";
import { SelfVideo } from "@/components/call/SelfVideo.tsx";

interface PreJoinProps {
  call: CallController;
  otherName: string;
  videoRef: RefObject<HTMLVideoElement>;
  /** Whether the other participant is in the room; null while unknown. */
  otherInRoom: boolean | null;
  /** The device pickers, once the devices are known. */
  pickers: ComponentChildren;
  onJoin: () => void;
}

const TYPE_NAMES = { host: "local", srflx: "public", relay: "relay" };

/**
 * Before joining: the camera preview with the microphone level, the device
 * pickers, joining with the microphone or camera off, whether the other
 * participant is already here, the connection test and "Join now".
 */
export function PreJoin(
  { call, otherName, videoRef, otherInRoom, pickers, onJoin }: PreJoinProps,
) {
  const { media } = call;
  const testing = useSignal(false);
  const result = useSignal<PretestResult | null>(null);
  const ready = media.stream.value !== null;
  const runTest = async () => {
    testing.value = true;
    result.value = null;
    try {
      result.value = await call.pretest();
    } catch {
      result.value = {
        found: [],
        ok: false,
        message: "The connection test could not run in this browser",
      };
    } finally {
      testing.value = false;
    }
  };
  return (
    <div class="grid gap-4 p-4 md:grid-cols-2" data-role="prejoin">
      <figure class="relative aspect-video overflow-hidden rounded-lg bg-slate-800">
        <SelfVideo
          videoRef={videoRef}
          mirrored
          hidden={media.cameraOff.value}
        />
        {(!ready || media.cameraOff.value) && (
          <div class="absolute inset-0 flex items-center justify-center text-slate-200">
            {ready ? "Your camera is off" : "Starting your camera…"}
          </div>
        )}
        <figcaption class="absolute bottom-2 left-2 flex items-center gap-2 rounded bg-black/70 px-2 py-0.5 text-sm">
          You
          <MicMeter media={media} />
        </figcaption>
      </figure>
      <div class="flex flex-col gap-3">
        <h3 class="text-lg font-semibold">Ready to join?</h3>
        <p data-role="other-presence">
          {otherInRoom === null
            ? `Checking whether ${otherName} is here…`
            : otherInRoom
            ? `${otherName} is already in the room`
            : `${otherName} has not joined yet`}
        </p>
        {media.problem.value && (
          <p
            role="alert"
            class="rounded-md bg-amber-100 px-3 py-2 text-sm text-amber-900"
          >
            {media.problem.value}
          </p>
        )}
        <div class="flex flex-wrap gap-2">
          <ControlButton
            label={media.micMuted.value
              ? "Unmute microphone"
              : "Mute microphone"}
            icon={media.micMuted.value ? ICONS.micOff : ICONS.mic}
            onClick={() => media.toggleMic()}
            pressed={media.micMuted.value}
            disabled={!media.hasAudio.value}
            labelled
          />
          <ControlButton
            label={media.cameraOff.value ? "Turn camera on" : "Turn camera off"}
            icon={media.cameraOff.value ? ICONS.camOff : ICONS.cam}
            onClick={() => media.toggleCamera()}
            pressed={media.cameraOff.value}
            disabled={!media.hasVideo.value}
            labelled
          />
        </div>
        <button
          type="button"
          class="min-h-[44px] rounded-md bg-indigo-600 px-6 py-2 text-lg font-semibold text-white hover:bg-indigo-700 focus:outline-none focus:ring-2 focus:ring-indigo-300"
          onClick={onJoin}
        >
          Join now
        </button>
        <div class="space-y-1 text-sm">
          <button
            type="button"
            class="min-h-[44px] rounded-md border border-slate-500 px-3 py-1 hover:bg-slate-800 disabled:opacity-60"
            onClick={() => void runTest()}
            disabled={testing.value}
          >
            {testing.value
              ? "Testing your connection…"
              : "Test your connection"}
          </button>
          {result.value && (
            <p
              role="status"
              data-role="pretest"
              data-pretest-ok={String(result.value.ok)}
              data-pretest-found={result.value.found.join(" ")}
            >
              {result.value.message}
              {result.value.found.length > 0 &&
                ` (found: ${
                  result.value.found.map((t) => TYPE_NAMES[t]).join(", ")
                } connections)`}
            </p>
          )}
        </div>
      </div>
      <div class="md:col-span-2">
        {pickers}
      </div>
    </div>
  );
}
