import assert from "node:assert/strict";
import type { RoomEvent } from "@/lib/signaling/bus.ts";
import type { ClientMessage } from "@/lib/signaling/protocol.ts";
import {
  DEFAULT_GUARD_LIMITS,
  SocketPolicy,
  type SocketSlot,
} from "@/lib/signaling/guard.ts";
import { type LocalMember, relayed, Room } from "@/lib/signaling/room.ts";

const slot: SocketSlot = { release() {}, released: false };

interface Connected {
  member: LocalMember;
  received: unknown[];
  close(): Promise<void>;
}

/**
 * A real WebSocket pair over loopback: the server end as a room member of
 * `userId`, and the client end's received messages.
 */
async function connected(userId: string): Promise<Connected> {
  const received: unknown[] = [];
  let resolveServer: (s: WebSocket) => void;
  const serverSide = new Promise<WebSocket>((r) => resolveServer = r);
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => {
      const { socket, response } = Deno.upgradeWebSocket(req);
      socket.addEventListener("open", () => resolveServer(socket));
      return response;
    },
  );
  const client = new WebSocket(`ws://127.0.0.1:${server.addr.port}/`);
  client.addEventListener("message", (e) => received.push(JSON.parse(e.data)));
  await new Promise((r) => client.addEventListener("open", r, { once: true }));
  const socket = await serverSide;
  const member: LocalMember = {
    socket,
    connId: `c-${userId}`,
    admission: {
      bookingId: "b1",
      bookingEnd: new Date(Date.now() + 3_600_000),
      userId,
      username: userId,
      sessionId: null,
      address: "127.0.0.1",
    },
    isMuted: false,
    isVideoOff: false,
    policy: new SocketPolicy(DEFAULT_GUARD_LIMITS),
    slot,
    visit: null,
    writes: null,
    openedAt: Date.now(),
    opened: true,
    closed: false,
    retired: false,
  };
  return {
    member,
    received,
    async close() {
      const closed = new Promise((r) => client.addEventListener("close", r));
      client.close();
      await closed;
      await server.shutdown();
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

/** Runs `fn` with a room of two connected members, u1 and u2. */
async function withPair(
  fn: (room: Room, a: Connected, b: Connected) => Promise<void> | void,
): Promise<void> {
  const a = await connected("u1");
  const b = await connected("u2");
  try {
    const room = new Room("b1");
    room.local.set("u1", a.member);
    room.local.set("u2", b.member);
    await fn(room, a, b);
  } finally {
    await a.close();
    await b.close();
  }
}

/** What a message is relayed as; fails the test for a leave. */
function relayOf(from: string, message: ClientMessage) {
  const out = relayed(from, message);
  if (out.kind !== "relay") assert.fail(`${message.type} is not relayed`);
  return out;
}

Deno.test("relayed() stamps the sender's verified id on every relayed message", () => {
  assert.deepEqual(relayed("u1", { type: "webrtc:ready" }), {
    kind: "relay",
    message: { type: "webrtc:peer-ready", userId: "u1" },
  });
  assert.deepEqual(relayed("u1", { type: "webrtc:offer", sdp: "v=0" }), {
    kind: "relay",
    message: { type: "webrtc:offer", sdp: "v=0", fromUserId: "u1" },
  });
  assert.deepEqual(
    relayed("u1", { type: "webrtc:ice-candidate", candidate: null }),
    {
      kind: "relay",
      message: {
        type: "webrtc:ice-candidate",
        candidate: null,
        fromUserId: "u1",
      },
    },
  );
  assert.deepEqual(relayed("u1", { type: "media:toggle-mic", isMuted: true }), {
    kind: "relay",
    message: { type: "media:user-muted", userId: "u1", isMuted: true },
    state: { isMuted: true },
  });
  assert.deepEqual(
    relayed("u1", { type: "media:toggle-video", isVideoOff: true }),
    {
      kind: "relay",
      message: { type: "media:user-video-off", userId: "u1", isVideoOff: true },
      state: { isVideoOff: true },
    },
  );
  assert.deepEqual(relayed("u1", { type: "booking:leave" }), { kind: "leave" });
});

Deno.test("Room.relay() sends to the other participant here and keeps negotiation off the bus", async () => {
  await withPair(async (room, a, b) => {
    const published: RoomEvent[] = [];
    const offer = relayOf("u1", { type: "webrtc:offer", sdp: "v=0" });
    room.relay("u1", offer, (e) => published.push(e));
    const mute = relayOf("u1", { type: "media:toggle-mic", isMuted: true });
    room.relay("u1", mute, (e) => published.push(e));
    await settle();
    assert.deepEqual(b.received, [offer.message, mute.message]);
    assert.deepEqual(a.received, []);
    // Only the state change goes to other instances.
    assert.deepEqual(published, [{
      kind: "relay",
      fromUserId: "u1",
      message: mute.message,
      state: { isMuted: true },
    }]);
  });
});

Deno.test("Room.relay() publishes negotiation when the other participant is not here", async () => {
  const a = await connected("u1");
  try {
    const room = new Room("b1");
    room.local.set("u1", a.member);
    const published: RoomEvent[] = [];
    const ready = relayOf("u1", { type: "webrtc:ready" });
    room.relay("u1", ready, (e) => published.push(e));
    assert.deepEqual(published, [{
      kind: "relay",
      fromUserId: "u1",
      message: ready.message,
    }]);
    await settle();
    assert.deepEqual(a.received, []);
  } finally {
    await a.close();
  }
});

Deno.test("Room lists peers here and elsewhere, and announces only live members", () => {
  return withPair((room, a, b) => {
    room.remote.remember({
      userId: "u3",
      username: "u3",
      isMuted: true,
      isVideoOff: false,
      connId: "c3",
    }, "i2");
    assert.deepEqual(room.peersOf(a.member).map((p) => p.userId), ["u2", "u3"]);
    b.member.retired = true;
    assert.deepEqual(room.announcements().map((m) => m.connId), ["c-u1"]);
    assert.equal(room.otherHere("u1"), false);
  });
});

Deno.test("Room.scheduleEnd() calls back at the end, once set", async () => {
  const room = new Room("b1");
  const calls: string[] = [];
  room.scheduleEnd(new Date(Date.now() + 20), () => calls.push("first"));
  room.scheduleEnd(new Date(Date.now()), () => calls.push("second"));
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(calls, ["first"]);
});
