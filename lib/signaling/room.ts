// A booking's room on this instance: the participants' sockets here, the
// ones other instances announced, and what a client message becomes when it
// is relayed to the other side.
import type { MemberAnnouncement, RoomEvent } from "@/lib/signaling/bus.ts";
import type { SocketPolicy, SocketSlot } from "@/lib/signaling/guard.ts";
import { RemoteRoster } from "@/lib/signaling/presence.ts";
import type {
  ClientMessage,
  PeerInfo,
  ServerMessage,
} from "@/lib/signaling/protocol.ts";

/** Who is connecting, as the upgrade route established it. */
export interface Admission {
  bookingId: string;
  bookingEnd: Date;
  userId: string;
  username: string;
  sessionId: string | null;
  address: string;
  /** The upgrade request's id, to join the socket's logs to it. */
  requestId?: string;
}

/** A participant's socket on this instance. */
export interface LocalMember {
  socket: WebSocket;
  connId: string;
  admission: Admission;
  isMuted: boolean;
  isVideoOff: boolean;
  policy: SocketPolicy;
  /** The place this socket holds under the connection caps. */
  slot: SocketSlot;
  /** The attendance row of this connection, once written. */
  visit: Promise<string | null> | null;
  /**
   * The last attendance write of this connection (join, media connected or
   * disconnected): each waits for the one before, so they land in order.
   */
  writes: Promise<unknown> | null;
  /** When the upgrade was accepted (ms since the epoch). */
  openedAt: number;
  /** Set once the socket opened. */
  opened: boolean;
  /** Set once the socket's end was handled (Deno may report it twice). */
  closed: boolean;
  /** Set when this member was replaced or closed by the server. */
  retired: boolean;
}

/** The participants of one booking as this instance knows them. */
export class Room {
  /** Sockets here, by user. */
  readonly local = new Map<string, LocalMember>();
  /** Participants connected to other instances. */
  readonly remote = new RemoteRoster();
  endTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly id: string) {}

  /** Sends a message to every live local socket except a user's. */
  toLocal(exceptUserId: string | null, message: ServerMessage): void {
    const text = JSON.stringify(message);
    for (const m of this.local.values()) {
      if (
        m.admission.userId !== exceptUserId && !m.retired &&
        m.socket.readyState === WebSocket.OPEN
      ) {
        m.socket.send(text);
      }
    }
  }

  /**
   * Relays a member's message to the room here and, where needed, to other
   * instances through `publish`.
   */
  relay(
    from: string,
    { message, state }: { message: ServerMessage; state?: MediaState },
    publish: (event: RoomEvent) => void,
  ): void {
    this.toLocal(from, message);
    // A booking has two participants. With the other one here, no instance
    // needs a negotiation message: a newer socket of theirs elsewhere
    // replaces this one and restarts the negotiation with its own "ready",
    // which arrives after its join. (State changes still go out, for the
    // presence other instances keep.)
    if (!state && this.otherHere(from)) return;
    // Otherwise always on the bus, even with nobody known elsewhere: an
    // instance may not know yet that the room has a participant elsewhere
    // (a newcomer's webrtc:ready can leave before the other instance's
    // presence has arrived).
    publish({
      kind: "relay",
      fromUserId: from,
      message,
      ...(state ? { state } : {}),
    });
  }

  /** Calls `onEnd` once at the end of the lesson (the first call sets it). */
  scheduleEnd(end: Date, onEnd: () => void): void {
    if (this.endTimer !== undefined) return;
    // setTimeout caps near 24.8 days; rooms are open for hours at most.
    const delay = Math.min(
      Math.max(end.getTime() - Date.now(), 0),
      2 ** 31 - 1,
    );
    this.endTimer = setTimeout(onEnd, delay);
  }

  /** Whether a participant other than `userId` has a live socket here. */
  otherHere(userId: string): boolean {
    for (const m of this.local.values()) {
      if (m.admission.userId !== userId && !m.retired) return true;
    }
    return false;
  }

  /** Everybody in the room but `member`, here and elsewhere. */
  peersOf(member: LocalMember): PeerInfo[] {
    return [
      ...[...this.local.values()].filter((m) => m !== member).map(peerOf),
      ...this.remote.peers(),
    ];
  }

  /** The live local members, as other instances are told about them. */
  announcements(): MemberAnnouncement[] {
    return [...this.local.values()].filter((m) => !m.retired).map((m) => ({
      ...peerOf(m),
      connId: m.connId,
    }));
  }
}

/** The media state a message changes. */
export type MediaState = Partial<Pick<PeerInfo, "isMuted" | "isVideoOff">>;

/** What a valid client message becomes for the other side. */
export type Relayed =
  | { kind: "relay"; message: ServerMessage; state?: MediaState }
  | { kind: "leave" }
  | { kind: "chat"; id: string; text: string }
  /** The sender's call connected or disconnected: recorded, not relayed. */
  | { kind: "media"; connected: boolean };

/**
 * The server message a client message is relayed as, stamped with the
 * sender's verified id (never one from the message), and the presence state
 * it changes.
 */
export function relayed(from: string, message: ClientMessage): Relayed {
  switch (message.type) {
    case "webrtc:ready":
      return {
        kind: "relay",
        message: { type: "webrtc:peer-ready", userId: from },
      };
    case "webrtc:offer":
    case "webrtc:answer":
      return {
        kind: "relay",
        message: { type: message.type, sdp: message.sdp, fromUserId: from },
      };
    case "webrtc:ice-candidate":
      return {
        kind: "relay",
        message: {
          type: "webrtc:ice-candidate",
          candidate: message.candidate,
          fromUserId: from,
        },
      };
    case "media:toggle-mic":
      return {
        kind: "relay",
        message: {
          type: "media:user-muted",
          userId: from,
          isMuted: message.isMuted,
        },
        state: { isMuted: message.isMuted },
      };
    case "media:toggle-video":
      return {
        kind: "relay",
        message: {
          type: "media:user-video-off",
          userId: from,
          isVideoOff: message.isVideoOff,
        },
        state: { isVideoOff: message.isVideoOff },
      };
    case "media:connected":
    case "media:disconnected":
      return { kind: "media", connected: message.type === "media:connected" };
    case "booking:leave":
      return { kind: "leave" };
    case "chat:send":
      // Stored before it is relayed (lib/signaling/chat.ts).
      return { kind: "chat", id: message.id, text: message.text };
  }
}

/** A member as the room shows it. */
export function peerOf(m: LocalMember): PeerInfo {
  return {
    userId: m.admission.userId,
    username: m.admission.username,
    isMuted: m.isMuted,
    isVideoOff: m.isVideoOff,
  };
}

/** What the logs say of a member's connection, to join its lines together. */
export function memberLog(m: LocalMember): Record<string, unknown> {
  return {
    booking: m.admission.bookingId,
    user: m.admission.userId,
    conn: m.connId,
    request: m.admission.requestId,
  };
}

/** Sends a message to one member if its socket is open. */
export function send(member: LocalMember, message: ServerMessage): void {
  if (member.socket.readyState === WebSocket.OPEN) {
    member.socket.send(JSON.stringify(message));
  }
}

/** Closes a member's socket unless it is already closing. */
export function closeSocket(
  member: LocalMember,
  code: number,
  reason: string,
): void {
  try {
    if (
      member.socket.readyState === WebSocket.OPEN ||
      member.socket.readyState === WebSocket.CONNECTING
    ) {
      member.socket.close(code, reason);
    }
  } catch {
    // Already closing.
  }
}
