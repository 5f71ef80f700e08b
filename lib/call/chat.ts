// The call's chat in the browser. A message goes two ways at once: over the
// peer connection's data channel (instant while connected) and to the
// server (`chat:send`), which stores it with the booking and relays it to a
// peer without a channel. Both ways carry the sender's id for the message,
// so each side shows it once; messages the server has not stored yet are
// sent again after a reconnect. The page gives the stored history.
import { signal } from "@preact/signals";
import {
  type ClientMessage,
  MAX_CHAT_LENGTH,
  type ServerMessage,
} from "@/lib/signaling/protocol.ts";
import type { RoomAnnounce } from "@/lib/i18n/room_texts.ts";

/** A stored message as the page renders it into the island's props. */
export interface StoredChatMessage {
  id: string;
  author_id: string;
  text: string;
  /** ISO */
  at: string;
}

/** A chat line. */
export interface ChatMessage {
  id: string;
  /** "me" or "peer", as the line is styled. */
  from: "me" | "peer";
  text: string;
  at: number;
  /** Own messages until the server has stored them. */
  pending?: boolean;
  /** Why the server refused one: too many at once, or not stored. */
  error?: "rate_limited" | "chat_failed";
}

// Control characters the server refuses (all but tab and newline).
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** The chat of one call. */
export class Chat {
  readonly messages = signal<ChatMessage[]>([]);
  /** Messages received while the panel was closed. */
  readonly unread = signal(0);
  readonly open = signal(false);
  /** The longest message, for the message box (the panel loads apart). */
  readonly maxLength = MAX_CHAT_LENGTH;

  /**
   * @param meId The signed-in participant's id.
   * @param otherName The other participant's name, for announcements.
   * @param announce Receives a message for the screen-reader live region.
   * @param history The booking's stored messages, oldest first.
   */
  constructor(
    private meId: string,
    private otherName: string,
    private announce: RoomAnnounce,
    history: StoredChatMessage[] = [],
    private now: () => number = Date.now,
  ) {
    this.messages.value = history.map((m) => ({
      id: m.id,
      from: m.author_id === meId ? "me" : "peer",
      text: m.text,
      at: Date.parse(m.at),
    }));
  }

  #find(from: "me" | "peer", id: string): ChatMessage | undefined {
    return this.messages.value.find((m) => m.id === id && m.from === from);
  }

  #update(target: ChatMessage, change: Partial<ChatMessage>): void {
    this.messages.value = this.messages.value.map((m) =>
      m === target ? { ...m, ...change } : m
    );
  }

  /** Adds the other side's message unless it is already shown. */
  #fromPeer(id: unknown, text: unknown, at: number): void {
    if (typeof id !== "string" || typeof text !== "string" || !text.trim()) {
      return;
    }
    if (this.#find("peer", id)) return;
    this.messages.value = [...this.messages.value, {
      id,
      from: "peer",
      text: text.slice(0, MAX_CHAT_LENGTH),
      at,
    }];
    if (!this.open.value) this.unread.value++;
    this.announce("room.said.message", {
      name: this.otherName,
      text: text.slice(0, 200),
    });
  }

  /** Listens to a peer connection's chat channel. */
  watch(channel: RTCDataChannel): void {
    channel.addEventListener("message", (event) => {
      if (typeof event.data !== "string") return;
      try {
        const { id, text } = JSON.parse(event.data);
        this.#fromPeer(id, text, this.now());
      } catch {
        // Not a chat message.
      }
    });
  }

  /**
   * Sends a message on the channel (when open) and to the server (when the
   * socket is; otherwise after the next join, see resend()). False for a
   * blank text.
   */
  send(
    text: string,
    channel: RTCDataChannel | null | undefined,
    signal: (message: ClientMessage) => boolean,
  ): boolean {
    const clean = text.replace(CONTROL, "").trim().slice(0, MAX_CHAT_LENGTH);
    if (!clean) return false;
    // The call needs a secure context, which has randomUUID().
    const id = crypto.randomUUID();
    if (channel?.readyState === "open") {
      channel.send(JSON.stringify({ id, text: clean }));
    }
    this.messages.value = [...this.messages.value, {
      id,
      from: "me",
      text: clean,
      at: this.now(),
      pending: true,
    }];
    signal({ type: "chat:send", id, text: clean });
    return true;
  }

  /** Sends the own messages the server has not stored yet (after a join). */
  resend(signal: (message: ClientMessage) => boolean): void {
    for (const m of this.messages.value) {
      if (m.pending) signal({ type: "chat:send", id: m.id, text: m.text });
    }
  }

  /** Handles the server's chat messages and chat refusals. */
  handle(message: ServerMessage): void {
    if (message.type === "chat:message") {
      const at = Date.parse(message.at);
      if (message.authorId !== this.meId) {
        return this.#fromPeer(message.id, message.text, at);
      }
      const mine = this.#find("me", message.id);
      if (mine) this.#update(mine, { pending: false, error: undefined, at });
    } else if (message.type === "error" && message.id) {
      const mine = this.#find("me", message.id);
      if (mine) {
        this.#update(mine, {
          pending: false,
          error: message.code === "rate_limited"
            ? "rate_limited"
            : "chat_failed",
        });
      }
    }
  }

  /** Opens or closes the panel; opening marks everything read. */
  setOpen(open: boolean): void {
    this.open.value = open;
    if (open) this.unread.value = 0;
  }
}
