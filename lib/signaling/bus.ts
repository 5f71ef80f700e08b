// The bus that carries room events between instances: in memory within one
// process, PostgreSQL LISTEN/NOTIFY between processes (self-hosted replicas,
// or Deno Deploy isolates, which share nothing else).
import { logError } from "@/lib/log.ts";
import type { Database, Queryable } from "@/lib/db/connection.ts";
import type { PeerInfo, ServerMessage } from "@/lib/signaling/protocol.ts";

/** A participant's presence as instances announce it. */
export type MemberAnnouncement = PeerInfo & { connId: string };

/** What instances tell each other about a room (`room` "*" means all rooms). */
export type RoomEvent =
  | { kind: "join"; member: MemberAnnouncement }
  | { kind: "leave"; userId: string; connId: string }
  | { kind: "alive"; members: MemberAnnouncement[] }
  | {
    kind: "relay";
    fromUserId: string;
    message: ServerMessage;
    state?: Partial<PeerInfo>;
  }
  | { kind: "close-room"; reason: string }
  | { kind: "close-session"; sessionId: string };

/** An event as received, with the room and the instance that sent it. */
export interface BusDelivery {
  room: string;
  origin: string;
  event: RoomEvent;
  /** When it was published (ms since the epoch), for the bus-lag metric. */
  sentAt: number;
}

/** Carries room events to the other instances. */
export interface SignalBus {
  /** This instance's id; deliveries from it are not echoed back. */
  readonly instanceId: string;
  /** Sends an event; events of one instance arrive in the order published. */
  publish(room: string, event: RoomEvent): Promise<void>;
  /** Receives other instances' events; returns the unsubscribe function. */
  subscribe(handler: (delivery: BusDelivery) => void): () => void;
  close(): Promise<void>;
}

/** Instances in one process that hear each other (one per process by default). */
export class MemoryNetwork {
  readonly buses = new Set<MemoryBus>();
}

/** The in-process bus; buses on one MemoryNetwork act as separate instances. */
export class MemoryBus implements SignalBus {
  readonly instanceId = crypto.randomUUID();
  #handlers = new Set<(d: BusDelivery) => void>();

  constructor(readonly network = new MemoryNetwork()) {
    network.buses.add(this);
  }

  publish(room: string, event: RoomEvent): Promise<void> {
    // Alone on its network (one process, one instance) there is nobody to
    // tell, and the clone below is most of a relay's cost.
    if (this.network.buses.size < 2) return Promise.resolve();
    // A structured clone, so no instance shares objects with another.
    const delivery = structuredClone({
      room,
      origin: this.instanceId,
      event,
      sentAt: Date.now(),
    });
    for (const bus of this.network.buses) {
      if (bus !== this) bus.#deliver(delivery);
    }
    return Promise.resolve();
  }

  #deliver(delivery: BusDelivery): void {
    queueMicrotask(() => this.#handlers.forEach((h) => h(delivery)));
  }

  subscribe(handler: (d: BusDelivery) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  close(): Promise<void> {
    this.network.buses.delete(this);
    this.#handlers.clear();
    return Promise.resolve();
  }
}

/** NOTIFY's payload limit is 8000 bytes; larger events go through a table. */
export const NOTIFY_LIMIT_BYTES = 7_500;

/**
 * Events a PostgreSQL bus keeps waiting while the database does not answer;
 * more are refused rather than held in memory without bound.
 */
export const MAX_QUEUED_EVENTS = 10_000;

/** A publish refused because the database has not taken the events before it. */
export class BusBacklogError extends Error {
  constructor(queued: number) {
    super(
      `The signaling bus is not getting through to the database: ${queued} events are waiting`,
    );
    this.name = "BusBacklogError";
  }
}

/**
 * The NOTIFY channel of a schema. Notifications reach the whole database, so
 * deployments on different schemas of one database must not share a channel.
 */
export async function channelFor(schema: string | null): Promise<string> {
  if (!schema) return "talkroom_signaling";
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(schema),
  );
  const hex = Array.from(
    new Uint8Array(digest).slice(0, 12),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  return `talkroom_signaling_${hex}`;
}

/**
 * The UTF-8 length of a string, without encoding it. Exact for well-formed
 * strings, which JSON.stringify's output always is; a lone high surrogate
 * counts as 4 bytes, an overestimate.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code < 0xd800 || code > 0xdbff) bytes += 3;
    else {
      // A high surrogate: with its low half, one 4-byte character.
      bytes += 4;
      i++;
    }
  }
  return bytes;
}

/** One event waiting to be sent: its JSON, and the publisher to answer. */
interface Outgoing {
  json: string;
  bytes: number;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * What one NOTIFY carries: the sending instance and either the events that
 * fit in one payload, in order, or the id of one large event kept in the
 * signal_messages table.
 */
type Notification =
  | { origin: string; events: Omit<BusDelivery, "origin">[] }
  | { origin: string; ref: string };

/**
 * The PostgreSQL LISTEN/NOTIFY bus. Sends one NOTIFY at a time, so delivery
 * order is commit order; events published while a NOTIFY is on its way wait
 * and leave together in the next one, as many as fit in its payload. A lone
 * event therefore leaves at once, and under load the number of NOTIFYs stays
 * bounded by the database's round trips instead of growing a backlog.
 */
export class PostgresBus implements SignalBus {
  readonly instanceId = crypto.randomUUID();
  #handlers = new Set<(d: BusDelivery) => void>();
  #queue: Outgoing[] = [];
  #sending: Promise<void> | null = null;
  #receiving: Promise<void> = Promise.resolve();
  #unlisten: (() => Promise<void>) | null = null;
  /** The bytes of `{"origin":"<id>","events":[]}` around a batch. */
  #envelopeBytes: number;

