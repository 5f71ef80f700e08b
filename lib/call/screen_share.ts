// Sharing the screen in place of the camera: the other side receives the
// screen on the same video sender, and the camera returns when sharing stops
// (here, or through the browser's own "Stop sharing" button).
import { signal } from "@preact/signals";
import type { ClientMessage } from "@/lib/signaling/protocol.ts";
import type { RoomAnnounce } from "@/lib/i18n/room_texts.ts";

/** What screen sharing needs from the rest of the call. */
export interface ScreenShareOptions {
  send(message: ClientMessage): void;
  replaceTrack(
    kind: "audio" | "video",
    track: MediaStreamTrack | null,
  ): Promise<void>;
  /** The camera's track, sent again when sharing stops. */
  cameraTrack(): MediaStreamTrack | null;
  /** Whether the camera is off, for the other side's camera-off state. */
  cameraOff(): boolean;
  announce: RoomAnnounce;
  /** Unit tests pass a fake picker. */
  getDisplayMedia?: (options: DisplayMediaStreamOptions) => Promise<
    MediaStream
  >;
  /** Unit tests pass a fake MediaStream constructor. */
  newStream?: (tracks: MediaStreamTrack[]) => MediaStream;
}

/** This side's screen share. */
export class ScreenShare {
  readonly sharing = signal(false);
  /** The screen being shared, for this side's own tile. */
  readonly stream = signal<MediaStream | null>(null);
  #track: MediaStreamTrack | null = null;

  constructor(private options: ScreenShareOptions) {}

  /** The screen's track while shared. */
  get track(): MediaStreamTrack | null {
    return this.#track;
  }

  /** Starts sharing, or stops when already sharing; a cancelled picker changes nothing. */
  async toggle(): Promise<void> {
    if (this.sharing.value) return this.stop();
    const pick = this.options.getDisplayMedia ??
      ((o) => navigator.mediaDevices.getDisplayMedia(o));
    let stream: MediaStream;
    try {
      stream = await pick({ video: true, audio: false });
    } catch {
      return; // The participant cancelled the picker.
    }
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    this.#track = track;
    this.stream.value = this.options.newStream?.([track]) ??
      new MediaStream([track]);
    this.sharing.value = true;
    // The browser's own "Stop sharing" button ends the track.
    track.addEventListener("ended", () => void this.stop());
    await this.options.replaceTrack("video", track);
    this.options.send({ type: "media:toggle-video", isVideoOff: false });
    this.options.announce("room.said.sharing");
  }

  /** Returns from the screen to the camera. */
  async stop(): Promise<void> {
    if (!this.#track) return;
    const track = this.#track;
    this.#reset();
    track.stop();
    await this.options.replaceTrack("video", this.options.cameraTrack());
    this.options.send({
      type: "media:toggle-video",
      isVideoOff: this.options.cameraOff(),
    });
    this.options.announce("room.said.stoppedSharing");
  }

  /** Ends the share without telling anyone (the call itself is ending). */
  end(): void {
    const track = this.#track;
    this.#reset();
    track?.stop();
  }

  #reset(): void {
    this.#track = null;
    this.stream.value = null;
    this.sharing.value = false;
  }
}
