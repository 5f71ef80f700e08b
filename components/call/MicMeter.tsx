import type { LocalMedia } from "@/lib/call/local_media.ts";

/** This side's microphone level, while the microphone is on. */
export function MicMeter({ media }: { media: LocalMedia }) {
  if (!media.hasAudio.value || media.micMuted.value) return null;
  return (
    <span
      class="inline-block h-2 w-10 overflow-hidden rounded bg-slate-600"
      aria-hidden="true"
      data-role="mic-level"
    >
      <span
        class="block h-full bg-emerald-400"
        style={{ width: `${Math.round(media.micLevel.value * 100)}%` }}
      />
    </span>
  );
}
