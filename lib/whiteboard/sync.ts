// The whiteboard of one participant in the browser: its op log, live sync
// over the call's data channel and saving to the booking.
//
// On the channel: `{"wb":"ops","ops":[…]}` carries new ops (each drawn op at
// once); `{"wb":"hi","d":digest}` says which ops a side holds. A side sends
// "hi" whenever a channel opens or the board loads; a side that holds other
// ops answers with all of them and its own "hi", so after a reconnect (or a
// reload) both sides end with the union, whoever had more. Ops de-duplicate
// by id. The server keeps the saved ops (PUT, merged by id, the same union).
import { signal } from "@preact/signals";
import {
  isOp,
  type Mark,
  type Op,
  OpLog,
  pageCount,
  pagesOf,
} from "@/lib/whiteboard/ops.ts";
import type { RoomKey } from "@/lib/i18n/room_texts.ts";

/** The part of an RTCDataChannel the sync uses. */
export interface SyncChannel {
  readonly readyState: string;
  send(data: string): void;
  addEventListener(
    type: "open" | "message",
    fn: (e: MessageEvent) => void,
  ): void;
  removeEventListener(
    type: "open" | "message",
    fn: (e: MessageEvent) => void,
  ): void;
}

/** A new op as the board makes it: the sync gives it an id and a time. */
export type Draft = Op extends infer O
  ? O extends Op ? Omit<O, "id" | "t"> : never
  : never;

/** Largest channel message (a line is at most ~10 kB; every browser takes 64 kB). */
const MESSAGE_CHARS = 60_000;
/** Ops per save request (the API takes up to 500). */
const OPS_PER_SAVE = 200;

/** The whiteboard state of one booking in this tab. */
export class BoardSync {
  readonly log = new OpLog();
  /** Bumped on every change, for rendering. */
  readonly version = signal(0);
  /** Why saving or loading stopped, if it did: the message's key. */
  readonly problem = signal<RoomKey | null>(null);

  #prefix = crypto.randomUUID().slice(0, 8);
  #count = 0;
  /** Own ops that undo may take back, newest last. */
  #mine: Op[] = [];
  #unsaved = new Map<string, Op>();
  #channel: SyncChannel | null = null;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> | null = null;

  constructor(
    readonly bookingId: string,
    private fetchImpl: typeof fetch = fetch.bind(globalThis),
    private saveDelay = 800,
  ) {}

  /** Every page's marks. */
  pages(): Mark[][] {
    return pagesOf(this.log.ops());
  }

  pageCount(): number {
    return pageCount(this.log.ops());
  }

  /** Reads the saved board from the server and merges it. */
  async load(): Promise<void> {
    const res = await this.fetchImpl(
      `/api/bookings/${this.bookingId}/whiteboard`,
    );
    if (!res.ok) throw new Error(`Whiteboard load answered ${res.status}`);
    const body = await res.json();
    const ops = Array.isArray(body?.ops) ? body.ops.filter(isOp) : [];
    if (this.log.merge(ops).length) this.version.value++;
    this.#hello();
  }

  /** Follows a (new) data channel; the old one is let go. */
  attach(channel: SyncChannel | null): void {
    if (channel === this.#channel) return;
    this.detach();
    this.#channel = channel;
    if (!channel) return;
    channel.addEventListener("message", this.#onMessage);
    channel.addEventListener("open", this.#hello);
    this.#hello();
  }

  detach(): void {
    this.#channel?.removeEventListener("message", this.#onMessage);
    this.#channel?.removeEventListener("open", this.#hello);
    this.#channel = null;
  }

  /** Adds an own op: drawn, sent to the other side, saved soon. */
  add(draft: Draft): Op {
    const op = {
      ...draft,
      id: `${this.#prefix}-${(this.#count++).toString(36)}`,
      t: this.log.clock + 1,
    } as Op;
    this.#merge([op]);
    if (op.k !== "undo" && op.k !== "page") this.#mine.push(op);
    this.#send([op]);
    return op;
  }

  /** Takes back this tab's latest line, text or clear; false if none. */
  undo(): boolean {
    const last = this.#mine.pop();
    if (!last) return false;
    this.add({ k: "undo", ref: last.id, p: last.p });
    return true;
  }

  /** Saves what the server does not have yet (also on a timer after changes). */
  save(): Promise<void> {
    clearTimeout(this.#saveTimer);
    return this.#saving ??= this.#saveNow().finally(() => {
      this.#saving = null;
    });
  }

  async #saveNow(): Promise<void> {
    while (this.#unsaved.size && !this.problem.value) {
      const batch = [...this.#unsaved.values()].slice(0, OPS_PER_SAVE);
      const res = await this.fetchImpl(
        `/api/bookings/${this.bookingId}/whiteboard`,
        {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ops: batch }),
        },
      );
      await res.body?.cancel();
      if (res.status === 413) {
        this.problem.value = "room.board.full";
      } else if (!res.ok) {
        // Tried again after the next change.
        return;
      } else batch.forEach((op) => this.#unsaved.delete(op.id));
    }
  }

  #merge(ops: Op[]): void {
    const added = this.log.merge(ops);
    if (!added.length) return;
    added.forEach((op) => this.#unsaved.set(op.id, op));
    this.version.value++;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => void this.save(), this.saveDelay);
  }

  #send(ops: readonly Op[]): void {
    const channel = this.#channel;
    if (channel?.readyState !== "open") return;
    let part: string[] = [];
    let size = 0;
    const flush = () => {
      if (part.length) channel.send(`{"wb":"ops","ops":[${part.join(",")}]}`);
      part = [];
      size = 0;
    };
    for (const op of ops) {
      const json = JSON.stringify(op);
      if (size + json.length > MESSAGE_CHARS) flush();
      part.push(json);
      size += json.length + 1;
    }
    flush();
  }

  #hello = (): void => {
    if (this.#channel?.readyState !== "open") return;
    this.#channel.send(JSON.stringify({ wb: "hi", d: this.log.digest() }));
  };

  #onMessage = (event: MessageEvent): void => {
    if (typeof event.data !== "string" || !event.data.startsWith('{"wb"')) {
      return;
    }
    let message: { wb?: unknown; d?: unknown; ops?: unknown };
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.wb === "ops" && Array.isArray(message.ops)) {
      this.#merge(message.ops.filter(isOp));
    } else if (message.wb === "hi" && message.d !== this.log.digest()) {
      this.#send(this.log.ops());
      this.#hello();
    }
  };

  /** Stops the save timer (the page goes away). */
  dispose(): void {
    clearTimeout(this.#saveTimer);
    this.detach();
  }
}
