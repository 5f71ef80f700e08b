// The call of one participant: composes the signaling client, the
// negotiation, local media, screen share, chat, presence and quality, and
// routes the server's messages to them. The CallRoom island renders it.
import { signal } from "@preact/signals";
import type { IceConfiguration } from "@/lib/signaling/ice.ts";
import type { ClientMessage, ServerMessage } from "@/lib/signaling/protocol.ts";
import {
  SignalingClient,
  type SignalState,
  type StopReason,
} from "@/lib/call/signaling_client.ts";
import { IceServers } from "@/lib/call/ice_servers.ts";
import { Negotiation } from "@/lib/call/negotiation.ts";
import { LocalMedia } from "@/lib/call/local_media.ts";
import { ScreenShare } from "@/lib/call/screen_share.ts";
import { Chat, type StoredChatMessage } from "@/lib/call/chat.ts";
import { Presence } from "@/lib/call/presence.ts";
import { QualityMonitor } from "@/lib/call/stats.ts";
import { ScreenWakeLock } from "@/lib/call/wake_lock.ts";
import type { CapturedMedia } from "@/lib/call/media.ts";
import type { PretestResult } from "@/lib/call/pretest.ts";
import { type DevicePrefs, loadDevicePrefs } from "@/lib/call/device_prefs.ts";
import type { RoomAnnounce, RoomSay } from "@/lib/i18n/room_texts.ts";

/** Where the participant is: before joining, in the call, or after leaving. */
export type CallPhase = "prejoin" | "joined" | "left";

/** What this side sends on the chat channel as it leaves. */
const BYE = JSON.stringify({ bye: true });

/** Who is in the call, as the page knows it. */
export interface CallOptions {
  bookingId: string;
  me: { id: string; username: string };
  other: { id: string; username: string };
  /** Derived from the booking: the student is polite, the teacher is not. */
  polite: boolean;
  /** ICE servers rendered into the page; fetched again before ICE restarts. */
  ice?: IceConfiguration | null;
  /** The booking's chat as stored, oldest first. */
  history?: StoredChatMessage[];
  /** The room's messages in the viewer's language: what every part of the room says. */
  say: RoomSay;
  /** The viewer's locale, for numbers, dates and times (Intl). */
  locale: string;
}

/** One participant's side of the call. */
export class CallController {
  /** Pre-join, in the call, or left (`data-call-state` outside the call). */
  readonly phase = signal<CallPhase>("prejoin");
  /** The signaling socket (`data-signal-state`). */
  readonly signalState = signal<SignalState>("closed");
  /** Camera and microphone are settled and negotiation may run. */
  readonly started = signal(false);
  /** Set when the server ended this tab's part in the call for good. */
  readonly stopped = signal<StopReason | null>(null);
  /** The signaling socket is down and coming back. */
  readonly reconnecting = signal(false);
  /** The latest sentence for the screen-reader live region. */
  readonly announcement = signal("");

  readonly negotiation: Negotiation;
  readonly media: LocalMedia;
  readonly screen: ScreenShare;
  readonly chat: Chat;
  readonly presence: Presence;
  readonly quality: QualityMonitor;

  #signaling: SignalingClient;
  #send = (m: ClientMessage): boolean => this.#signaling.send(m);
  #ice: IceServers;
  #wakeLock = new ScreenWakeLock();
  #cleanups: (() => void)[] = [];
  /** The camera and microphone being started, before join() takes them. */
  #capture: Promise<CapturedMedia> | null = null;
  #stopDevices: (() => void) | null = null;

