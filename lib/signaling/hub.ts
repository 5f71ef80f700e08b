// Rooms of the signaling relay on this instance: sockets, presence, relay,
// protection, attendance, and the bus that joins this instance's rooms with
// other instances' rooms of the same booking.
import type { Database } from "@/lib/db/connection.ts";
import { recordJoin, recordLeave } from "@/lib/bookings/attendance.ts";
import { onBookingCancelled } from "@/lib/bookings/events.ts";
import type {
  BusDelivery,
  MemberAnnouncement,
  RoomEvent,
  SignalBus,
} from "@/lib/signaling/bus.ts";
import {
  type ClientMessage,
  CLOSE,
  MAX_FRAME_BYTES,
  type PeerInfo,
  type ServerMessage,
} from "@/lib/signaling/protocol.ts";
import { parseClientMessage } from "@/lib/signaling/schema.ts";
import { TokenBucket } from "@/lib/signaling/token_bucket.ts";
import { logError, logEvent } from "@/lib/log.ts";
import {
  busLag,
  registerGauges,
  relayedMessages,
  socketViolations,
} from "@/lib/metrics.ts";

/** Limits and timings of the relay. */
export interface HubOptions {
  /** Seconds without a pong before Deno closes a socket (heartbeat). */
  idleTimeoutSeconds: number;
  /** Token bucket per socket: burst size and refill per second. */
  burst: number;
  refillPerSecond: number;
  /** Invalid messages tolerated in a row before the socket is closed. */
  maxInvalidInARow: number;
  maxSocketsPerUser: number;
  maxSocketsPerAddress: number;
  /** How often presence is re-announced to other instances, and when it expires. */
  aliveIntervalMs: number;
  presenceTtlMs: number;
  /** How often local sockets' sessions are checked for logout or expiry. */
  sessionCheckMs: number;
}

/** While publishing on the bus fails, at most one log line this often. */
const PUBLISH_FAILURE_LOG_MS = 10_000;

/** Defaults: generous for ICE bursts, strict enough to stop floods. */
export const DEFAULT_HUB_OPTIONS: HubOptions = {
  idleTimeoutSeconds: 20,
  burst: 200,
  refillPerSecond: 50,
  maxInvalidInARow: 20,
  maxSocketsPerUser: 4,
  maxSocketsPerAddress: 64,
  aliveIntervalMs: 5_000,
  presenceTtlMs: 15_000,
  sessionCheckMs: 30_000,
};

/** Who is connecting, as the upgrade route established it. */
export interface Admission {
  bookingId: string;
  bookingEnd: Date;
  userId: string;
  username: string;
  sessionId: string | null;
  address: string;
  /** The upgrade request's id, to join the socket's logs to it. */
  requestId?: string;
}

interface LocalMember {
  socket: WebSocket;
  connId: string;
  admission: Admission;
  isMuted: boolean;
  isVideoOff: boolean;
  bucket: TokenBucket;
  invalidInARow: number;
  /** The attendance row of this connection, once written. */
  visit: Promise<string | null> | null;
  /** When the upgrade was accepted (ms since the epoch). */
  openedAt: number;
  /** Set once the socket's close was handled (Deno may report it twice). */
  closed: boolean;
  /** Set when this member was replaced or closed by the server. */
  retired: boolean;
}

interface RemoteMember {
  info: MemberAnnouncement;
  origin: string;
  lastSeen: number;
}

interface Room {
  id: string;
  local: Map<string, LocalMember>;
  remote: Map<string, RemoteMember>;
  endTimer: ReturnType<typeof setTimeout> | undefined;
}

/** Why an upgrade is refused before it happens (an HTTP 429). */
export class CapacityError extends Error {}

/** The relay of one instance. */
export class SignalingHub {
  readonly options: HubOptions;
  #rooms = new Map<string, Room>();
  #socketsByUser = new Map<string, number>();
  #socketsByAddress = new Map<string, number>();
  #timers: ReturnType<typeof setInterval>[] = [];
  #unsubscribe: (() => void)[] = [];
  #closed = false;
  #shutdown: Promise<void> | null = null;
  #publishFailures = 0;
  #publishFailureLoggedAt = -Infinity;

