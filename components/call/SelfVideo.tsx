import type { RefObject } from "preact";

/**
 * This side's own video (`video[data-role="local"]`): muted, mirrored like a
 * mirror unless it shows a shared screen, invisible while the camera is off.
 */
export function SelfVideo(
  { videoRef, mirrored, hidden }: {
    videoRef: RefObject<HTMLVideoElement>;
    mirrored: boolean;
    hidden: boolean;
  },
) {
  return (
    <video
      data-role="local"
      ref={videoRef}
      autoplay
      playsInline
      muted
      class={`h-full w-full object-cover ${mirrored ? "scale-x-[-1]" : ""} ${
        hidden ? "invisible" : ""
      }`}
    />
  );
}
