// One RTCPeerConnection with the "perfect negotiation" pattern: either side
// may offer at any time; on a collision the polite side rolls back and
// answers, the impolite side ignores the other's offer. Candidates that
// arrive before the remote description wait in a queue.
import type {
  ClientMessage,
  IceCandidateJson,
} from "@/lib/signaling/protocol.ts";

/** What the peer connection needs from the rest of the call. */
export interface PeerOptions {
  configuration: RTCConfiguration;
  /** The polite side yields on offer collisions. */
  polite: boolean;
  /** Sends a signaling message to the other participant. */
  signal(message: ClientMessage): void;
  onTrack(event: RTCTrackEvent): void;
  onConnectionState(state: RTCPeerConnectionState): void;
  onDataChannel(channel: RTCDataChannel): void;
  /** Makes the RTCPeerConnection; unit tests pass a fake. */
  createConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
  /**
   * Prepared ahead: the offer and candidates are made at once but kept
   * until release(), so they leave the moment the other side arrives.
   */
  held?: boolean;
}

/** A negotiated connection to the other participant. */
export class Peer {
  readonly pc: RTCPeerConnection;
  /** Chat channel, negotiated on both sides with the same id. */
  readonly chat: RTCDataChannel;
  #makingOffer = false;
  #ignoreOffer = false;
  #settingAnswer = false;
  #pendingCandidates: (IceCandidateJson | null)[] = [];
  #closed = false;
  /** What this side would have sent while held, in order. */
  #outbox: ClientMessage[] | null;

  constructor(private options: PeerOptions) {
    this.#outbox = options.held ? [] : null;
    this.pc = options.createConnection?.(options.configuration) ??
      new RTCPeerConnection(options.configuration);
    this.chat = this.pc.createDataChannel("chat", { negotiated: true, id: 0 });
    options.onDataChannel(this.chat);
    this.pc.addEventListener("negotiationneeded", () => void this.#offer());
    this.pc.addEventListener("icecandidate", ({ candidate }) => {
      this.#signal({
        type: "webrtc:ice-candidate",
        candidate: candidate ? candidate.toJSON() as IceCandidateJson : null,
      });
    });
    this.pc.addEventListener("track", (e) => options.onTrack(e));
    this.pc.addEventListener(
      "connectionstatechange",
      () => options.onConnectionState(this.pc.connectionState),
    );
    // Some browsers only report ICE failures on the ICE state.
    this.pc.addEventListener("iceconnectionstatechange", () => {
      if (this.pc.iceConnectionState === "failed") {
        options.onConnectionState("failed");
      }
    });
  }

  /** True while prepared ahead and not released yet. */
  get held(): boolean {
    return this.#outbox !== null;
  }

  /** Sends what was kept while held (the offer, its candidates), then goes live. */
  release(): void {
    const outbox = this.#outbox ?? [];
    this.#outbox = null;
    if (!this.#closed) outbox.forEach((m) => this.options.signal(m));
  }

  #signal(message: ClientMessage): void {
    if (this.#outbox) this.#outbox.push(message);
    else this.options.signal(message);
  }

  async #offer(): Promise<void> {
    if (this.#closed) return;
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      const sdp = this.pc.localDescription?.sdp;
      if (sdp) this.#signal({ type: "webrtc:offer", sdp });
    } catch (err) {
      console.error("Creating an offer failed", err);
    } finally {
      this.#makingOffer = false;
    }
  }

  /** Handles the other side's offer or answer. */
  async handleDescription(
    type: "offer" | "answer",
    sdp: string,
  ): Promise<void> {
    if (this.#closed) return;
    const readyForOffer = !this.#makingOffer &&
      (this.pc.signalingState === "stable" || this.#settingAnswer);
    const collision = type === "offer" && !readyForOffer;
    this.#ignoreOffer = !this.options.polite && collision;
    if (this.#ignoreOffer) return;
    if (type === "answer" && this.pc.signalingState !== "have-local-offer") {
      return;
    }
    this.#settingAnswer = type === "answer";
    try {
      // On a collision the polite side's setRemoteDescription rolls back
      // its own offer implicitly.
      await this.pc.setRemoteDescription({ type, sdp });
    } finally {
      this.#settingAnswer = false;
    }
    await this.#flushCandidates();
    if (type === "offer") {
      await this.pc.setLocalDescription();
      const answer = this.pc.localDescription?.sdp;
      if (answer) this.#signal({ type: "webrtc:answer", sdp: answer });
    }
  }

  /** Handles a trickled candidate; queued until a remote description exists. */
  async handleCandidate(candidate: IceCandidateJson | null): Promise<void> {
    if (this.#closed) return;
    if (!this.pc.remoteDescription) {
      this.#pendingCandidates.push(candidate);
      return;
    }
    await this.#addCandidate(candidate);
  }

  async #flushCandidates(): Promise<void> {
    const queued = this.#pendingCandidates;
    this.#pendingCandidates = [];
    for (const c of queued) await this.#addCandidate(c);
  }

  async #addCandidate(candidate: IceCandidateJson | null): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate ?? undefined);
    } catch (err) {
      // Candidates for an offer we ignored are expected to fail.
      if (!this.#ignoreOffer) {
        console.warn("Adding an ICE candidate failed", err);
      }
    }
  }

  /** Starts an ICE restart, with fresh ICE servers when given. */
  restartIce(configuration?: RTCConfiguration): void {
    if (this.#closed) return;
    if (configuration) this.pc.setConfiguration(configuration);
    this.pc.restartIce();
  }

  /** Closes the connection; the object is unusable afterwards. */
  close(): void {
    this.#closed = true;
    this.chat.close();
    this.pc.close();
  }
}
