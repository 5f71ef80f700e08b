// The signaling protocol: one discriminated union each way, shared by the
// server and the call island. Types only, so the island bundles nothing.

/** An ICE candidate as RTCIceCandidate.toJSON() gives it; null ends a generation. */
export interface IceCandidateJson {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** Messages a participant's browser sends. */
export type ClientMessage =
  | { type: "webrtc:ready" }
  | { type: "webrtc:offer"; sdp: string }
  | { type: "webrtc:answer"; sdp: string }
  | { type: "webrtc:ice-candidate"; candidate: IceCandidateJson | null }
  | { type: "media:toggle-mic"; isMuted: boolean }
  | { type: "media:toggle-video"; isVideoOff: boolean }
  /** The peer connection reached (or left) `connected`: attendance, never relayed. */
  | { type: "media:connected" }
  | { type: "media:disconnected" }
  | { type: "booking:leave" }
  | { type: "chat:send"; id: string; text: string };

/** A participant as the room shows them. */
export interface PeerInfo {
  userId: string;
  username: string;
  isMuted: boolean;
  isVideoOff: boolean;
}

/** Messages the server sends; relayed ones carry the sender's verified id. */
export type ServerMessage =
  | { type: "booking:joined"; you: PeerInfo; peers: PeerInfo[] }
  | ({ type: "booking:user-joined" } & PeerInfo)
  | { type: "booking:user-left"; userId: string }
  | { type: "webrtc:peer-ready"; userId: string }
  | { type: "webrtc:offer"; sdp: string; fromUserId: string }
  | { type: "webrtc:answer"; sdp: string; fromUserId: string }
  | {
    type: "webrtc:ice-candidate";
    candidate: IceCandidateJson | null;
    fromUserId: string;
  }
  | { type: "media:user-muted"; userId: string; isMuted: boolean }
  | { type: "media:user-video-off"; userId: string; isVideoOff: boolean }
  | {
    type: "chat:message";
    /** The sender's id for the message (unique per author in a booking). */
    id: string;
    authorId: string;
    text: string;
    /** When the server stored it, ISO. */
    at: string;
  }
  | {
    type: "error";
    code: SignalErrorCode;
    message: string;
    /** The chat message refused, for a chat error. */
    id?: string;
  };

/** Codes of `error` frames. */
export type SignalErrorCode =
  | "invalid_json"
  | "invalid_message"
  | "unknown_type"
  | "rate_limited"
  | "chat_failed";

/** WebSocket close codes the server uses, and what the client should do. */
export const CLOSE = {
  /** Normal end (the participant left). */
  NORMAL: 1000,
  /** Binary frames are not part of the protocol. */
  UNSUPPORTED_DATA: 1003,
  /** Flooding or repeated abuse. */
  POLICY: 1008,
  /** A frame over the size limit. */
  TOO_BIG: 1009,
  /** The server dropped the connection; reconnect. */
  DROPPED: 1011,
  /** The server is restarting: reconnect (to another instance). */
  RESTART: 1012,
  /** The same user opened the room elsewhere (another tab or device). */
  REPLACED: 4001,
  /** The session ended (logout or expiry): sign in again. */
  SESSION_ENDED: 4003,
  /** The room closed: booking cancelled or the lesson is over. */
  ROOM_CLOSED: 4004,
} as const;

/** Longest chat message, in UTF-16 code units (an input's maxlength). */
export const MAX_CHAT_LENGTH = 2_000;

/** Largest text frame accepted, in bytes. */
export const MAX_FRAME_BYTES = 64 * 1024;