  constructor(
    private db: Database,
    private bus: SignalBus,
    options: Partial<HubOptions> = {},
  ) {
    this.options = { ...DEFAULT_HUB_OPTIONS, ...options };
    this.#unsubscribe.push(bus.subscribe((d) => this.#onBus(d)));
    this.#unsubscribe.push(
      onBookingCancelled((id) =>
        this.closeRoom(id, "The booking was cancelled")
      ),
    );
    this.#timers.push(
      setInterval(
        () => this.#announceAndExpire(),
        this.options.aliveIntervalMs,
      ),
    );
    this.#timers.push(
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
   * Refuses an upgrade that would pass the per-user or per-address cap.
   * @throws {CapacityError}
   */
  assertCapacity(userId: string, address: string): void {
    if (
      (this.#socketsByUser.get(userId) ?? 0) >= this.options.maxSocketsPerUser
    ) {
      throw new CapacityError(
        "Too many open call connections for this account",
      );
    }
    if (
      (this.#socketsByAddress.get(address) ?? 0) >=
        this.options.maxSocketsPerAddress
    ) {
      throw new CapacityError(
        "Too many open call connections from this address",
      );
    }
  }

  /** Takes over an upgraded socket for an admitted participant. */
  accept(socket: WebSocket, admission: Admission): void {
    const member: LocalMember = {
      socket,
      connId: crypto.randomUUID(),
      admission,
      isMuted: false,
      isVideoOff: false,
      bucket: new TokenBucket(this.options.burst, this.options.refillPerSecond),
      invalidInARow: 0,
      visit: null,
      openedAt: Date.now(),
      closed: false,
      retired: false,
    };
    bump(this.#socketsByUser, admission.userId, 1);
    bump(this.#socketsByAddress, admission.address, 1);
    socket.addEventListener("open", () => this.#onOpen(member));
    socket.addEventListener("message", (e) => this.#onMessage(member, e));
    socket.addEventListener("close", (e) => this.#onClose(member, e.code));
    socket.addEventListener("error", () => {});
  }

  #room(id: string): Room {
    let room = this.#rooms.get(id);
    if (!room) {
      room = { id, local: new Map(), remote: new Map(), endTimer: undefined };
      this.#rooms.set(id, room);
    }
    return room;
  }

  #onOpen(member: LocalMember): void {
    const { bookingId, userId } = member.admission;
    if (this.#closed) {
      return closeSocket(member, CLOSE.RESTART, "Server is restarting");
    }
    const room = this.#room(bookingId);
    const previous = room.local.get(userId);
    if (previous) {
      this.#retire(
        previous,
        CLOSE.REPLACED,
        "Replaced by a newer connection of the same user",
      );
    }
    // The same user on another instance is replaced by this one too.
    room.remote.delete(userId);
    room.local.set(userId, member);
    this.#scheduleEnd(room, member.admission.bookingEnd);
    logEvent("signal.join", {
      booking: bookingId,
      user: userId,
      conn: member.connId,
      request: member.admission.requestId,
    });
    member.visit = recordJoin(this.db, bookingId, userId).catch((err) => {
      logError("signal.attendance_failed", err);
      return null;
    });

    const you = peerOf(member);
    const peers = [
      ...[...room.local.values()].filter((m) => m !== member).map(peerOf),
      ...[...room.remote.values()].map((r) => stripConn(r.info)),
    ];
    send(member, { type: "booking:joined", you, peers });
    // Also after a replacement: the peer starts afresh with the new connection.
    this.#toLocal(room, member.admission.userId, {
      type: "booking:user-joined",
      ...you,
    });
    this.#publish(bookingId, {
      kind: "join",
      member: { ...you, connId: member.connId },
    });
  }

  #onMessage(member: LocalMember, event: MessageEvent): void {
    if (member.retired) return;
    if (typeof event.data !== "string") {
      this.#violation(member, "binary frame");
      return this.#retire(
        member,
        CLOSE.UNSUPPORTED_DATA,
        "Binary frames are not accepted",
      );
    }
    if (byteLength(event.data) > MAX_FRAME_BYTES) {
      this.#violation(member, "oversize frame");
      return this.#retire(member, CLOSE.TOO_BIG, "Message too large");
    }
    if (!member.bucket.take()) {
      this.#violation(member, "flood");
      return this.#retire(member, CLOSE.POLICY, "Too many messages");
    }
    const parsed = parseClientMessage(event.data);
    if (!parsed.ok) {
      member.invalidInARow++;
      if (member.invalidInARow > this.options.maxInvalidInARow) {
        this.#violation(member, "invalid messages");
        return this.#retire(member, CLOSE.POLICY, "Too many invalid messages");
      }
      return send(member, {
        type: "error",
        code: parsed.code,
        message: parsed.message,
      });
    }
    member.invalidInARow = 0;
    relayedMessages.inc({ type: parsed.message.type });
    this.#handle(member, parsed.message);
  }

  #violation(member: LocalMember, reason: string): void {
    socketViolations.inc({ reason });
    logEvent("signal.violation", { user: member.admission.userId, reason });
  }

  #handle(member: LocalMember, message: ClientMessage): void {
    const room = this.#rooms.get(member.admission.bookingId);
    if (!room || room.local.get(member.admission.userId) !== member) return;
    const from = member.admission.userId;
    switch (message.type) {
      case "webrtc:ready":
        return this.#relay(room, from, {
          type: "webrtc:peer-ready",
          userId: from,
        });
      case "webrtc:offer":
      case "webrtc:answer":
        return this.#relay(room, from, {
          type: message.type,
          sdp: message.sdp,
          fromUserId: from,
        });
      case "webrtc:ice-candidate":
        return this.#relay(room, from, {
          type: "webrtc:ice-candidate",
          candidate: message.candidate,
          fromUserId: from,
        });
      case "media:toggle-mic":
        member.isMuted = message.isMuted;
        return this.#relay(room, from, {
          type: "media:user-muted",
          userId: from,
          isMuted: message.isMuted,
        }, {
          isMuted: message.isMuted,
        });
      case "media:toggle-video":
        member.isVideoOff = message.isVideoOff;
        return this.#relay(
          room,
          from,
          {
            type: "media:user-video-off",
            userId: from,
            isVideoOff: message.isVideoOff,
          },
          { isVideoOff: message.isVideoOff },
        );
      case "booking:leave":
        return this.#retire(member, CLOSE.NORMAL, "Left the call");
    }
  }

  #relay(
    room: Room,
    from: string,
    message: ServerMessage,
    state?: Partial<PeerInfo>,
  ): void {
    this.#toLocal(room, from, message);
    // A booking has two participants. With the other one here, no instance
    // needs a negotiation message: a newer socket of theirs elsewhere
    // replaces this one and restarts the negotiation with its own "ready",
    // which arrives after its join. (State changes still go out, for the
    // presence other instances keep.)
    if (!state && this.#otherHere(room, from)) return;
    // Otherwise always on the bus, even with nobody known elsewhere: an
    // instance may not know yet that the room has a participant elsewhere
    // (a newcomer's webrtc:ready can leave before the other instance's
    // presence has arrived).
    this.#publish(room.id, {
      kind: "relay",
      fromUserId: from,
      message,
      ...(state ? { state } : {}),
    });
  }

  /** Whether a participant other than `userId` has a live socket here. */
  #otherHere(room: Room, userId: string): boolean {
    for (const m of room.local.values()) {
      if (m.admission.userId !== userId && !m.retired) return true;
    }
    return false;
  }

  #toLocal(
    room: Room,
    exceptUserId: string | null,
    message: ServerMessage,
  ): void {
    const text = JSON.stringify(message);
    for (const m of room.local.values()) {
      if (
        m.admission.userId !== exceptUserId && !m.retired &&
        m.socket.readyState === WebSocket.OPEN
      ) {
        m.socket.send(text);
      }
    }
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
    if (member.closed) return;
    member.closed = true;
    bump(this.#socketsByUser, member.admission.userId, -1);
    bump(this.#socketsByAddress, member.admission.address, -1);
    logEvent("signal.close", {
      booking: member.admission.bookingId,
      user: member.admission.userId,
      conn: member.connId,
      request: member.admission.requestId,
      code,
      seconds: Math.round((Date.now() - member.openedAt) / 1000),
    });
    const room = this.#rooms.get(member.admission.bookingId);
    if (
      !member.retired && room?.local.get(member.admission.userId) === member
    ) this.#leave(room, member);
    member.retired = true;
    // After the join's write, so a quick join and leave cannot swap places.
    member.visit?.then((visit) =>
      visit ? recordLeave(this.db, visit) : undefined
    )
      .catch((err) => logError("signal.attendance_failed", err));
  }

  #leave(room: Room, member: LocalMember): void {
    const userId = member.admission.userId;
    room.local.delete(userId);
    this.#toLocal(room, userId, { type: "booking:user-left", userId });
    this.#publish(room.id, { kind: "leave", userId, connId: member.connId });
    this.#dropIfEmpty(room);
  }

  #dropIfEmpty(room: Room): void {
    if (room.local.size > 0) return;
    clearTimeout(room.endTimer);
    this.#rooms.delete(room.id);
  }

  #scheduleEnd(room: Room, end: Date): void {
    if (room.endTimer !== undefined) return;
    // setTimeout caps near 24.8 days; rooms are open for hours at most.
    const delay = Math.min(
      Math.max(end.getTime() - Date.now(), 0),
      2 ** 31 - 1,
    );
    room.endTimer = setTimeout(
      () => this.closeRoom(room.id, "The lesson has ended", false),
      delay,
    );
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
    if (broadcast) this.#publish(bookingId, { kind: "close-room", reason });
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
    if (broadcast) this.#publish("*", { kind: "close-session", sessionId });
  }

  #publish(room: string, event: RoomEvent): void {
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

  #onBus({ room: roomId, origin, event, sentAt }: BusDelivery): void {
    busLag.observe(Math.max(0, Date.now() - sentAt) / 1000);
    if (event.kind === "close-session") {
      return this.closeSession(event.sessionId, false);
    }
    if (event.kind === "close-room") {
      return this.closeRoom(roomId, event.reason, false);
    }
    const room = this.#rooms.get(roomId);
    if (!room) return;
    switch (event.kind) {
      case "join": {
        const { member } = event;
        const mine = room.local.get(member.userId);
        // The user opened the room on another instance: that socket wins.
        if (mine) {
          this.#retire(
            mine,
            CLOSE.REPLACED,
            "Replaced by a newer connection of the same user",
          );
        }
        this.#rememberRemote(room, member, origin);
        // Tell the newcomer's instance who is here.
        this.#announce(room);
        return;
      }
      case "leave": {
        const known = room.remote.get(event.userId);
        if (known && known.info.connId === event.connId) {
          room.remote.delete(event.userId);
          this.#toLocal(room, null, {
            type: "booking:user-left",
            userId: event.userId,
          });
        }
        return;
      }
      case "alive": {
        for (const member of event.members) {
          if (!room.local.has(member.userId)) {
            this.#rememberRemote(room, member, origin);
          }
        }
        return;
      }
      case "relay": {
        const known = room.remote.get(event.fromUserId);
        if (known && event.state) Object.assign(known.info, event.state);
        this.#toLocal(room, event.fromUserId, event.message);
        return;
      }
    }
  }

  /** Records a member on another instance; a new connection is announced here. */
  #rememberRemote(
    room: Room,
    member: MemberAnnouncement,
    origin: string,
  ): void {
    const known = room.remote.get(member.userId);
    room.remote.set(member.userId, {
      info: member,
      origin,
      lastSeen: Date.now(),
    });
    if (known?.info.connId !== member.connId) {
      this.#toLocal(room, member.userId, {
        type: "booking:user-joined",
        ...stripConn(member),
      });
    }
  }

  #announce(room: Room): void {
    const members = [...room.local.values()].filter((m) => !m.retired).map((
      m,
    ) => ({
      ...peerOf(m),
      connId: m.connId,
    }));
    if (members.length > 0) this.#publish(room.id, { kind: "alive", members });
  }

  #announceAndExpire(): void {
    const now = Date.now();
    for (const room of this.#rooms.values()) {
      this.#announce(room);
      for (const [userId, remote] of room.remote) {
        if (now - remote.lastSeen > this.options.presenceTtlMs) {
          // Its instance went away without saying so.
          room.remote.delete(userId);
          this.#toLocal(room, null, { type: "booking:user-left", userId });
        }
      }
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
      const rows = await this.db.query<{ id: string }>(
        `SELECT id FROM sessions WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL AND expires_at > now()`,
        [[...sessions]],
      );
      const live = new Set(rows.map((r) => r.id));
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
    for (const room of [...this.#rooms.values()]) {
      for (const m of [...room.local.values()]) {
        m.retired = true;
        closeSocket(m, CLOSE.RESTART, "Server is restarting");
      }
      clearTimeout(room.endTimer);
    }
    this.#rooms.clear();
    this.#timers.forEach(clearInterval);
    this.#unsubscribe.forEach((u) => u());
    await this.bus.close();
  }
}

function peerOf(m: LocalMember): PeerInfo {
  return {
    userId: m.admission.userId,
    username: m.admission.username,
    isMuted: m.isMuted,
    isVideoOff: m.isVideoOff,
  };
}

function stripConn({ connId: _c, ...peer }: MemberAnnouncement): PeerInfo {
  return peer;
}

function send(member: LocalMember, message: ServerMessage): void {
  if (member.socket.readyState === WebSocket.OPEN) {
    member.socket.send(JSON.stringify(message));
  }
}

function closeSocket(member: LocalMember, code: number, reason: string): void {
  try {
    if (
      member.socket.readyState === WebSocket.OPEN ||
      member.socket.readyState === WebSocket.CONNECTING
    ) {
      member.socket.close(code, reason);
    }
  } catch {
    // Already closing.
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

function byteLength(text: string): number {
  // Cheap bound first: a UTF-16 string never takes more than 3 bytes a unit.
  return text.length * 3 <= MAX_FRAME_BYTES
    ? text.length
    : new TextEncoder().encode(text).length;
}
