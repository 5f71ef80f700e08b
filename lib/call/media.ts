// Local media: camera and microphone with graceful fallbacks, device lists,
// screen capture, and a microphone level meter.
import type { RoomKey, RoomSay } from "@/lib/i18n/room_texts.ts";

/** What could be captured, and why not when something is missing. */
export interface CapturedMedia {
  stream: MediaStream;
  hasAudio: boolean;
  hasVideo: boolean;
  /** A message for the participant when a device was refused or is absent. */
  problem: string | null;
}

// Why a device could not be had, as a message key.
function describe(err: unknown): RoomKey {
  const name = (err as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "room.media.refused";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return "room.media.notFound";
  }
  if (name === "NotReadableError") return "room.media.inUse";
  return "room.media.failed";
}

function whole(stream: MediaStream): CapturedMedia {
  return {
    stream,
    hasAudio: stream.getAudioTracks().length > 0,
    hasVideo: stream.getVideoTracks().length > 0,
    problem: null,
  };
}

/**
 * Gets camera and microphone (the remembered ones when they are still
 * there); falls back to the microphone alone, then to the
 * camera alone, then to nothing (receive-only), saying what is missing
 * (in the viewer's words, through `say`).
 */
export async function getLocalMedia(
  devices: { audioId?: string; videoId?: string },
  say: RoomSay,
  mediaDevices: MediaDevices = navigator.mediaDevices,
): Promise<CapturedMedia> {
  const missing = (key: RoomKey, err: unknown) =>
    say(key, { reason: say(describe(err)) });
  const audio = { echoCancellation: true, noiseSuppression: true };
  const video = { width: { ideal: 1280 }, height: { ideal: 720 } };
  if (!mediaDevices?.getUserMedia) {
    return {
      stream: new MediaStream(),
      hasAudio: false,
      hasVideo: false,
      problem: say("room.media.unsupported"),
    };
  }
  // Remembered devices first, exactly (Chromium ignores an "ideal" device);
  // one unplugged since, or refused, leaves the choice to the chain below
  // rather than costing the camera or microphone altogether.
  if (devices.audioId || devices.videoId) {
    const exact = (id: string | undefined) =>
      id ? { deviceId: { exact: id } } : {};
    try {
      return whole(
        await mediaDevices.getUserMedia({
          audio: { ...audio, ...exact(devices.audioId) },
          video: { ...video, ...exact(devices.videoId) },
        }),
      );
    } catch {
      // Fall through to the devices the browser picks.
    }
  }
  try {
    return whole(await mediaDevices.getUserMedia({ audio, video }));
  } catch (both) {
    let audioErr: unknown = null;
    try {
      const stream = await mediaDevices.getUserMedia({ audio });
      return {
        stream,
        hasAudio: true,
        hasVideo: false,
        problem: missing("room.media.noCamera", both),
      };
    } catch (err) {
      audioErr = err;
    }
    try {
      const stream = await mediaDevices.getUserMedia({ video });
      return {
        stream,
        hasAudio: false,
        hasVideo: true,
        problem: missing("room.media.noMicrophone", audioErr),
      };
    } catch {
      return {
        stream: new MediaStream(),
        hasAudio: false,
        hasVideo: false,
        problem: missing("room.media.noDevices", both),
      };
    }
  }
}

/** Input and output devices by kind. */
export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

/** Lists the devices (labels appear once a permission was granted). */
export async function listDevices(
  mediaDevices: MediaDevices = navigator.mediaDevices,
): Promise<DeviceLists> {
  const all = mediaDevices?.enumerateDevices
    ? await mediaDevices.enumerateDevices()
    : [];
  return {
    cameras: all.filter((d) => d.kind === "videoinput"),
    microphones: all.filter((d) => d.kind === "audioinput"),
    speakers: all.filter((d) => d.kind === "audiooutput"),
  };
}

/** Measures a microphone track's level, 0..1, calling `onLevel` about 10 times a second. */
export function meterLevel(
  track: MediaStreamTrack,
  onLevel: (level: number) => void,
): () => void {
  const AudioCtx = globalThis.AudioContext;
  if (!AudioCtx) return () => {};
  const ctx = new AudioCtx();
  const source = ctx.createMediaStreamSource(new MediaStream([track]));
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const data = new Uint8Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getByteTimeDomainData(data);
    let sum = 0;
    for (const v of data) sum += ((v - 128) / 128) ** 2;
    onLevel(Math.min(1, Math.sqrt(sum / data.length) * 3));
  }, 100);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    source.disconnect();
    // Closing twice rejects ("Cannot close a closed AudioContext").
    if (ctx.state !== "closed") ctx.close().catch(() => {});
  };
}
