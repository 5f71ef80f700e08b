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

// The names of the candidate types the test found.
const TYPE_NAMES = {
  host: "room.pretest.host",
  srflx: "room.pretest.srflx",
  relay: "room.pretest.relay",
} as const;

/**
 * Before joining: the camera preview with the microphone level, the device
 * pickers, joining with the microphone or camera off, whether the other
 * participant is already here, the connection test and "Join now".
 */
export function PreJoin(
  { call, otherName, videoRef, otherInRoom, pickers, onJoin }: PreJoinProps,
) {
  const { media } = call;
  const { locale, say } = call.options;
  const name = { name: otherName };
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
        message: say("room.pretest.cannotRun"),
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
            {say(ready ? "room.preJoin.cameraOff" : "room.preJoin.starting")}
          </div>
        )}
        <figcaption class="absolute bottom-2 left-2 flex items-center gap-2 rounded bg-black/70 px-2 py-0.5 text-sm">
          {say("room.you")}
          <MicMeter media={media} />
        </figcaption>
      </figure>
      <div class="flex flex-col gap-3">
        <h3 class="text-lg font-semibold">{say("room.preJoin.heading")}</h3>
        <p data-role="other-presence">
          {otherInRoom === null
            ? say("room.preJoin.checking", name)
            : otherInRoom
            ? say("room.preJoin.otherHere", name)
            : say("room.preJoin.otherAway", name)}
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
            label={say(
              media.micMuted.value
                ? "room.control.unmute"
                : "room.control.mute",
            )}
            icon={media.micMuted.value ? ICONS.micOff : ICONS.mic}
            onClick={() => media.toggleMic()}
            pressed={media.micMuted.value}
            disabled={!media.hasAudio.value}
            labelled
          />
          <ControlButton
            label={say(
              media.cameraOff.value
                ? "room.control.cameraOn"
                : "room.control.cameraOff",
            )}
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
          {say("room.preJoin.join")}
        </button>
        <div class="space-y-1 text-sm">
          <button
            type="button"
            class="min-h-[44px] rounded-md border border-slate-500 px-3 py-1 hover:bg-slate-800 disabled:opacity-60"
            onClick={() => void runTest()}
            disabled={testing.value}
          >
            {say(
              testing.value ? "room.preJoin.testing" : "room.preJoin.test",
            )}
          </button>
          {result.value && (
            <p
              role="status"
              data-role="pretest"
              data-pretest-ok={String(result.value.ok)}
              data-pretest-found={result.value.found.join(" ")}
            >
              {result.value.found.length > 0
                ? say("room.pretest.found", {
                  verdict: result.value.message,
                  types: new Intl.ListFormat(locale, {
                    style: "short",
                    type: "unit",
                  }).format(result.value.found.map((t) => say(TYPE_NAMES[t]))),
                })
                : result.value.message}
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
