// Small hand-made stand-ins for the browser's WebRTC and media objects, for
// the unit tests of lib/call. They follow the offer/answer state machine of
// RTCPeerConnection closely enough for the negotiation logic; everything
// that needs real media or ICE is tested in Chromium (tests/call_browser_test.ts).
import { roomSay } from "@/lib/i18n/room_texts.ts";

/** The room's messages in English, as the island gets them. */
export const say = roomSay("en-GB");

/** A media track: a kind, an enabled flag, and whether it was stopped. */
export class FakeTrack extends EventTarget {
  enabled = true;
  stopped = false;
  /** What getSettings() reports (a phone camera's facingMode). */
  settings: MediaTrackSettings = {};
  constructor(readonly kind: "audio" | "video", readonly id: string = kind) {
    super();
  }
  getSettings(): MediaTrackSettings {
    return this.settings;
  }
  stop(): void {
    this.stopped = true;
  }
}

/** A media stream holding fake tracks. */
export class FakeStream {
  #tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.#tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.#tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.#tracks.filter((t) => t.kind === "audio");
  }
  getVideoTracks(): FakeTrack[] {
    return this.#tracks.filter((t) => t.kind === "video");
  }
  addTrack(track: FakeTrack): void {
    this.#tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    this.#tracks = this.#tracks.filter((t) => t !== track);
  }
}

/** Views a fake as the browser type it stands in for. */
export function asReal<T>(fake: unknown): T {
  return fake as T;
}

/** A data channel whose sent messages are kept and whose incoming ones a test delivers. */
export class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = "connecting";
  sent: string[] = [];
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = "closed";
  }
  /** Delivers a message as the other side would. */
  receive(data: unknown): void {
    this.dispatchEvent(new MessageEvent("message", { data }));
  }
}

interface FakeTransceiver {
  direction: RTCRtpTransceiverDirection;
  receiver: { track: { kind: string } };
  sender: {
    track: FakeTrack | null;
    replaceTrack(track: FakeTrack | null): Promise<void>;
  };
}

/**
 * An RTCPeerConnection that negotiates with fake SDP: an offer is
 * `offer:<n>`, an answer `answer:<offer it answers>`. Applying a remote offer
 * in `have-local-offer` rolls the local offer back, as browsers do. It fires
 * `negotiationneeded` once after the first track or channel, unless an offer
 * or answer was made meanwhile.
 */
export class FakePeerConnection extends EventTarget {
  static #offers = 0;
  signalingState: RTCSignalingState = "stable";
  connectionState: RTCPeerConnectionState = "new";
  iceConnectionState: RTCIceConnectionState = "new";
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  /** Candidates added, in order (null for an end-of-candidates). */
  candidates: (RTCIceCandidateInit | null)[] = [];
  transceivers: FakeTransceiver[] = [];
  channels: FakeChannel[] = [];
  rollbacks = 0;
  iceRestarts = 0;
  closed = false;
  #negotiationScheduled = false;
  #negotiated = false;
  #offerGate: Promise<void> | null = null;

  constructor(public configuration: RTCConfiguration) {
    super();
  }

  createDataChannel(): FakeChannel {
    const channel = new FakeChannel();
    this.channels.push(channel);
    this.#scheduleNegotiation();
    return channel;
  }

  addTrack(track: FakeTrack): FakeTransceiver {
    return this.#addTransceiver(track.kind, "sendrecv", track);
  }

  addTransceiver(
    kind: string,
    init?: { direction?: RTCRtpTransceiverDirection },
  ): FakeTransceiver {
    return this.#addTransceiver(kind, init?.direction ?? "sendrecv", null);
  }

  getTransceivers(): FakeTransceiver[] {
    return this.transceivers;
  }

  /** Makes the next offers wait until the returned function is called. */
  holdOffers(): () => void {
    let release!: () => void;
    this.#offerGate = new Promise((resolve) => (release = resolve));
    return () => {
      this.#offerGate = null;
      release();
    };
  }

  async setLocalDescription(): Promise<void> {
    await Promise.resolve();
    if (this.signalingState !== "have-remote-offer") await this.#offerGate;
    this.#negotiated = true;
    if (this.closed) throw new DOMException("Closed", "InvalidStateError");
    if (this.signalingState === "have-remote-offer") {
      this.localDescription = {
        type: "answer",
        sdp: `answer:${this.remoteDescription?.sdp}`,
      };
      this.signalingState = "stable";
    } else {
      this.localDescription = {
        type: "offer",
        sdp: `offer:${++FakePeerConnection.#offers}`,
      };
      this.signalingState = "have-local-offer";
    }
  }

  async setRemoteDescription(
    description: RTCSessionDescriptionInit,
  ): Promise<void> {
    await Promise.resolve();
    if (this.closed) throw new DOMException("Closed", "InvalidStateError");
    if (description.type === "offer") {
      if (this.signalingState === "have-local-offer") {
        this.rollbacks++;
        this.localDescription = null;
      }
      this.signalingState = "have-remote-offer";
    } else {
      if (this.signalingState !== "have-local-offer") {
        throw new DOMException("No offer to answer", "InvalidStateError");
      }
      this.signalingState = "stable";
    }
    this.remoteDescription = description;
  }

  async addIceCandidate(candidate?: RTCIceCandidateInit): Promise<void> {
    await Promise.resolve();
    if (!this.remoteDescription) {
      throw new DOMException("No remote description", "InvalidStateError");
    }
    this.candidates.push(candidate ?? null);
  }

  setConfiguration(configuration: RTCConfiguration): void {
    this.configuration = configuration;
  }

  restartIce(): void {
    this.iceRestarts++;
  }

  close(): void {
    this.closed = true;
    this.signalingState = "closed";
    this.connectionState = "closed";
  }

  /** Moves to a connection state and fires the event, as ICE would. */
  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatchEvent(new Event("connectionstatechange"));
  }

  /** Delivers a remote track, as a negotiated media section would. */
  receiveTrack(track: FakeTrack, stream?: FakeStream): void {
    const event = new Event("track") as Event & {
      track: FakeTrack;
      streams: FakeStream[];
    };
    event.track = track;
    event.streams = stream ? [stream] : [];
    this.dispatchEvent(event);
  }

  #addTransceiver(
    kind: string,
    direction: RTCRtpTransceiverDirection,
    track: FakeTrack | null,
  ): FakeTransceiver {
    const transceiver: FakeTransceiver = {
      direction,
      receiver: { track: { kind } },
      sender: {
        track,
        replaceTrack(next) {
          this.track = next;
          return Promise.resolve();
        },
      },
    };
    this.transceivers.push(transceiver);
    this.#scheduleNegotiation();
    return transceiver;
  }

  #scheduleNegotiation(): void {
    if (this.#negotiationScheduled) return;
    this.#negotiationScheduled = true;
    setTimeout(() => {
      if (
        !this.closed && !this.#negotiated && this.signalingState === "stable"
      ) {
        this.dispatchEvent(new Event("negotiationneeded"));
      }
    }, 0);
  }
}

/** Lets pending promise callbacks and zero-delay timers run. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
