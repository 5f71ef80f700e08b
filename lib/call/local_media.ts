// This side's camera and microphone during the call: mute, camera off,
// switching devices mid-call, the level meter and the device lists. The
// capture itself and its fallbacks are in lib/call/media.ts.
import { signal } from "@preact/signals";
import type { ClientMessage } from "@/lib/signaling/protocol.ts";
import {
  type CapturedMedia,
  type DeviceLists,
  getLocalMedia,
  listDevices,
  meterLevel,
} from "@/lib/call/media.ts";
import type { RoomSay } from "@/lib/i18n/room_texts.ts";

/** What the local media needs from the rest of the call. */
export interface LocalMediaOptions {
  /** Tells the room (the other side) about mute and camera changes. */
  send(message: ClientMessage): void;
  /** True while the screen is shared in place of the camera. */
  sharing(): boolean;
  /** Puts a track on the peer connection's sender of that kind. */
  replaceTrack(
    kind: "audio" | "video",
    track: MediaStreamTrack | null,
  ): Promise<void>;
  /** The room's messages, for the problems. */
  say: RoomSay;
  /** Unit tests pass fake devices. */
  mediaDevices?: MediaDevices;
}

/** The camera and microphone of this side. */
export class LocalMedia {
  readonly stream = signal<MediaStream | null>(null);
  readonly micMuted = signal(false);
  readonly cameraOff = signal(false);
  readonly hasAudio = signal(false);
  readonly hasVideo = signal(false);
  /** The camera says which way it faces and there is another (a phone's front and back). */
  readonly canFlip = signal(false);
  /** A sentence for the participant when a device is refused or missing. */
  readonly problem = signal<string | null>(null);
  /** Microphone level, 0..1. */
  readonly micLevel = signal(0);
  readonly devices = signal<DeviceLists>({
    cameras: [],
    microphones: [],
    speakers: [],
  });
  #cameraTrack: MediaStreamTrack | null = null;
  #stopMeter: () => void = () => {};

  constructor(private options: LocalMediaOptions) {}

  get #mediaDevices(): MediaDevices {
    return this.options.mediaDevices ?? navigator.mediaDevices;
  }

  /** The camera's track, also while the screen is shared. */
  get cameraTrack(): MediaStreamTrack | null {
    return this.#cameraTrack;
  }

  /**
   * Starts camera and microphone (with fallbacks), preferring the remembered
   * devices; use() puts them in place.
   */
  capture(
    prefs: { camera?: string; microphone?: string } = {},
  ): Promise<CapturedMedia> {
    return getLocalMedia(
      { audioId: prefs.microphone, videoId: prefs.camera },
      this.options.say,
      this.#mediaDevices,
    );
  }

  /** Makes captured media this side's media. */
  use(media: CapturedMedia): void {
    this.stream.value = media.stream;
    this.hasAudio.value = media.hasAudio;
    this.hasVideo.value = media.hasVideo;
    this.cameraOff.value = !media.hasVideo;
    this.problem.value = media.problem;
    this.#cameraTrack = media.stream.getVideoTracks()[0] ?? null;
    this.#watchMic();
    this.#checkFlip();
  }

  /** Keeps the device lists current; returns the cleanup. */
  watchDevices(): () => void {
    const devices = this.#mediaDevices;
    const update = (d: DeviceLists) => {
      this.devices.value = d;
      this.#checkFlip();
    };
    void listDevices(devices).then(update, () => {});
    const onChange = () => void listDevices(devices).then(update, () => {});
    devices?.addEventListener?.("devicechange", onChange);
    return () => devices?.removeEventListener?.("devicechange", onChange);
  }

  /** Tells the room that the microphone is muted or the camera off. */
  announce(): void {
    if (this.micMuted.value) {
      this.options.send({ type: "media:toggle-mic", isMuted: true });
    }
    if (this.cameraOff.value) {
      this.options.send({ type: "media:toggle-video", isVideoOff: true });
    }
  }

  /** Mutes or unmutes the microphone; the other side is told. */
  toggleMic(): void {
    if (!this.hasAudio.value) return;
    const muted = !this.micMuted.value;
    this.micMuted.value = muted;
    this.stream.value?.getAudioTracks().forEach((t) => (t.enabled = !muted));
    this.options.send({ type: "media:toggle-mic", isMuted: muted });
  }

  /** Turns the camera off or on; the other side is told (a shared screen still shows). */
  toggleCamera(): void {
    if (!this.hasVideo.value) return;
    const off = !this.cameraOff.value;
    this.cameraOff.value = off;
    if (this.#cameraTrack) this.#cameraTrack.enabled = !off;
    this.options.send({
      type: "media:toggle-video",
      isVideoOff: off && !this.options.sharing(),
    });
  }

  /** Switches the camera or microphone mid-call; a refusal becomes `problem`. */
  switchDevice(
    kind: "audioinput" | "videoinput",
    deviceId: string,
  ): Promise<void> {
    return kind === "audioinput"
      ? this.#replace("audio", {
        deviceId: { exact: deviceId },
        echoCancellation: true,
        noiseSuppression: true,
      })
      : this.#replace("video", {
        deviceId: { exact: deviceId },
        width: { ideal: 1280 },
        height: { ideal: 720 },
      });
  }

  /** Turns to the phone's other camera (front and back). */
  flipCamera(): Promise<void> {
    const facing = this.#cameraTrack?.getSettings?.().facingMode;
    return this.#replace("video", {
      facingMode: { exact: facing === "environment" ? "user" : "environment" },
      width: { ideal: 1280 },
      height: { ideal: 720 },
    });
  }

  async #replace(
    kind: "audio" | "video",
    constraints: MediaTrackConstraints,
  ): Promise<void> {
    const audio = kind === "audio";
    let stream: MediaStream;
    try {
      stream = await this.#mediaDevices.getUserMedia({ [kind]: constraints });
    } catch (err) {
      this.problem.value = this.options.say("room.media.switchFailed", {
        error: (err as Error).message,
      });
      return;
    }
    const track = audio
      ? stream.getAudioTracks()[0]
      : stream.getVideoTracks()[0];
    const local = this.stream.value ?? new MediaStream();
    const old = audio ? local.getAudioTracks()[0] : local.getVideoTracks()[0];
    track.enabled = audio ? !this.micMuted.value : !this.cameraOff.value;
    if (audio) {
      await this.options.replaceTrack("audio", track);
    } else {
      this.#cameraTrack = track;
      if (!this.options.sharing()) {
        await this.options.replaceTrack("video", track);
      }
      this.hasVideo.value = true;
    }
    if (old) {
      local.removeTrack(old);
      old.stop();
    }
    local.addTrack(track);
    // A new object, so the video element is told about the new track.
    this.stream.value = null;
    this.stream.value = local;
    if (audio) {
      this.hasAudio.value = true;
      this.#watchMic();
    }
    this.#checkFlip();
  }

  #checkFlip(): void {
    const facing = this.#cameraTrack?.getSettings?.().facingMode;
    this.canFlip.value = this.devices.value.cameras.length >= 2 &&
      (facing === "user" || facing === "environment");
  }

  /** Stops camera and microphone (left, or another tab took the call). */
  stop(): void {
    this.#stopMeter();
    this.#stopMeter = () => {};
    this.stream.value?.getTracks().forEach((t) => t.stop());
    this.stream.value = null;
  }

  #watchMic(): void {
    this.#stopMeter();
    const track = this.stream.value?.getAudioTracks()[0];
    this.#stopMeter = track
      ? meterLevel(track, (level) => (this.micLevel.value = level))
      : () => {};
  }
}
