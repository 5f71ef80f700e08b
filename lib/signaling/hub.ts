// The signaling relay of one instance: takes over upgraded sockets, keeps
// the local rooms, relays between their members, records attendance, and
// ends sockets whose session, room or instance ends. The abuse guard
// (guard.ts), the rooms (room.ts) and cross-instance presence (presence.ts)
// are its parts.
import type { Database } from "@/lib/db/connection.ts";
import { activeSessionIds } from "@/lib/auth/session.ts";
import {
  recordCallState,
  recordJoin,
  recordLeave,
} from "@/lib/bookings/attendance.ts";
import { onBookingCancelled } from "@/lib/bookings/events.ts";
import type { SignalBus } from "@/lib/signaling/bus.ts";
import { CLOSE } from "@/lib/signaling/protocol.ts";
import { parseClientMessage } from "@/lib/signaling/schema.ts";
import {
  ConnectionGuard,
  type Refusal,
  SocketPolicy,
  type SocketSlot,
} from "@/lib/signaling/guard.ts";
import { Presence } from "@/lib/signaling/presence.ts";
import { type ChatRelay, ChatStore, relayChat } from "@/lib/signaling/chat.ts";
import {
  type Admission,
  closeSocket,
  type LocalMember,
  memberLog,
  peerOf,
  relayed,
  Room,
  send,
} from "@/lib/signaling/room.ts";
import { logError, logEvent } from "@/lib/log.ts";
import {
  registerGauges,
  relayedMessages,
  socketViolations,
} from "@/lib/metrics.ts";

import { type HubOptions, hubOptions } from "@/lib/signaling/hub_options.ts";

export type { Admission } from "@/lib/signaling/room.ts";
export type { HubOptions } from "@/lib/signaling/hub_options.ts";

/** The relay of one instance. */
export class SignalingHub {
  readonly options: HubOptions;
  readonly guard: ConnectionGuard;
  #rooms = new Map<string, Room>();
  /** Accepted upgrades that have not opened yet, with their give-up timers. */
  #opening = new Map<LocalMember, ReturnType<typeof setTimeout>>();
  #presence: Presence;
  #chat: ChatRelay;
  #timers: ReturnType<typeof setInterval>[] = [];
  #unsubscribe: () => void;
  #closed = false;
  #shutdown: Promise<void> | null = null;

