// What the room's status line says, and the lesson clock: pure functions of
// the call's state, so the wording can be tested without a browser.
import type { StopReason } from "@/lib/call/signaling_client.ts";
import type { RoomSay } from "@/lib/i18n/room_texts.ts";

/** After this many milliseconds the waiting line says how late the other side is. */
export const LATE_AFTER_MS = 60_000;

/** The parts of the call's state the status line reads. */
export interface StatusInput {
  otherName: string;
  stopped: StopReason | null;
  started: boolean;
  connectionState: RTCPeerConnectionState;
  reconnecting: boolean;
  peerPresent: boolean;
  /** The other participant left the call and has not come back. */
  peerLeft?: boolean;
  /** Milliseconds since the lesson's start (negative before it). */
  sinceStartMs: number;
}

/** The status line's sentence (`[data-role="status"]`), in the viewer's words. */
export function callStatus(s: StatusInput, say: RoomSay): string {
  const name = s.otherName;
  if (s.stopped === "replaced") return say("room.status.replaced");
  if (s.stopped === "session-ended") return say("room.status.sessionEnded");
  if (s.stopped === "room-closed") return say("room.status.roomClosed");
  if (s.stopped === "left") return say("room.status.left");
  if (!s.started) return say("room.status.starting");
  if (s.connectionState === "connected") {
    return s.reconnecting
      ? say("room.status.connectedSignaling", { name })
      : say("room.status.connected", { name });
  }
  if (!s.peerPresent) {
    if (s.peerLeft) return say("room.status.otherLeft", { name });
    return s.sinceStartMs > LATE_AFTER_MS
      ? say("room.status.waitingLate", {
        name,
        count: Math.round(s.sinceStartMs / 60_000),
      })
      : say("room.status.waiting", { name });
  }
  if (s.connectionState === "disconnected" || s.connectionState === "failed") {
    return say("room.status.reconnecting", { name });
  }
  return say("room.status.connecting", { name });
}

/** A duration as `mm:ss`, or `h:mm:ss` from an hour on; negative counts as zero. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}