  private constructor(
    private db: Database,
    private channel: string,
    private maxQueued: number,
  ) {
    this.#envelopeBytes = utf8Length(this.#batch([]));
  }

  /**
   * Starts listening; resolves once the LISTEN is in place. `schema` is the
   * database schema in use (it gets its own channel), null for the default;
   * `maxQueued` caps the events waiting for the database (MAX_QUEUED_EVENTS).
   */
  static async start(
    db: Database,
    schema: string | null = null,
    options: { maxQueued?: number } = {},
  ): Promise<PostgresBus> {
    const bus = new PostgresBus(
      db,
      await channelFor(schema),
      options.maxQueued ?? MAX_QUEUED_EVENTS,
    );
    bus.#unlisten = await db.listen(
      bus.channel,
      (payload) => bus.#receive(payload),
    );
    return bus;
  }

  publish(room: string, event: RoomEvent): Promise<void> {
    if (this.#queue.length >= this.maxQueued) {
      return Promise.reject(new BusBacklogError(this.#queue.length));
    }
    const json = JSON.stringify({ room, event, sentAt: Date.now() });
    return new Promise((resolve, reject) => {
      this.#queue.push({ json, bytes: utf8Length(json), resolve, reject });
      this.#sending ??= this.#drain();
    });
  }

  #batch(events: string[]): string {
    return `{"origin":${JSON.stringify(this.instanceId)},"events":[${
      events.join(",")
    }]}`;
  }

  /** Sends what is queued, one NOTIFY after the other, until nothing is. */
  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const first = this.#queue[0];
      const small = this.#envelopeBytes + first.bytes <= NOTIFY_LIMIT_BYTES;
      let taken = 1;
      if (small) {
        let bytes = this.#envelopeBytes + first.bytes;
        while (
          taken < this.#queue.length &&
          bytes + 1 + this.#queue[taken].bytes <= NOTIFY_LIMIT_BYTES
        ) {
          bytes += 1 + this.#queue[taken].bytes;
          taken++;
        }
      }
      const batch = this.#queue.splice(0, taken);
      try {
        if (small) {
          await this.db.notify(
            this.channel,
            this.#batch(batch.map((item) => item.json)),
          );
        } else {
          const [row] = await this.db.query<{ id: string }>(
            "INSERT INTO signal_messages (payload) VALUES ($1) RETURNING id::text AS id",
            [first.json],
          );
          await this.db.notify(
            this.channel,
            JSON.stringify({ origin: this.instanceId, ref: row.id }),
          );
        }
        batch.forEach((item) => item.resolve());
      } catch (err) {
        batch.forEach((item) => item.reject(err));
      }
    }
    this.#sending = null;
  }

  #receive(payload: string): void {
    // Handled one after the other, so a large event fetched from the table
    // is not overtaken by a small one sent after it.
    this.#receiving = this.#receiving.then(async () => {
      try {
        const parsed = JSON.parse(payload) as Notification;
        if (parsed.origin === this.instanceId) return;
        let events: Omit<BusDelivery, "origin">[];
        if ("ref" in parsed) {
          const [row] = await this.db.query<{ payload: string }>(
            "SELECT payload FROM signal_messages WHERE id = $1::bigint",
            [parsed.ref],
          );
          if (!row) return;
          events = [JSON.parse(row.payload)];
        } else {
          events = parsed.events;
        }
        for (const event of events) {
          const delivery = { ...event, origin: parsed.origin };
          this.#handlers.forEach((h) => h(delivery));
        }
      } catch (err) {
        logError("signal.bus_receive_failed", err);
      }
    });
  }

  subscribe(handler: (d: BusDelivery) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  async close(): Promise<void> {
    await this.#sending;
    await this.#unlisten?.();
    this.#handlers.clear();
  }
}

/**
 * Deletes the bus's large-message rows older than a minute (their NOTIFY is
 * long delivered); the `signal_messages.prune` job runs it. Returns the count.
 */
export async function pruneSignalMessages(db: Queryable): Promise<number> {
  const rows = await db.query(
    "DELETE FROM signal_messages WHERE created_at < now() - interval '1 minute' RETURNING 1",
  );
  return rows.length;
}
