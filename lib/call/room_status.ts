// What the room's status line says, and the lesson clock: pure functions of
// the call's state, so the wording can be tested without a browser.
import type { StopReason } from "@/lib/call/signaling_client.ts";

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

/** The status line's sentence (`[data-role="status"]`). */
export function callStatus(s: StatusInput): string {
  const other = s.otherName;
  if (s.stopped === "replaced") return "Joined from another tab";
  if (s.stopped === "session-ended") {
    return "Your session has ended. Sign in again to rejoin.";
  }
  if (s.stopped === "room-closed") return "The room has closed";
  if (s.stopped === "left") return "You left the call";
  if (!s.started) return "Starting your camera and microphone…";
  if (s.connectionState === "connected") {
    return s.reconnecting
      ? `Connected to ${other} (signaling reconnecting…)`
      : `Connected to ${other}`;
  }
  if (!s.peerPresent) {
    if (s.peerLeft) return `${other} left the call`;
    return s.sinceStartMs > LATE_AFTER_MS
      ? `Waiting for ${other}: ${minutesLate(s.sinceStartMs)} late`
      : `Waiting for ${other}`;
  }
  if (s.connectionState === "disconnected" || s.connectionState === "failed") {
    return `Reconnecting to ${other}…`;
  }
  return `Connecting to ${other}…`;
}

function minutesLate(ms: number): string {
  const n = Math.max(0, Math.round(ms / 60_000));
  return n === 1 ? "1 minute" : `${n} minutes`;
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
