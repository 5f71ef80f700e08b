// Text chat over the peer connection's negotiated data channel: messages in
// both directions, the unread count while the panel is closed.
import { signal } from "@preact/signals";

/** The largest chat message sent over the data channel. */
export const MAX_CHAT_LENGTH = 2_000;

/** A chat line. */
export interface ChatMessage {
  from: "me" | "peer";
  text: string;
  at: number;
}

/** The chat of one call. */
export class Chat {
  readonly messages = signal<ChatMessage[]>([]);
  /** Messages received while the panel was closed. */
  readonly unread = signal(0);
  readonly open = signal(false);
  /** The longest message, for the message box (MAX_CHAT_LENGTH). */
  readonly maxLength = MAX_CHAT_LENGTH;

  /**
   * @param otherName The other participant's name, for announcements.
   * @param announce Receives a sentence for the screen-reader live region.
   */
  constructor(
    private otherName: string,
    private announce: (text: string) => void,
    private now: () => number = Date.now,
  ) {}

  /** Listens to a peer connection's chat channel. */
  watch(channel: RTCDataChannel): void {
    channel.addEventListener("message", (event) => {
      if (typeof event.data !== "string") return;
      let text: unknown;
      try {
        text = (JSON.parse(event.data) as { text?: unknown }).text;
      } catch {
        return;
      }
      if (typeof text !== "string" || !text.trim()) return;
      this.messages.value = [...this.messages.value, {
        from: "peer",
        text: text.slice(0, MAX_CHAT_LENGTH),
        at: this.now(),
      }];
      if (!this.open.value) this.unread.value++;
      this.announce(`Message from ${this.otherName}: ${text.slice(0, 200)}`);
    });
  }

  /** Sends a message on the channel; false when it is not open or the text is blank. */
  send(text: string, channel: RTCDataChannel | null | undefined): boolean {
    const clean = text.trim().slice(0, MAX_CHAT_LENGTH);
    if (!clean || channel?.readyState !== "open") return false;
    channel.send(JSON.stringify({ text: clean }));
    this.messages.value = [...this.messages.value, {
      from: "me",
      text: clean,
      at: this.now(),
    }];
    return true;
  }

  /** Opens or closes the panel; opening marks everything read. */
  setOpen(open: boolean): void {
    this.open.value = open;
    if (open) this.unread.value = 0;
  }
}
