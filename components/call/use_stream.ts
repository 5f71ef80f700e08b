import { useEffect, useRef } from "preact/hooks";
import type { RefObject } from "preact";

/**
 * Attaches a stream to a video element (srcObject has no attribute form) and
 * starts playing it; `onPlayBlocked` hears when autoplay was refused. Checked
 * after every render: the element itself changes between the pre-join panel
 * and the call.
 */
export function useStream(
  stream: MediaStream | null,
  onPlayBlocked?: () => void,
): RefObject<HTMLVideoElement> {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video || video.srcObject === stream) return;
    video.srcObject = stream;
    if (stream) video.play().catch(() => onPlayBlocked?.());
  });
  return ref;
}
