// The call's chat on the server: a participant's `chat:send` is rate-limited
// per user, stored with the booking (once per sender's id), and only then
// becomes the `chat:message` the hub acknowledges and relays.
import type { Queryable } from "@/lib/db/connection.ts";
import { addBookingMessage } from "@/lib/bookings/lesson_record.ts";
import type { ServerMessage } from "@/lib/signaling/protocol.ts";
import type { RoomEvent } from "@/lib/signaling/bus.ts";
import { type LocalMember, type Room, send } from "@/lib/signaling/room.ts";
import { TokenBucket } from "@/lib/signaling/token_bucket.ts";
import { logError } from "@/lib/log.ts";

/** Chat messages a user may send at once, and how many more per second. */
export const CHAT_BURST = 10;
export const CHAT_PER_SECOND = 1;

/** A stored chat message as the server sends it. */
export type ChatMessage = Extract<ServerMessage, { type: "chat:message" }>;

/** What became of a `chat:send`. */
export type ChatOutcome =
  | { ok: true; message: ChatMessage; duplicate: boolean }
  | { ok: false; error: Extract<ServerMessage, { type: "error" }> };

/** Per-user token buckets of chat messages. */
export class ChatLimiter {
  #buckets = new Map<string, TokenBucket>();

  constructor(
    readonly burst = CHAT_BURST,
    readonly perSecond = CHAT_PER_SECOND,
  ) {}

  /** Takes one message from a user's budget; false when it is spent. */
  take(userId: string, now = performance.now()): boolean {
    let bucket = this.#buckets.get(userId);
    if (!bucket) {
      bucket = new TokenBucket(this.burst, this.perSecond, now);
      this.#buckets.set(userId, bucket);
    }
    return bucket.take(now);
  }

  /** Forgets the budgets that are full again, so memory stays bounded. */
  sweep(now = performance.now()): void {
    for (const [userId, bucket] of this.#buckets) {
      if (bucket.isFull(now)) this.#buckets.delete(userId);
    }
  }

  /** Users with a budget in use (for tests). */
  get size(): number {
    return this.#buckets.size;
  }
}

/** Stores the chat of the calls on this instance. */
export class ChatStore {
  readonly limiter: ChatLimiter;
  /** Per booking and author, the last store queued: a sender's messages keep their order. */
  #tails = new Map<string, Promise<unknown>>();

  constructor(private db: Queryable, limiter = new ChatLimiter()) {
    this.limiter = limiter;
  }

  /**
   * Checks the sender's rate (now, in arrival order) and stores the message
   * after the sender's earlier ones. Never rejects: a refusal or a failed
   * write is an `error` frame for the sender, with the message's id.
   */
  store(
    bookingId: string,
    authorId: string,
    chat: { id: string; text: string },
  ): Promise<ChatOutcome> {
    if (!this.limiter.take(authorId)) {
      return Promise.resolve(refusal(
        "rate_limited",
        "Too many chat messages: wait a moment",
        chat.id,
      ));
    }
    const key = `${bookingId}:${authorId}`;
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const outcome = previous.then(() => this.#write(bookingId, authorId, chat));
    this.#tails.set(key, outcome);
    void outcome.then(() => {
      if (this.#tails.get(key) === outcome) this.#tails.delete(key);
    });
    return outcome;
  }

  async #write(
    bookingId: string,
    authorId: string,
    chat: { id: string; text: string },
  ): Promise<ChatOutcome> {
    try {
      const { message, duplicate } = await addBookingMessage(this.db, {
        bookingId,
        authorId,
        id: chat.id,
        text: chat.text,
      });
      return {
        ok: true,
        duplicate,
        message: {
          type: "chat:message",
          id: message.id,
          authorId: message.author_id,
          text: message.text,
          at: message.created_at.toISOString(),
        },
      };
    } catch (err) {
      logError("signal.chat_store_failed", err, { booking: bookingId });
      return refusal(
        "chat_failed",
        "The message could not be saved: try again",
        chat.id,
      );
    }
  }
}

/** What relayChat() needs from the hub. */
export interface ChatRelay {
  store: ChatStore;
  /** The booking's room on this instance, if it still has a socket here. */
  room(bookingId: string): Room | undefined;
  /** Publishes a room event to the other instances. */
  publish(bookingId: string, event: RoomEvent): void;
}

/**
 * A member's `chat:send`: stored first, then acknowledged to the sender with
 * the stored message and relayed to the other side (a resend is only
 * acknowledged again).
 */
export function relayChat(
  relay: ChatRelay,
  member: LocalMember,
  chat: { id: string; text: string },
): void {
  const { bookingId, userId } = member.admission;
  void relay.store.store(bookingId, userId, chat).then((outcome) => {
    if (!outcome.ok) return send(member, outcome.error);
    send(member, outcome.message);
    if (outcome.duplicate) return;
    const { message } = outcome;
    const publish = (e: RoomEvent) => relay.publish(bookingId, e);
    // The sender may have left meanwhile: the bus still carries it.
    const room = relay.room(bookingId);
    if (room) return room.relay(userId, { message }, publish);
    publish({ kind: "relay", fromUserId: userId, message });
  });
}

function refusal(
  code: "rate_limited" | "chat_failed",
  message: string,
  id: string,
): ChatOutcome {
  return { ok: false, error: { type: "error", code, message, id } };
}
