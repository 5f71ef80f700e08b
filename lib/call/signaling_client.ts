// The browser side of the signaling socket: connects, reconnects with
// jittered backoff, and stops for good when the server says the session,
// the room or this tab's place in it has ended.
import {
  type ClientMessage,
  CLOSE,
  type ServerMessage,
} from "@/lib/signaling/protocol.ts";

/** The socket's state as the room shows it (`data-signal-state`). */
export type SignalState = "connecting" | "open" | "closed";

/** Why the client stopped reconnecting. */
export type StopReason = "replaced" | "session-ended" | "room-closed" | "left";

/** Callbacks of a SignalingClient. */
export interface SignalingEvents {
  onMessage(message: ServerMessage): void;
  onState(state: SignalState): void;
  /** The server ended this connection for a reason reconnecting cannot fix. */
  onStopped(reason: StopReason, detail: string): void;
}

/** Backoff before reconnect attempt `n` (0-based): 0.5 s doubling to 10 s, ±50 % jitter. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return Math.round(base * (0.5 + random()));
}

/** A reconnecting signaling connection for one booking. */
export class SignalingClient {
  #socket: WebSocket | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #state: SignalState = "closed";

  constructor(
    private url: string,
    private events: SignalingEvents,
    private createSocket: (url: string) => WebSocket = (u) => new WebSocket(u),
    /** The jitter's source; unit tests fix it. */
    private random: () => number = Math.random,
  ) {}

  /** The current state. */
  get state(): SignalState {
    return this.#state;
  }

  /** Opens the connection (again, after a stop). */
  connect(): void {
    this.#stopped = false;
    clearTimeout(this.#timer);
    this.#open();
  }

  #setState(state: SignalState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.events.onState(state);
  }

  #open(): void {
    this.#setState("connecting");
    const socket = this.createSocket(this.url);
    this.#socket = socket;
    socket.addEventListener("open", () => {
      if (socket !== this.#socket) return;
      this.#attempt = 0;
      this.#setState("open");
    });
    socket.addEventListener("message", (event) => {
      if (socket !== this.#socket || typeof event.data !== "string") return;
      try {
        this.events.onMessage(JSON.parse(event.data) as ServerMessage);
      } catch (err) {
        console.error("Bad signaling message", err);
      }
    });
    socket.addEventListener("close", (event) => {
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.#setState("closed");
      const stop = stopReasonFor(event.code);
      if (stop) {
        this.#stopped = true;
        this.events.onStopped(stop, event.reason);
        return;
      }
      if (this.#stopped) return;
      // A restarting server asks for a quick return; anything else backs off.
      const delay = event.code === CLOSE.RESTART
        ? 200 + this.random() * 800
        : backoffDelay(this.#attempt++, this.random);
      this.#timer = setTimeout(() => this.#open(), delay);
    });
  }

  /** Sends a message; false when the socket is not open (the caller decides what to do). */
  send(message: ClientMessage): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /** Leaves for good: tells the room, closes, and stops reconnecting. */
  leave(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.send({ type: "booking:leave" });
    this.#socket?.close(CLOSE.NORMAL, "Left the call");
  }

  /** Test hook: drops the socket as a network failure would. */
  dropForTesting(): void {
    this.#socket?.close(4999, "Dropped for testing");
  }
}

function stopReasonFor(code: number): StopReason | null {
  switch (code) {
    case CLOSE.REPLACED:
      return "replaced";
    case CLOSE.SESSION_ENDED:
      return "session-ended";
    case CLOSE.ROOM_CLOSED:
      return "room-closed";
    case CLOSE.NORMAL:
      return "left";
    default:
      return null;
  }
}