  constructor(
    readonly options: CallOptions,
    fetchImpl: typeof fetch = fetch.bind(globalThis),
  ) {
    const send = (m: ClientMessage) => void this.#signaling.send(m);
    const announce: RoomAnnounce = (
      key,
      params,
    ) => (this.announcement.value = options.say(key, params));
    const replaceTrack = (
      kind: "audio" | "video",
      track: MediaStreamTrack | null,
    ) => this.negotiation.replaceTrack(kind, track);
    const other = options.other;
    this.#ice = new IceServers(options.bookingId, fetchImpl);
    this.media = new LocalMedia({
      send,
      replaceTrack,
      sharing: () => this.screen.sharing.value,
      say: options.say,
    });
    this.screen = new ScreenShare({
      send,
      replaceTrack,
      announce,
      cameraTrack: () => this.media.cameraTrack,
      cameraOff: () => this.media.cameraOff.value,
    });
    this.chat = new Chat(
      options.me.id,
      other.username,
      announce,
      options.history,
    );
    this.presence = new Presence(other, announce);
    this.quality = new QualityMonitor(() => this.negotiation.pc);
    this.negotiation = new Negotiation({
      otherId: other.id,
      polite: options.polite,
      send,
      configuration: () => this.#ice.configuration(),
      refreshIce: () => this.#ice.refresh(),
      outgoing: () => {
        const stream = this.media.stream.value ?? new MediaStream();
        return {
          stream,
          audio: stream.getAudioTracks()[0],
          video: this.screen.track ?? stream.getVideoTracks()[0],
        };
      },
      onDataChannel: (channel) => {
        this.chat.watch(channel);
        this.#watchForBye(channel);
      },
      onNewPeer: () => this.quality.reset(),
      onConnected: () => {
        announce("room.status.connected", { name: other.username });
        void this.quality.sample();
        void this.#wakeLock.keep();
      },
    });
    const url = new URL(
      `/api/bookings/${options.bookingId}/signal`,
      location.href,
    );
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    this.#signaling = new SignalingClient(url.href, {
      onMessage: (m) => this.#onSignal(m),
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
   * The pre-join panel: starts the camera and microphone (the remembered
   * devices first) for the preview and the level meter. Nothing is sent and
   * no socket opens, so the other side learns nothing and no attendance is
   * recorded.
   */
  preview(prefs: DevicePrefs = loadDevicePrefs()): void {
    if (this.#capture) return;
    const capture = this.media.capture(prefs);
    this.#capture = capture;
    this.#stopDevices ??= this.media.watchDevices();
    void capture.then((media) => {
      // A leave or another tab may have come first.
      if (this.#capture === capture && !this.stopped.value) {
        this.media.use(media);
      }
    }, () => {});
  }

  /**
   * Checks with the booking's ICE servers which candidates this network
   * gives, without any signaling.
   */
  async pretest(): Promise<PretestResult> {
    // Loaded on request: most participants never run it.
    const [{ runPretest }] = await Promise.all([
      import("@/lib/call/pretest.ts"),
      this.#ice.load(this.options.ice),
    ]);
    return await runPretest(this.#ice.configuration(), this.options.say);
  }

  /**
   * "Join now": joins the room while the camera and microphone finish
   * starting: the socket opens and the other side prepares its offer in
   * parallel, and negotiation messages are held until there are tracks to
   * answer with. The microphone and camera choices of the pre-join panel
   * carry over.
   */
  async join(): Promise<void> {
    this.phase.value = "joined";
    this.stopped.value = null;
    // The page's ICE servers save a request, unless their TURN credentials are
    // about to expire (a call taken back much later).
    const ice = this.#ice.load(this.options.ice);
    this.negotiation.hold();
    this.#signaling.connect();
    this.preview();
    const capture = this.#capture!;
    const media = await capture;
    await ice;
    this.#capture = null;
    if (this.stopped.value) {
      // Replaced by another tab, or left, while the camera was starting.
      media.stream.getTracks().forEach((t) => t.stop());
      this.negotiation.release();
      return;
    }
    if (this.media.stream.value !== media.stream) this.media.use(media);
    const held = this.negotiation.release();
    if (this.signalState.value === "open") this.media.announce();
    held.forEach((m) => this.negotiation.handle(m));
    // Alone in the room: the offer is made now, for the other's arrival.
    this.negotiation.prepare();
    this.#stopDevices ??= this.media.watchDevices();
    this.started.value = true;
    this.quality.start();
    const onVisible = () => {
      if (
        document.visibilityState === "visible" &&
        this.negotiation.connectionState.value === "connected"
      ) {
        void this.#wakeLock.keep();
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    this.#cleanups.push(() =>
      document.removeEventListener("visibilitychange", onVisible)
    );
  }

  /** The other side said "bye", or its end of the chat channel closed. */
  #watchForBye(channel: RTCDataChannel): void {
    const gone = () => {
      if (this.negotiation.chat !== channel) return;
      this.negotiation.peerLeft();
      this.presence.leave();
    };
    channel.addEventListener("message", (e) => {
      if (e.data === BYE) gone();
    });
    channel.addEventListener("close", gone);
  }

  #onSignal(message: ServerMessage): void {
    if (message.type.startsWith("webrtc:")) {
      this.negotiation.handle(message);
      return;
    }
    this.presence.handle(message);
    this.chat.handle(message);
    if (message.type === "booking:joined") {
      this.chat.resend(this.#send);
      // The server forgets our media state with the old socket; while the
      // camera is starting, start() tells it once it knows.
      if (!this.negotiation.holding) this.media.announce();
      const otherId = this.options.other.id;
      this.negotiation.joined(message.peers.some((p) => p.userId === otherId));
    } else if (message.type === "booking:user-joined") {
      this.negotiation.otherJoined(message.userId);
    } else if (message.type === "error") {
      console.warn(`Signaling error ${message.code}: ${message.message}`);
    }
  }

  #onStopped(reason: StopReason): void {
    if (reason === "left" && this.phase.value === "joined") {
      this.phase.value = "left";
    }
    this.stopped.value = reason;
    this.reconnecting.value = false;
    this.negotiation.stop();
    // Free the camera and microphone for the tab that took over.
    this.media.stop();
    this.screen.end();
    this.#wakeLock.release();
  }

  /** After "Joined from another tab" or "Rejoin": joins again in this tab. */
  async rejoin(): Promise<void> {
    this.quality.stop();
    this.#cleanups.forEach((c) => c());
    this.#cleanups = [];
    this.started.value = false;
    await this.join();
  }

  /**
   * Leaves the call: the other side is told at once (a "bye" on the peer
   * connection, then the server), the camera and microphone stop. Before
   * joining it only stops the preview.
   */
  leave(): void {
    const chat = this.negotiation.chat;
    if (chat?.readyState === "open") chat.send(BYE);
    this.#signaling.leave();
    this.#capture = null;
    this.#onStopped("left");
    this.dispose();
  }

  /** Stops timers and listeners (the island unmounts). */
  dispose(): void {
    this.quality.stop();
    this.negotiation.dispose();
    this.#cleanups.forEach((c) => c());
    this.#cleanups = [];
    this.#stopDevices?.();
    this.#stopDevices = null;
  }

  /**
   * Sends a chat message on the current peer connection's channel and to
   * the server, which stores and relays it; false for a blank text.
   */
  sendChat(text: string): boolean {
    return this.chat.send(text, this.negotiation.chat, this.#send);
  }

  /** Test and support hook: drops the signaling socket as a bad network would. */
  dropSignalingForTesting(): void {
    this.#signaling.dropForTesting();
  }
}
