// Cross-instance presence: what this instance tells the others over the bus
// (joins, leaves, relays, "still here"), and what it does with what they
// tell it: members connected elsewhere, their messages, their room and
// session closes, and their silence once their instance is gone.
import type {
  BusDelivery,
  MemberAnnouncement,
  RoomEvent,
  SignalBus,
} from "@/lib/signaling/bus.ts";
import type { PeerInfo } from "@/lib/signaling/protocol.ts";
import type { LocalMember, Room } from "@/lib/signaling/room.ts";
import { logError } from "@/lib/log.ts";
import { busLag } from "@/lib/metrics.ts";

/** While publishing on the bus fails, at most one log line this often. */
const PUBLISH_FAILURE_LOG_MS = 10_000;

interface RemoteMember {
  info: MemberAnnouncement;
  origin: string;
  lastSeen: number;
}

/** The members of one room that are connected to other instances. */
export class RemoteRoster {
  #members = new Map<string, RemoteMember>();

  /** Records or refreshes a member; true when it is a connection not known before. */
  remember(
    member: MemberAnnouncement,
    origin: string,
    now = Date.now(),
  ): boolean {
    const known = this.#members.get(member.userId);
    this.#members.set(member.userId, { info: member, origin, lastSeen: now });
    return known?.info.connId !== member.connId;
  }

  /** Forgets a user; with `connId`, only while that connection is the one known. */
  forget(userId: string, connId?: string): boolean {
    const known = this.#members.get(userId);
    if (!known || (connId !== undefined && known.info.connId !== connId)) {
      return false;
    }
    return this.#members.delete(userId);
  }

  /** Applies a member's media state change. */
  update(userId: string, state: Partial<PeerInfo>): void {
    const known = this.#members.get(userId);
    if (known) Object.assign(known.info, state);
  }

  /** Forgets members not heard of for `ttlMs`; returns their ids. */
  expire(ttlMs: number, now = Date.now()): string[] {
    const gone: string[] = [];
    for (const [userId, remote] of this.#members) {
      if (now - remote.lastSeen > ttlMs) {
        this.#members.delete(userId);
        gone.push(userId);
      }
    }
    return gone;
  }

  /** The members as the room shows them. */
  peers(): PeerInfo[] {
    return [...this.#members.values()].map((r) => stripConn(r.info));
  }
}

/** What presence needs from the hub that owns the local rooms. */
export interface PresenceHost {
  room(id: string): Room | undefined;
  rooms(): Iterable<Room>;
  /** Closes a local socket that a newer one of the same user elsewhere replaces. */
  replace(member: LocalMember): void;
  /** Closes a room's local sockets (another instance closed the room). */
  closeRoom(roomId: string, reason: string): void;
  /** Closes a session's local sockets (it ended on another instance). */
  closeSession(sessionId: string): void;
}

/** This instance's side of the bus. */
export class Presence {
  #publishFailures = 0;
  #publishFailureLoggedAt = -Infinity;
  #unsubscribe: () => void;

  constructor(
    private bus: SignalBus,
    private host: PresenceHost,
    private presenceTtlMs: number,
  ) {
    this.#unsubscribe = bus.subscribe((d) => this.#receive(d));
  }

  /** Publishes an event; failures are logged, at most once per interval. */
  publish(room: string, event: RoomEvent): void {
    this.bus.publish(room, event).catch((err) => {
      // While the database is away every publish fails: one line per
      // interval, with how many failed since the last one.
      const now = Date.now();
      this.#publishFailures++;
      if (now - this.#publishFailureLoggedAt < PUBLISH_FAILURE_LOG_MS) return;
      logError("signal.bus_publish_failed", err, {
        failures: this.#publishFailures,
      });
      this.#publishFailureLoggedAt = now;
      this.#publishFailures = 0;
    });
  }

  /** Tells the other instances who is in a room here. */
  announce(room: Room): void {
    const members = room.announcements();
    if (members.length > 0) this.publish(room.id, { kind: "alive", members });
  }

  /**
   * Re-announces every room and forgets remote members whose instance went
   * away without saying so (the room is told they left).
   */
  tick(now = Date.now()): void {
    for (const room of this.host.rooms()) {
      this.announce(room);
      for (const userId of room.remote.expire(this.presenceTtlMs, now)) {
        room.toLocal(null, { type: "booking:user-left", userId });
      }
    }
  }

  /** Stops listening to the bus and closes it. */
  async close(): Promise<void> {
    this.#unsubscribe();
    await this.bus.close();
  }

  #receive({ room: roomId, origin, event, sentAt }: BusDelivery): void {
    busLag.observe(Math.max(0, Date.now() - sentAt) / 1000);
    if (event.kind === "close-session") {
      return this.host.closeSession(event.sessionId);
    }
    if (event.kind === "close-room") {
      return this.host.closeRoom(roomId, event.reason);
    }
    const room = this.host.room(roomId);
    if (!room) return;
    switch (event.kind) {
      case "join": {
        const { member } = event;
        const mine = room.local.get(member.userId);
        // The user opened the room on another instance: that socket wins.
        if (mine) this.host.replace(mine);
        this.#remember(room, member, origin);
        // Tell the newcomer's instance who is here.
        this.announce(room);
        return;
      }
      case "leave": {
        if (room.remote.forget(event.userId, event.connId)) {
          room.toLocal(null, {
            type: "booking:user-left",
            userId: event.userId,
          });
        }
        return;
      }
      case "alive": {
        for (const member of event.members) {
          if (!room.local.has(member.userId)) {
            this.#remember(room, member, origin);
          }
        }
        return;
      }
      case "relay": {
        if (event.state) room.remote.update(event.fromUserId, event.state);
        room.toLocal(event.fromUserId, event.message);
        return;
      }
    }
  }

  /** Records a member elsewhere; a new connection is announced to the room. */
  #remember(room: Room, member: MemberAnnouncement, origin: string): void {
    if (room.remote.remember(member, origin)) {
      room.toLocal(member.userId, {
        type: "booking:user-joined",
        ...stripConn(member),
      });
    }
  }
}

function stripConn({ connId: _c, ...peer }: MemberAnnouncement): PeerInfo {
  return peer;
}
