// Who negotiates when: one peer connection at a time (lib/call/peer.ts does
// the offer/answer exchange), replaced when the other side starts afresh,
// given up when it stalls, and ICE-restarted when the network breaks.
import { signal } from "@preact/signals";
import type { ClientMessage, ServerMessage } from "@/lib/signaling/protocol.ts";
import { Peer } from "@/lib/call/peer.ts";
import type { RoomKey } from "@/lib/i18n/room_texts.ts";

/** Milliseconds a connection may stay "disconnected" before an ICE restart. */
export const DISCONNECTED_GRACE_MS = 4_000;
/**
 * How long a new peer connection may take to connect before it is replaced
 * by a fresh negotiation; the sides wait differently so they do not restart
 * at the same moment again.
 */
export const NEGOTIATION_TIMEOUT_MS = { polite: 8_000, impolite: 12_000 };

/**
 * How long a prepared offer is kept before it is made again with fresh ICE
 * servers: its relay candidates live on TURN credentials that expire (10
 * minutes).
 */
export const PREPARED_MAX_AGE_MS = 4 * 60_000;

/** The message shown once two negotiations in a row did not connect. */
export const NOT_GETTING_THROUGH: RoomKey = "room.notGettingThrough";

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

/** The tracks a new peer connection sends. */
export interface Outgoing {
  stream: MediaStream;
  audio?: MediaStreamTrack;
  /** The camera, or the screen while it is shared. */
  video?: MediaStreamTrack;
}

/** What the negotiation needs from the rest of the call. */
export interface NegotiationOptions {
  /** The other participant's user id; messages from anyone else are ignored. */
  otherId: string;
  /** The polite side yields on offer collisions (the student). */
  polite: boolean;
  send(message: ClientMessage): void;
  configuration(): RTCConfiguration;
  /** Fetches fresh ICE servers before an ICE restart. */
  refreshIce(): Promise<void>;
  outgoing(): Outgoing;
  onDataChannel(channel: RTCDataChannel): void;
  /** A new peer connection replaced the previous one. */
  onNewPeer(): void;
  onConnected(): void;
  /** Unit tests shorten the waits. */
  timeouts?: {
    polite: number;
    impolite: number;
    disconnectedGrace: number;
    preparedMaxAge?: number;
  };
  /** Unit tests pass a fake RTCPeerConnection. */
  createConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
}

/** The negotiation side of one participant's call. */
export class Negotiation {
  /** The current peer connection's `connectionState` (`data-call-state`). */
  readonly connectionState = signal<RTCPeerConnectionState>("new");
  readonly remoteStream = signal<MediaStream | null>(null);
  /**
   * Set after repeated attempts to connect failed (a firewall, broken TURN):
   * the message's key.
   */
  readonly problem = signal<RoomKey | null>(null);

  #peer: Peer | null = null;
  /** Negotiation messages that arrived before the camera was ready. */
  #held: ServerMessage[] | null = null;
  #failedAttempts = 0;
  /** The other participant is not in the room (said by the server). */
  #alone = false;
  /** The prepared peer sent on the other's join; their "ready" is answered by it. */
  #answersReady: Peer | null = null;
  #disconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #negotiationTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private options: NegotiationOptions) {}

  /** The current peer connection, if any. */
  get pc(): RTCPeerConnection | null {
    return this.#peer?.pc ?? null;
  }

  /** The current peer connection's chat channel, if any. */
  get chat(): RTCDataChannel | null {
    return this.#peer?.chat ?? null;
  }

  /** True while negotiation messages wait for local tracks. */
  get holding(): boolean {
    return this.#held !== null;
  }

  /** Holds negotiation messages until release() (the camera is starting). */
  hold(): void {
    this.#held = [];
  }

  /** Stops holding; returns what is still worth handling, in order. */
  release(): ServerMessage[] {
    const held = this.#held ?? [];
    this.#held = null;
    return heldSinceLastReady(held);
  }

  /** Handles a `webrtc:*` message from the server (held while holding). */
  handle(message: ServerMessage): void {
    if (this.#held && message.type.startsWith("webrtc:")) {
      this.#held.push(message);
      return;
    }
    const other = this.options.otherId;
    switch (message.type) {
      case "webrtc:peer-ready": {
        if (message.userId !== other) return;
        this.#alone = false;
        const peer = this.#peer;
        const answered = peer !== null && peer === this.#answersReady &&
          !peer.pc.remoteDescription;
        this.#answersReady = null;
        if (answered) return;
        if (peer?.held) this.#activate(peer);
        else this.#newPeer();
        return;
      }
      case "webrtc:offer":
      case "webrtc:answer": {
        if (message.fromUserId !== other) return;
        const offer = message.type === "webrtc:offer";
        // Their offer wins over ours that was never sent; no answer or
        // candidate can be meant for it.
        if (this.#peer?.held) {
          if (!offer) return;
          this.#peer.close();
          this.#peer = null;
        }
        const peer = this.#peer ?? (offer ? this.#newPeer() : null);
        peer?.handleDescription(offer ? "offer" : "answer", message.sdp)
          .catch((err) =>
            console.error("Applying the remote description failed", err)
          );
        return;
      }
      case "webrtc:ice-candidate":
        if (message.fromUserId === other && !this.#peer?.held) {
          void this.#peer?.handleCandidate(message.candidate);
        }
        return;
    }
  }

  /**
   * After joining the room: asks the other side for a fresh negotiation,
   * unless the call works (a signaling reconnect must not tear it down);
   * then it reports the call connected for the new visit.
   */
  joined(otherHere = true): void {
    // The new socket is a new visit: a working call is reported again.
    this.options.send({
      type: this.connectionState.value === "connected"
        ? "media:connected"
        : "webrtc:ready",
    });
    this.#alone = !otherHere;
    this.prepare();
  }

