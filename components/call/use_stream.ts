import { useEffect, useRef } from "preact/hooks";
import type { RefObject } from "preact";

/**
 * Attaches a stream to a video element (srcObject has no attribute form) and
 * starts playing it; `onPlayBlocked` hears when autoplay was refused.
 */
export function useStream(
  stream: MediaStream | null,
  onPlayBlocked?: () => void,
): RefObject<HTMLVideoElement> {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (stream) video.play().catch(() => onPlayBlocked?.());
  }, [stream]);
  return ref;
}
