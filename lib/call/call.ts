// The call: local media, the signaling client, the peer connection and the
// state the room shows. Plain TypeScript with signals, driven by the
// CallRoom island.
import { signal } from "@preact/signals";
import type { IceConfiguration } from "@/lib/signaling/ice.ts";
import type { ServerMessage } from "@/lib/signaling/protocol.ts";
import {
  SignalingClient,
  type SignalState,
  type StopReason,
} from "@/lib/call/signaling_client.ts";
import {
  type CallStats,
  Peer,
  readStats,
  type StatsSample,
} from "@/lib/call/peer.ts";
import {
  type DeviceLists,
  getLocalMedia,
  listDevices,
  meterLevel,
} from "@/lib/call/media.ts";

/** Seconds a connection may stay "disconnected" before an ICE restart. */
export const DISCONNECTED_GRACE_MS = 4_000;
/**
 * How long a new peer connection may take to connect before it is replaced
 * by a fresh negotiation; the sides wait differently so they do not restart
 * at the same moment again.
 */
export const NEGOTIATION_TIMEOUT_MS = { polite: 8_000, impolite: 12_000 };
/** How often connection quality is sampled. */
export const STATS_INTERVAL_MS = 3_000;

/** Who is in the call, as the page knows it. */
export interface CallOptions {
  bookingId: string;
  me: { id: string; username: string };
  other: { id: string; username: string };
  /** Derived from the booking: the student is polite, the teacher is not. */
  polite: boolean;
  /** ICE servers rendered into the page; fetched again before ICE restarts. */
  ice?: IceConfiguration | null;
}

/** A chat line. */
export interface ChatMessage {
  from: "me" | "peer";
  text: string;
  at: number;
}

/** The largest chat message sent over the data channel. */
export const MAX_CHAT_LENGTH = 2_000;

/**
 * The held negotiation messages still worth handling: those from the other
 * side's last `webrtc:peer-ready` on. Each "ready" means the other side
 * closed its peer connection and starts afresh, so what it sent before (an
 * offer, candidates, an earlier "ready") belongs to a connection that is gone.
 */
export function heldSinceLastReady(held: ServerMessage[]): ServerMessage[] {
  for (let i = held.length - 1; i >= 0; i--) {
    if (held[i].type === "webrtc:peer-ready") return held.slice(i);
  }
  return held;
}

/** One participant's side of the call. */
export class CallController {
  readonly connectionState = signal<RTCPeerConnectionState>("new");
  readonly signalState = signal<SignalState>("connecting");
  readonly path = signal<"direct" | "relay" | null>(null);
  readonly started = signal(false);
  readonly peerPresent = signal(false);
  readonly peerMuted = signal(false);
  readonly peerVideoOff = signal(false);
  /** Set when the server ended this tab's part in the call for good. */
  readonly stopped = signal<StopReason | null>(null);
  readonly reconnecting = signal(false);
  readonly localStream = signal<MediaStream | null>(null);
  readonly remoteStream = signal<MediaStream | null>(null);
  readonly micMuted = signal(false);
  readonly cameraOff = signal(false);
  readonly sharing = signal(false);
  readonly hasAudio = signal(false);
  readonly hasVideo = signal(false);
  readonly mediaProblem = signal<string | null>(null);
  /** Set after repeated attempts to connect failed (a firewall, broken TURN). */
  readonly connectionProblem = signal<string | null>(null);
  /** The screen being shared, for this side's own tile. */
  readonly screenStream = signal<MediaStream | null>(null);
  readonly micLevel = signal(0);
  readonly stats = signal<CallStats | null>(null);
  readonly devices = signal<DeviceLists>({
    cameras: [],
    microphones: [],
    speakers: [],
  });
  readonly messages = signal<ChatMessage[]>([]);
  readonly unread = signal(0);
  readonly chatOpen = signal(false);
  /** The latest sentence for the screen-reader live region. */
  readonly announcement = signal("");

  #signaling: SignalingClient;
  #peer: Peer | null = null;
  #ice: IceConfiguration | null = null;
  #cameraTrack: MediaStreamTrack | null = null;
  #screenTrack: MediaStreamTrack | null = null;
  #disconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #negotiationTimer: ReturnType<typeof setTimeout> | undefined;
  #failedAttempts = 0;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #statsSample: StatsSample | undefined;
  #stopMeter: () => void = () => {};
  #wakeLock: { release(): Promise<void> } | null = null;
  #cleanups: (() => void)[] = [];
  /** Negotiation messages that arrived before the camera was ready. */
  #held: ServerMessage[] | null = null;