  constructor(
    private db: Database,
    bus: SignalBus,
    options: Partial<HubOptions> = {},
  ) {
    this.options = hubOptions(options);
    this.guard = new ConnectionGuard(this.options);
    this.#chat = {
      store: new ChatStore(db),
      room: (id) => this.#rooms.get(id),
      publish: (id, e) => this.#presence.publish(id, e),
    };
    this.#presence = new Presence(bus, {
      room: (id) => this.#rooms.get(id),
      rooms: () => this.#rooms.values(),
      replace: (m) => this.#replace(m),
      closeRoom: (id, reason) => this.closeRoom(id, reason, false),
      closeSession: (id) => this.closeSession(id, false),
    }, this.options.presenceTtlMs);
    this.#unsubscribe = onBookingCancelled((id) =>
      this.closeRoom(id, "The booking was cancelled")
    );
    this.#timers.push(
      setInterval(() => {
        this.#presence.tick();
        this.guard.sweep();
        this.#chat.store.limiter.sweep();
      }, this.options.aliveIntervalMs),
      setInterval(() => this.#checkSessions(), this.options.sessionCheckMs),
    );
    registerGauges({
      sockets: () => this.socketCount,
      rooms: () => this.roomCount,
    });
  }

  /** Sockets open on this instance. */
  get socketCount(): number {
    let n = 0;
    for (const room of this.#rooms.values()) n += room.local.size;
    return n;
  }

  /** Rooms with at least one local socket. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /**
   * Takes a connection slot for an upgrade (reconnect budget, per-user and
   * per-address caps). The caller passes it to `accept()`, or releases it
   * when the upgrade does not happen.
   * @throws {TooManyRequestsError}
   */
  admit(userId: string, address: string): SocketSlot {
    return this.guard.admit(userId, address);
  }

  /**
   * Takes over an upgraded socket for an admitted participant, with the slot
   * `admit()` gave; the slot is released when the socket ends, however it
   * ends (close, error, or an upgrade that never opens).
   */
  accept(socket: WebSocket, admission: Admission, slot: SocketSlot): void {
    const member: LocalMember = {
      socket,
      connId: crypto.randomUUID(),
      admission,
      isMuted: false,
      isVideoOff: false,
      policy: new SocketPolicy(this.options),
      slot,
      visit: null,
      writes: null,
      openedAt: Date.now(),
      opened: false,
      closed: false,
      retired: false,
    };
    this.#opening.set(
      member,
      setTimeout(() => this.#abandon(member), this.options.openTimeoutMs),
    );
    socket.addEventListener("open", () => this.#onOpen(member));
    socket.addEventListener("message", (e) => this.#onMessage(member, e));
    socket.addEventListener("close", (e) => this.#onClose(member, e.code));
    // An error before the open is a failed upgrade, after it a close follows.
    socket.addEventListener("error", () => {
      if (!member.opened) this.#abandon(member);
    });
  }

  // Deno never reports an upgrade whose client hung up before the 101 (no
  // open, error or close event): after openTimeoutMs its slot goes back.
  #abandon(member: LocalMember): void {
    this.#stopOpening(member);
    if (member.opened || member.closed) return;
    member.closed = true;
    member.retired = true;
    member.slot.release();
    logEvent("signal.upgrade_abandoned", memberLog(member));
    closeSocket(member, CLOSE.DROPPED, "The connection did not open");
  }

  #stopOpening(member: LocalMember): void {
    clearTimeout(this.#opening.get(member));
    this.#opening.delete(member);
  }

  #room(id: string): Room {
    let room = this.#rooms.get(id);
    if (!room) {
      room = new Room(id);
      this.#rooms.set(id, room);
    }
    return room;
  }

  #onOpen(member: LocalMember): void {
    this.#stopOpening(member);
    member.opened = true;
    // Opened after all, once given up: it holds no slot any more.
    if (member.closed) {
      return closeSocket(member, CLOSE.DROPPED, "The connection did not open");
    }
    const { bookingId, userId } = member.admission;
    if (this.#closed) {
      member.retired = true;
      return closeSocket(member, CLOSE.RESTART, "Server is restarting");
    }
    const room = this.#room(bookingId);
    const previous = room.local.get(userId);
    if (previous) this.#replace(previous);
    // The same user on another instance is replaced by this one too.
    room.remote.forget(userId);
    room.local.set(userId, member);
    room.scheduleEnd(
      member.admission.bookingEnd,
      () => this.closeRoom(room.id, "The lesson has ended", false),
    );
    logEvent("signal.join", memberLog(member));
    member.visit = recordJoin(this.db, bookingId, userId).catch((err) => {
      logError("signal.attendance_failed", err);
      return null;
    });
    member.writes = member.visit;

    const you = peerOf(member);
    send(member, { type: "booking:joined", you, peers: room.peersOf(member) });
    // Also after a replacement: the peer starts afresh with the new connection.
    room.toLocal(userId, { type: "booking:user-joined", ...you });
    this.#presence.publish(bookingId, {
      kind: "join",
      member: { ...you, connId: member.connId },
    });
  }

  #onMessage(member: LocalMember, event: MessageEvent): void {
    if (member.retired) return;
    const frame = member.policy.check(event.data);
    if (!frame.ok) return this.#refuse(member, frame);
    const parsed = parseClientMessage(frame.text);
    if (!parsed.ok) {
      const verdict = member.policy.invalid();
      if (verdict) return this.#refuse(member, verdict);
      return send(member, {
        type: "error",
        code: parsed.code,
        message: parsed.message,
      });
    }
    member.policy.valid();
    relayedMessages.inc({ type: parsed.message.type });
    const room = this.#rooms.get(member.admission.bookingId);
    if (!room || room.local.get(member.admission.userId) !== member) return;
    const from = member.admission.userId;
    const out = relayed(from, parsed.message);
    if (out.kind === "leave") {
      return this.#retire(member, CLOSE.NORMAL, "Left the call");
    }
    if (out.kind === "chat") return relayChat(this.#chat, member, out);
    if (out.kind === "media") {
      // A call connects only with the other participant in the room, so a
      // "connected" with nobody there is ignored.
      if (out.connected && room.peersOf(member).length === 0) return;
      return recordCallState(this.db, member, out.connected);
    }
    if (out.state) Object.assign(member, out.state);
    room.relay(from, out, (e) => this.#presence.publish(room.id, e));
  }

  /** Closes a socket that broke the message policy. */
  #refuse(member: LocalMember, verdict: Refusal): void {
    socketViolations.inc({ reason: verdict.violation });
    logEvent("signal.violation", {
      user: member.admission.userId,
      reason: verdict.violation,
    });
    this.#retire(member, verdict.code, verdict.reason);
  }

  #replace(member: LocalMember): void {
    this.#retire(
      member,
      CLOSE.REPLACED,
      "Replaced by a newer connection of the same user",
    );
  }

  /** Closes a member's socket from the server side (it leaves the room). */
  #retire(member: LocalMember, code: number, reason: string): void {
    if (member.retired) return;
    member.retired = true;
    const room = this.#rooms.get(member.admission.bookingId);
    const current = room?.local.get(member.admission.userId) === member;
    if (room && current && code !== CLOSE.REPLACED) this.#leave(room, member);
    else if (room && current) room.local.delete(member.admission.userId);
    closeSocket(member, code, reason);
  }

  #onClose(member: LocalMember, code: number): void {
    this.#stopOpening(member);
    member.slot.release();
    if (member.closed) return;
    member.closed = true;
    logEvent("signal.close", {
      ...memberLog(member),
      code,
      seconds: Math.round((Date.now() - member.openedAt) / 1000),
    });
    const room = this.#rooms.get(member.admission.bookingId);
    if (
      !member.retired && room?.local.get(member.admission.userId) === member
    ) this.#leave(room, member);
    member.retired = true;
    // After the join's and media writes, so they cannot swap places.
    const visit = member.visit;
    Promise.resolve(member.writes).then(() => visit).then((id) =>
      id ? recordLeave(this.db, id) : undefined
    )
      .catch((err) => logError("signal.attendance_failed", err));
  }

  #leave(room: Room, member: LocalMember): void {
    const userId = member.admission.userId;
    room.local.delete(userId);
    room.toLocal(userId, { type: "booking:user-left", userId });
    this.#presence.publish(room.id, {
      kind: "leave",
      userId,
      connId: member.connId,
    });
    if (room.local.size === 0) {
      clearTimeout(room.endTimer);
      this.#rooms.delete(room.id);
    }
  }

  /**
   * Closes a room's sockets here and, unless told otherwise, on every other
   * instance (booking cancelled, lesson over).
   */
  closeRoom(bookingId: string, reason: string, broadcast = true): void {
    const room = this.#rooms.get(bookingId);
    if (room) {
      for (const m of [...room.local.values()]) {
        this.#retire(m, CLOSE.ROOM_CLOSED, reason);
      }
    }
    if (broadcast) {
      this.#presence.publish(bookingId, { kind: "close-room", reason });
    }
  }

  /**
   * Drops a participant's socket on this instance as a failing network
   * would (1011): the client reconnects by itself. For operators and tests.
   */
  dropConnection(bookingId: string, userId: string): boolean {
    const member = this.#rooms.get(bookingId)?.local.get(userId);
    if (!member) return false;
    this.#retire(member, CLOSE.DROPPED, "Connection dropped by the server");
    return true;
  }

  /** Closes every socket of a session here and on other instances (logout). */
  closeSession(sessionId: string, broadcast = true): void {
    for (const room of [...this.#rooms.values()]) {
      for (const m of [...room.local.values()]) {
        if (m.admission.sessionId === sessionId) {
          this.#retire(m, CLOSE.SESSION_ENDED, "The session has ended");
        }
      }
    }
    if (broadcast) {
      this.#presence.publish("*", { kind: "close-session", sessionId });
    }
  }

  async #checkSessions(): Promise<void> {
    const sessions = new Set<string>();
    for (const room of this.#rooms.values()) {
      for (const m of room.local.values()) {
        if (m.admission.sessionId) sessions.add(m.admission.sessionId);
      }
    }
    if (sessions.size === 0) return;
    try {
      const live = await activeSessionIds(this.db, sessions);
      for (const id of sessions) {
        if (!live.has(id)) this.closeSession(id, false);
      }
    } catch (err) {
      logError("signal.session_check_failed", err);
    }
  }

  /** Closes every socket with 1012 (restart) so clients reconnect elsewhere, and stops. */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#stop();
    return this.#shutdown;
  }

  async #stop(): Promise<void> {
    this.#closed = true;
    for (const member of [...this.#opening.keys()]) this.#abandon(member);
    for (const room of [...this.#rooms.values()]) {
      for (const m of [...room.local.values()]) {
        m.retired = true;
        closeSocket(m, CLOSE.RESTART, "Server is restarting");
      }
      clearTimeout(room.endTimer);
    }
    this.#rooms.clear();
    this.#timers.forEach(clearInterval);
    this.#unsubscribe();
    await this.#presence.close();
  }
}
