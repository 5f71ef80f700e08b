// The other participant as the room knows it: there or not, microphone
// muted, camera off; each change is put into words for the screen reader.
import { signal } from "@preact/signals";
import type { ServerMessage } from "@/lib/signaling/protocol.ts";
import type { RoomAnnounce } from "@/lib/i18n/room_texts.ts";

/** Presence and media state of the other participant. */
export class Presence {
  /** The other participant has a socket in the room. */
  readonly present = signal(false);
  readonly muted = signal(false);
  readonly videoOff = signal(false);
  /** The other participant left the call (and has not come back yet). */
  readonly left = signal(false);

  /**
   * @param other Who the other participant is.
   * @param announce Receives a message for the screen-reader live region.
   */
  constructor(
    private other: { id: string; username: string },
    private announce: RoomAnnounce,
  ) {}

  /**
   * The other participant left (the server said so, or their "bye" came over
   * the peer connection first); announced once.
   */
  leave(): void {
    this.present.value = false;
    if (this.left.value) return;
    this.left.value = true;
    this.announce("room.status.otherLeft", { name: this.other.username });
  }

  /** Applies a presence or media message; others are ignored. */
  handle(message: ServerMessage): void {
    const { id, username: name } = this.other;
    switch (message.type) {
      case "booking:joined": {
        const peer = message.peers.find((p) => p.userId === id);
        this.present.value = Boolean(peer);
        if (peer) {
          this.left.value = false;
          this.muted.value = peer.isMuted;
          this.videoOff.value = peer.isVideoOff;
        }
        return;
      }
      case "booking:user-joined":
        if (message.userId !== id) return;
        this.present.value = true;
        this.left.value = false;
        this.muted.value = message.isMuted;
        this.videoOff.value = message.isVideoOff;
        this.announce("room.said.joined", { name });
        return;
      case "booking:user-left":
        if (message.userId === id) this.leave();
        return;
      case "media:user-muted":
        if (message.userId !== id) return;
        this.muted.value = message.isMuted;
        this.announce(
          message.isMuted ? "room.said.muted" : "room.said.unmuted",
          { name },
        );
        return;
      case "media:user-video-off":
        if (message.userId !== id) return;
        this.videoOff.value = message.isVideoOff;
        this.announce(
          message.isVideoOff ? "room.said.cameraOff" : "room.said.cameraOn",
          { name },
        );
        return;
    }
  }
}