  /**
   * While the other participant is away: makes the peer connection with our
   * tracks, its offer and candidates now, and keeps them until the other
   * arrives (otherJoined(), or their "ready"), so the call starts without
   * waiting for any of it. Does nothing while the camera is starting
   * (holding) or with a peer connection in place.
   */
  prepare(): void {
    if (!this.#alone || this.#peer || this.#held) return;
    this.#newPeer(true);
  }

  /**
   * The other participant's socket joined the room: the prepared offer
   * leaves now, without waiting for their "ready" (which follows their join
   * and is then answered by this offer).
   */
  otherJoined(userId: string): void {
    if (userId !== this.options.otherId) return;
    this.#alone = false;
    const peer = this.#peer;
    if (!peer?.held) return;
    this.#activate(peer);
    this.#answersReady = peer;
  }

  /** Sends a track (or nothing) on the kind's transceiver, turning a receive-only one into send-receive. */
  async replaceTrack(
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

  /** Closes the peer connection for good (left, or stopped by the server). */
  stop(): void {
    this.#peer?.close();
    this.#peer = null;
    this.connectionState.value = "closed";
    this.remoteStream.value = null;
  }

  /**
   * The other side left the call: its peer connection is closed at once and
   * the remote media cleared; its "ready" on return starts a fresh one.
   */
  peerLeft(): void {
    this.options.send({ type: "media:disconnected" });
    clearTimeout(this.#disconnectTimer);
    clearTimeout(this.#negotiationTimer);
    this.stop();
    // Ready for their return.
    this.#alone = true;
    this.prepare();
  }

  /** Clears the timers (the island unmounts). */
  dispose(): void {
    clearTimeout(this.#disconnectTimer);
    clearTimeout(this.#negotiationTimer);
  }

  /**
   * Replaces the peer connection with a fresh one carrying our tracks;
   * a `held` one keeps its offer until #activate().
   */
  #newPeer(held = false): Peer {
    this.#peer?.close();
    this.remoteStream.value = null;
    const { polite } = this.options;
    const peer = new Peer({
      held,
      configuration: this.options.configuration(),
      polite,
      signal: (m) => this.options.send(m),
      onTrack: (e) => this.#onTrack(e),
      onConnectionState: (s) => {
        if (this.#peer === peer) this.#onConnectionState(s);
      },
      onDataChannel: (channel) => this.options.onDataChannel(channel),
      createConnection: this.options.createConnection,
    });
    this.#peer = peer;
    // A prepared one shows nothing until it is in use (a left peer's call
    // stays "closed").
    if (!held) {
      this.connectionState.value = "new";
      this.#watchStall(peer);
    } else {
      clearTimeout(this.#negotiationTimer);
      // Made again with fresh ICE servers when kept too long.
      this.#negotiationTimer = setTimeout(async () => {
        await this.options.refreshIce();
        if (this.#peer !== peer || !peer.held) return;
        peer.close();
        this.#peer = null;
        this.prepare();
      }, this.options.timeouts?.preparedMaxAge ?? PREPARED_MAX_AGE_MS);
    }
    this.options.onNewPeer();
    const { stream, audio, video } = this.options.outgoing();
    if (audio) peer.pc.addTrack(audio, stream);
    else peer.pc.addTransceiver("audio", { direction: "recvonly" });
    if (video) peer.pc.addTrack(video, stream);
    else peer.pc.addTransceiver("video", { direction: "recvonly" });
    return peer;
  }

  /** Sends a prepared peer's offer and candidates; the negotiation is on. */
  #activate(peer: Peer): void {
    this.connectionState.value = "new";
    peer.release();
    this.#watchStall(peer);
  }

  // A negotiation can stall without ever failing (an answer whose ICE
  // gathering never starts after a rollback, an unusable TURN server):
  // give it up and ask the other side for a fresh one.
  #watchStall(peer: Peer): void {
    const timeouts = this.options.timeouts ?? NEGOTIATION_TIMEOUT_MS;
    clearTimeout(this.#negotiationTimer);
    this.#negotiationTimer = setTimeout(
      () => this.#abandonStalled(peer),
      this.options.polite ? timeouts.polite : timeouts.impolite,
    );
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
    if (this.#peer !== peer || peer.pc.connectionState === "connected") return;
    this.#failedAttempts++;
    if (this.#failedAttempts >= 2) this.problem.value = NOT_GETTING_THROUGH;
    peer.close();
    this.#peer = null;
    this.remoteStream.value = null;
    this.connectionState.value = "new";
    this.options.send({ type: "webrtc:ready" });
  }

  #onConnectionState(state: RTCPeerConnectionState): void {
    // Attendance: the server records when the call actually connected.
    if (state !== "new" && state !== "connecting") {
      this.options.send({
        type: state === "connected" ? "media:connected" : "media:disconnected",
      });
    }
    this.connectionState.value = state;
    clearTimeout(this.#disconnectTimer);
    if (state === "connected") {
      clearTimeout(this.#negotiationTimer);
      this.#failedAttempts = 0;
      this.problem.value = null;
      this.options.onConnected();
    } else if (state === "disconnected") {
      this.#disconnectTimer = setTimeout(
        () => void this.#restartIce(),
        this.options.timeouts?.disconnectedGrace ?? DISCONNECTED_GRACE_MS,
      );
    } else if (state === "failed") {
      void this.#restartIce();
    }
  }

  async #restartIce(): Promise<void> {
    if (!this.#peer) return;
    // TURN credentials expire: take fresh ones for the new candidates.
    await this.options.refreshIce();
    this.#peer?.restartIce(this.options.configuration());
  }
}