  constructor(
    readonly options: CallOptions,
    private fetchImpl: typeof fetch = fetch.bind(globalThis),
  ) {
    const url = new URL(
      `/api/bookings/${options.bookingId}/signal`,
      location.href,
    );
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    this.#signaling = new SignalingClient(url.href, {
      onMessage: (m) => {
        // Negotiation needs our tracks; presence does not.
        if (this.#held && m.type.startsWith("webrtc:")) this.#held.push(m);
        else this.#onSignal(m);
      },
      onState: (s) => {
        this.signalState.value = s;
        if (s === "closed" && !this.stopped.value) {
          this.reconnecting.value = true;
        }
        if (s === "open") this.reconnecting.value = false;
      },
      onStopped: (reason) => this.#onStopped(reason),
    });
  }

  /**
   * Joins the room while the camera and microphone start: the socket opens
   * and the other side prepares its offer in parallel, and negotiation
   * messages are held until there are tracks to answer with.
   */
  async start(): Promise<void> {
    this.stopped.value = null;
    // The page's ICE servers save a request, unless their TURN credentials are
    // about to expire (a call taken back much later).
    const given = this.options.ice;
    const fresh = given &&
      (!given.expiresAt || Date.parse(given.expiresAt) > Date.now() + 60_000);
    const ice = fresh ? Promise.resolve(given) : this.#fetchIce();
    this.#held = [];
    this.#signaling.connect();
    const media = await getLocalMedia();
    this.#ice = await ice;
    if (this.stopped.value) {
      // Replaced by another tab while the camera was starting.
      media.stream.getTracks().forEach((t) => t.stop());
      this.#held = null;
      return;
    }
    this.localStream.value = media.stream;
    this.hasAudio.value = media.hasAudio;
    this.hasVideo.value = media.hasVideo;
    this.cameraOff.value = !media.hasVideo;
    this.mediaProblem.value = media.problem;
    this.#cameraTrack = media.stream.getVideoTracks()[0] ?? null;
    this.#watchMic();
    const held = this.#held;
    this.#held = null;
    if (this.signalState.value === "open") this.#announceMedia();
    heldSinceLastReady(held).forEach((m) => this.#onSignal(m));
    void listDevices().then((d) => (this.devices.value = d), () => {});
    this.started.value = true;
    this.#statsTimer = setInterval(
      () => void this.#sampleStats(),
      STATS_INTERVAL_MS,
    );
    const onDevices = () =>
      void listDevices().then((d) => (this.devices.value = d));
    navigator.mediaDevices?.addEventListener?.("devicechange", onDevices);
    this.#cleanups.push(() =>
      navigator.mediaDevices?.removeEventListener?.("devicechange", onDevices)
    );
    const onVisible = () => {
      if (
        document.visibilityState === "visible" &&
        this.connectionState.value === "connected"
      ) {
        void this.#keepAwake();
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    this.#cleanups.push(() =>
      document.removeEventListener("visibilitychange", onVisible)
    );
  }

  async #fetchIce(): Promise<IceConfiguration> {
    try {
      const res = await this.fetchImpl(
        `/api/bookings/${this.options.bookingId}/ice-servers`,
        {
          credentials: "same-origin",
        },
      );
      if (res.ok) return await res.json() as IceConfiguration;
    } catch {
      // Fall through to the default.
    }
    return { iceServers: [], iceTransportPolicy: "all", expiresAt: null };
  }

  #configuration(): RTCConfiguration {
    return {
      iceServers: this.#ice?.iceServers ?? [],
      iceTransportPolicy: this.#ice?.iceTransportPolicy ?? "all",
    };
  }

  #onSignal(message: ServerMessage): void {
    const other = this.options.other.id;
    switch (message.type) {
      case "booking:joined": {
        const peer = message.peers.find((p) => p.userId === other);
        this.peerPresent.value = Boolean(peer);
        if (peer) {
          this.peerMuted.value = peer.isMuted;
          this.peerVideoOff.value = peer.isVideoOff;
        }
        // The server forgets our media state with the old socket; while the
        // camera is starting, start() tells it once it knows.
        if (!this.#held) this.#announceMedia();
        // A working call survives a signaling reconnect: only ask for a
        // fresh negotiation when there is none.
        if (this.connectionState.value !== "connected") {
          this.#signaling.send({ type: "webrtc:ready" });
        }
        return;
      }
      case "booking:user-joined":
        if (message.userId !== other) return;
        this.peerPresent.value = true;
        this.peerMuted.value = message.isMuted;
        this.peerVideoOff.value = message.isVideoOff;
        this.announcement.value =
          `${this.options.other.username} joined the call`;
        return;
      case "booking:user-left":
        if (message.userId !== other) return;
        this.peerPresent.value = false;
        this.announcement.value =
          `${this.options.other.username} left the call`;
        return;
      case "webrtc:peer-ready":
        if (message.userId === other) this.#newPeer();
        return;
      case "webrtc:offer":
      case "webrtc:answer": {
        if (message.fromUserId !== other) return;
        const peer = this.#peer ??
          (message.type === "webrtc:offer" ? this.#newPeer() : null);
        peer?.handleDescription(
          message.type === "webrtc:offer" ? "offer" : "answer",
          message.sdp,
        )
          .catch((err) =>
            console.error("Applying the remote description failed", err)
          );
        return;
      }
      case "webrtc:ice-candidate":
        if (message.fromUserId === other) {
          void this.#peer?.handleCandidate(message.candidate);
        }
        return;
      case "media:user-muted":
        if (message.userId !== other) return;
        this.peerMuted.value = message.isMuted;
        this.announcement.value = `${this.options.other.username} ${
          message.isMuted ? "muted" : "unmuted"
        } their microphone`;
        return;
      case "media:user-video-off":
        if (message.userId !== other) return;
        this.peerVideoOff.value = message.isVideoOff;
        this.announcement.value =
          `${this.options.other.username} turned their camera ${
            message.isVideoOff ? "off" : "on"
          }`;
        return;
      case "error":
        console.warn(`Signaling error ${message.code}: ${message.message}`);
        return;
    }
  }

  /** Tells the room that the microphone is muted or the camera off. */
  #announceMedia(): void {
    if (this.micMuted.value) {
      this.#signaling.send({ type: "media:toggle-mic", isMuted: true });
    }
    if (this.cameraOff.value) {
      this.#signaling.send({ type: "media:toggle-video", isVideoOff: true });
    }
  }

  /** Replaces the peer connection with a fresh one carrying our tracks. */
  #newPeer(): Peer {
    this.#peer?.close();
    this.remoteStream.value = null;
    const peer = new Peer({
      configuration: this.#configuration(),
      polite: this.options.polite,
      signal: (m) => this.#signaling.send(m),
      onTrack: (e) => this.#onTrack(e),
      onConnectionState: (s) => {
        if (this.#peer === peer) this.#onConnectionState(s);
      },
      onDataChannel: (channel) => this.#watchChat(channel),
    });
    this.#peer = peer;
    this.connectionState.value = "new";
    this.path.value = null;
    this.#statsSample = undefined;
    // A negotiation can stall without ever failing (an answer whose ICE
    // gathering never starts after a rollback, an unusable TURN server):
    // give it up and ask the other side for a fresh one.
    clearTimeout(this.#negotiationTimer);
    this.#negotiationTimer = setTimeout(
      () => this.#abandonStalled(peer),
      this.options.polite
        ? NEGOTIATION_TIMEOUT_MS.polite
        : NEGOTIATION_TIMEOUT_MS.impolite,
    );
    const stream = this.localStream.value ?? new MediaStream();
    const audio = stream.getAudioTracks()[0];
    const video = this.#screenTrack ?? stream.getVideoTracks()[0];
    if (audio) peer.pc.addTrack(audio, stream);
    else peer.pc.addTransceiver("audio", { direction: "recvonly" });
    if (video) peer.pc.addTrack(video, stream);
    else peer.pc.addTransceiver("video", { direction: "recvonly" });
    return peer;
  }

  #onTrack(event: RTCTrackEvent): void {
    const stream = this.remoteStream.value ?? event.streams[0] ??
      new MediaStream();
    if (!stream.getTracks().includes(event.track)) stream.addTrack(event.track);
    // A new object, so the video element is told about the new track.
    this.remoteStream.value = null;
    this.remoteStream.value = stream;
  }

  #abandonStalled(peer: Peer): void {
    if (
      this.#peer !== peer || peer.pc.connectionState === "connected" ||
      this.stopped.value
    ) return;
    this.#failedAttempts++;
    if (this.#failedAttempts >= 2) {
      this.connectionProblem.value =
        "The call is not getting through: a firewall or the network may be blocking it. Still trying…";
    }
    peer.close();
    this.#peer = null;
    this.remoteStream.value = null;
    this.connectionState.value = "new";
    this.#signaling.send({ type: "webrtc:ready" });
  }

  #onConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState.value = state;
    clearTimeout(this.#disconnectTimer);
    if (state === "connected") {
      clearTimeout(this.#negotiationTimer);
      this.#failedAttempts = 0;
      this.connectionProblem.value = null;
      this.announcement.value = `Connected to ${this.options.other.username}`;
      void this.#sampleStats();
      void this.#keepAwake();
    } else if (state === "disconnected") {
      this.#disconnectTimer = setTimeout(
        () => void this.#restartIce(),
        DISCONNECTED_GRACE_MS,
      );
    } else if (state === "failed") {
      void this.#restartIce();
    }
  }

  async #restartIce(): Promise<void> {
    if (!this.#peer || this.stopped.value) return;
    // TURN credentials expire: take fresh ones for the new candidates.
    this.#ice = await this.#fetchIce();
    this.#peer?.restartIce(this.#configuration());
  }

  #onStopped(reason: StopReason): void {
    this.stopped.value = reason;
    this.reconnecting.value = false;
    this.#peer?.close();
    this.#peer = null;
    this.connectionState.value = "closed";
    this.remoteStream.value = null;
    // Free the camera and microphone for the tab that took over.
    this.#stopLocalTracks();
  }

  #stopLocalTracks(): void {
    this.#stopMeter();
    this.localStream.value?.getTracks().forEach((t) => t.stop());
    this.#screenTrack?.stop();
    this.#screenTrack = null;
    this.screenStream.value = null;
    this.sharing.value = false;
    this.localStream.value = null;
    void this.#wakeLock?.release().catch(() => {});
    this.#wakeLock = null;
  }

  /** After "Joined from another tab": take the call back in this tab. */
  async takeBack(): Promise<void> {
    clearInterval(this.#statsTimer);
    this.#cleanups.forEach((c) => c());
    this.#cleanups = [];
    await this.start();
  }

  /** Leaves the call for good. */
  leave(): void {
    this.#signaling.leave();
    this.#onStopped("left");
    this.dispose();
  }

  /** Stops timers and listeners (the island unmounts). */
  dispose(): void {
    clearInterval(this.#statsTimer);
    clearTimeout(this.#disconnectTimer);
    clearTimeout(this.#negotiationTimer);
    this.#cleanups.forEach((c) => c());
    this.#cleanups = [];
  }

  /** Mutes or unmutes the microphone; the other side is told. */
  toggleMic(): void {
    if (!this.hasAudio.value) return;
    const muted = !this.micMuted.value;
    this.micMuted.value = muted;
    this.localStream.value?.getAudioTracks().forEach((
      t,
    ) => (t.enabled = !muted));
    this.#signaling.send({ type: "media:toggle-mic", isMuted: muted });
  }

  /** Turns the camera off or on; the other side is told. */
  toggleCamera(): void {
    if (!this.hasVideo.value) return;
    const off = !this.cameraOff.value;
    this.cameraOff.value = off;
    if (this.#cameraTrack) this.#cameraTrack.enabled = !off;
    this.#signaling.send({
      type: "media:toggle-video",
      isVideoOff: off && !this.sharing.value,
    });
  }

  /** Sends a track (or nothing) on the kind's transceiver, turning a receive-only one into send-receive. */
  async #send(
    kind: "audio" | "video",
    track: MediaStreamTrack | null,
  ): Promise<void> {
    const transceiver = this.#peer?.pc.getTransceivers().find((t) =>
      t.receiver.track.kind === kind
    );
    if (!transceiver) return;
    if (track && transceiver.direction === "recvonly") {
      transceiver.direction = "sendrecv";
    }
    await transceiver.sender.replaceTrack(track);
  }

  /** Shares the screen in place of the camera until stopped (here or by the browser). */
  async shareScreen(): Promise<void> {
    if (this.sharing.value) return this.stopSharing();
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({
        video: true,
        audio: false,
      });
    } catch {
      return; // The participant cancelled the picker.
    }
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    this.#screenTrack = track;
    this.screenStream.value = new MediaStream([track]);
    this.sharing.value = true;
    // The browser's own "Stop sharing" button ends the track.
    track.addEventListener("ended", () => void this.stopSharing());
    await this.#send("video", track);
    this.#signaling.send({ type: "media:toggle-video", isVideoOff: false });
    this.announcement.value = "You are sharing your screen";
  }

  /** Returns from the screen to the camera. */
  async stopSharing(): Promise<void> {
    if (!this.#screenTrack) return;
    const track = this.#screenTrack;
    this.#screenTrack = null;
    this.screenStream.value = null;
    this.sharing.value = false;
    track.stop();
    await this.#send("video", this.#cameraTrack);
    this.#signaling.send({
      type: "media:toggle-video",
      isVideoOff: this.cameraOff.value,
    });
    this.announcement.value = "You stopped sharing your screen";
  }

  /** Switches the camera or microphone mid-call. */
  async switchDevice(
    kind: "audioinput" | "videoinput",
    deviceId: string,
  ): Promise<void> {
    const constraints = kind === "audioinput"
      ? {
        audio: {
          deviceId: { exact: deviceId },
          echoCancellation: true,
          noiseSuppression: true,
        },
      }
      : {
        video: {
          deviceId: { exact: deviceId },
          width: { ideal: 1280 },
          height: { ideal: 720 },
        },
      };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(constraints);
    } catch (err) {
      this.mediaProblem.value = `Could not switch device: ${
        (err as Error).message
      }`;
      return;
    }
    const track = kind === "audioinput"
      ? stream.getAudioTracks()[0]
      : stream.getVideoTracks()[0];
    const local = this.localStream.value ?? new MediaStream();
    const old = kind === "audioinput"
      ? local.getAudioTracks()[0]
      : local.getVideoTracks()[0];
    if (kind === "audioinput") track.enabled = !this.micMuted.value;
    else track.enabled = !this.cameraOff.value;
    if (kind === "videoinput") {
      this.#cameraTrack = track;
      if (!this.sharing.value) await this.#send("video", track);
      this.hasVideo.value = true;
    } else {
      await this.#send("audio", track);
    }
    if (old) {
      local.removeTrack(old);
      old.stop();
    }
    local.addTrack(track);
    this.localStream.value = null;
    this.localStream.value = local;
    if (kind === "audioinput") {
      this.hasAudio.value = true;
      this.#watchMic();
    }
  }

  #watchMic(): void {
    this.#stopMeter();
    const track = this.localStream.value?.getAudioTracks()[0];
    this.#stopMeter = track
      ? meterLevel(track, (level) => (this.micLevel.value = level))
      : () => {};
  }

  #watchChat(channel: RTCDataChannel): void {
    channel.addEventListener("message", (event) => {
      if (typeof event.data !== "string") return;
      let text: unknown;
      try {
        text = (JSON.parse(event.data) as { text?: unknown }).text;
      } catch {
        return;
      }
      if (typeof text !== "string" || !text.trim()) return;
      this.messages.value = [...this.messages.value, {
        from: "peer",
        text: text.slice(0, MAX_CHAT_LENGTH),
        at: Date.now(),
      }];
      if (!this.chatOpen.value) this.unread.value++;
      this.announcement.value = `Message from ${this.options.other.username}: ${
        text.slice(0, 200)
      }`;
    });
  }

  /** Sends a chat message; false when the channel is not open. */
  sendChat(text: string): boolean {
    const clean = text.trim().slice(0, MAX_CHAT_LENGTH);
    const channel = this.#peer?.chat;
    if (!clean || channel?.readyState !== "open") return false;
    channel.send(JSON.stringify({ text: clean }));
    this.messages.value = [...this.messages.value, {
      from: "me",
      text: clean,
      at: Date.now(),
    }];
    return true;
  }

  /** Opens or closes the chat panel; opening marks everything read. */
  setChatOpen(open: boolean): void {
    this.chatOpen.value = open;
    if (open) this.unread.value = 0;
  }

  async #sampleStats(): Promise<void> {
    const pc = this.#peer?.pc;
    if (!pc || pc.connectionState === "closed") return;
    try {
      const stats = await readStats(pc, this.#statsSample);
      this.#statsSample = stats.sample;
      this.stats.value = stats;
      if (stats.path) this.path.value = stats.path;
    } catch {
      // The connection closed while sampling.
    }
  }

  async #keepAwake(): Promise<void> {
    const wakeLock = (navigator as Navigator & {
      wakeLock?: {
        request(type: "screen"): Promise<{ release(): Promise<void> }>;
      };
    }).wakeLock;
    if (!wakeLock || this.#wakeLock) return;
    try {
      this.#wakeLock = await wakeLock.request("screen");
    } catch {
      // Not allowed here (hidden tab, or no permission): the call goes on.
    }
  }

  /** Test and support hook: drops the signaling socket as a bad network would. */
  dropSignalingForTesting(): void {
    this.#signaling.dropForTesting();
  }
}
