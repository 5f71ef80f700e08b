// The bus that carries room events between instances: in memory within one
// process, PostgreSQL LISTEN/NOTIFY between processes (self-hosted replicas,
// or Deno Deploy isolates, which share nothing else).
import { logError } from "@/lib/log.ts";
import type { Database } from "@/lib/db/connection.ts";
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

/** The PostgreSQL LISTEN/NOTIFY bus. */
export class PostgresBus implements SignalBus {
  readonly instanceId = crypto.randomUUID();
  #handlers = new Set<(d: BusDelivery) => void>();
  #sending: Promise<void> = Promise.resolve();
  #receiving: Promise<void> = Promise.resolve();
  #unlisten: (() => Promise<void>) | null = null;
  #cleanup: ReturnType<typeof setInterval> | undefined;

  private constructor(private db: Database, private channel: string) {}

  /**
   * Starts listening; resolves once the LISTEN is in place. `schema` is the
   * database schema in use (it gets its own channel), null for the default.
   */
  static async start(
    db: Database,
    schema: string | null = null,
  ): Promise<PostgresBus> {
    const bus = new PostgresBus(db, await channelFor(schema));
    bus.#unlisten = await db.listen(
      bus.channel,
      (payload) => bus.#receive(payload),
    );
    bus.#cleanup = setInterval(() => {
      db.query(
        "DELETE FROM signal_messages WHERE created_at < now() - interval '1 minute'",
      )
        .catch((err) => logError("signal.bus_cleanup_failed", err));
    }, 30_000);
    return bus;
  }

  publish(room: string, event: RoomEvent): Promise<void> {
    const text = JSON.stringify({
      room,
      origin: this.instanceId,
      event,
      sentAt: Date.now(),
    });
    // One NOTIFY after the other: delivery order is commit order.
    const send = this.#sending.then(async () => {
      if (new TextEncoder().encode(text).length <= NOTIFY_LIMIT_BYTES) {
        await this.db.notify(this.channel, text);
        return;
      }
      const [row] = await this.db.query<{ id: string }>(
        "INSERT INTO signal_messages (payload) VALUES ($1) RETURNING id::text AS id",
        [text],
      );
      await this.db.notify(
        this.channel,
        JSON.stringify({ ref: row.id, origin: this.instanceId }),
      );
    });
    this.#sending = send.catch(() => {});
    return send;
  }

  #receive(payload: string): void {
    // Handled one after the other, so a large event fetched from the table
    // is not overtaken by a small one sent after it.
    this.#receiving = this.#receiving.then(async () => {
      try {
        let parsed = JSON.parse(payload) as BusDelivery | {
          ref: string;
          origin: string;
        };
        if (parsed.origin === this.instanceId) return;
        if ("ref" in parsed) {
          const [row] = await this.db.query<{ payload: string }>(
            "SELECT payload FROM signal_messages WHERE id = $1::bigint",
            [parsed.ref],
          );
          if (!row) return;
          parsed = JSON.parse(row.payload) as BusDelivery;
          if (parsed.origin === this.instanceId) return;
        }
        const delivery = parsed as BusDelivery;
        this.#handlers.forEach((h) => h(delivery));
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
    clearInterval(this.#cleanup);
    await this.#sending;
    await this.#unlisten?.();
    this.#handlers.clear();
  }
}
