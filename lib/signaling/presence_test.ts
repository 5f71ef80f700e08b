import assert from "node:assert/strict";
import {
  type BusDelivery,
  type MemberAnnouncement,
  MemoryBus,
  MemoryNetwork,
} from "@/lib/signaling/bus.ts";
import {
  Presence,
  type PresenceHost,
  RemoteRoster,
} from "@/lib/signaling/presence.ts";
import { Room } from "@/lib/signaling/room.ts";

function member(userId: string, connId = `c-${userId}`): MemberAnnouncement {
  return {
    userId,
    username: userId,
    isMuted: false,
    isVideoOff: false,
    connId,
  };
}

Deno.test("RemoteRoster says which announcements are new connections", () => {
  const roster = new RemoteRoster();
  assert.equal(roster.remember(member("u1"), "i1", 0), true);
  assert.equal(roster.remember(member("u1"), "i1", 10), false);
  assert.equal(roster.remember(member("u1", "c2"), "i2", 20), true);
  assert.deepEqual(roster.peers(), [{
    userId: "u1",
    username: "u1",
    isMuted: false,
    isVideoOff: false,
  }]);
});

Deno.test("RemoteRoster forgets a leave only of the connection it knows", () => {
  const roster = new RemoteRoster();
  roster.remember(member("u1", "new"), "i1");
  assert.equal(roster.forget("u1", "old"), false);
  assert.equal(roster.peers().length, 1);
  assert.equal(roster.forget("u1", "new"), true);
  assert.equal(roster.peers().length, 0);
});

Deno.test("RemoteRoster applies media state and expires members not heard of", () => {
  const roster = new RemoteRoster();
  roster.remember(member("u1"), "i1", 0);
  roster.remember(member("u2"), "i1", 10_000);
  roster.update("u1", { isMuted: true });
  assert.equal(roster.peers()[0].isMuted, true);
  assert.deepEqual(roster.expire(15_000, 15_001), ["u1"]);
  assert.deepEqual(roster.peers().map((p) => p.userId), ["u2"]);
});

/** A Presence on one bus of a network, with a host that keeps rooms and records calls. */
function setUp() {
  const network = new MemoryNetwork();
  const rooms = new Map<string, Room>();
  const calls: string[] = [];
  const host: PresenceHost = {
    room: (id) => rooms.get(id),
    rooms: () => rooms.values(),
    replace: (m) => calls.push(`replace ${m.admission.userId}`),
    closeRoom: (id, reason) => calls.push(`close-room ${id} ${reason}`),
    closeSession: (id) => calls.push(`close-session ${id}`),
  };
  const presence = new Presence(new MemoryBus(network), host, 15_000);
  const other = new MemoryBus(network);
  const heard: BusDelivery[] = [];
  other.subscribe((d) => heard.push(d));
  return { rooms, calls, presence, other, heard };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

Deno.test("Presence records members that join elsewhere and answers with who is here", async () => {
  const { rooms, presence, other, heard } = setUp();
  const room = new Room("b1");
  rooms.set("b1", room);
  await other.publish("b1", { kind: "join", member: member("u1") });
  await other.publish("b2", { kind: "join", member: member("u9") });
  await settle();
  assert.deepEqual(room.remote.peers().map((p) => p.userId), ["u1"]);
  // Nobody is here, so there is nothing to announce back.
  assert.equal(heard.length, 0);
  await other.publish("b1", { kind: "leave", userId: "u1", connId: "c-u1" });
  await settle();
  assert.deepEqual(room.remote.peers(), []);
  await presence.close();
});

Deno.test("Presence passes room and session closes from other instances to the host", async () => {
  const { calls, presence, other } = setUp();
  await other.publish("b1", {
    kind: "close-room",
    reason: "The booking was cancelled",
  });
  await other.publish("*", { kind: "close-session", sessionId: "s1" });
  await settle();
  assert.deepEqual(calls, [
    "close-room b1 The booking was cancelled",
    "close-session s1",
  ]);
  await presence.close();
});

Deno.test("Presence.tick() forgets members whose instance went silent", async () => {
  const { rooms, presence, other } = setUp();
  const room = new Room("b1");
  rooms.set("b1", room);
  await other.publish("b1", { kind: "alive", members: [member("u1")] });
  await settle();
  presence.tick(Date.now() + 10_000);
  assert.equal(room.remote.peers().length, 1);
  presence.tick(Date.now() + 16_000);
  assert.equal(room.remote.peers().length, 0);
  await presence.close();
});

Deno.test("Presence.publish() reaches the other instances", async () => {
  const { presence, heard } = setUp();
  presence.publish("b1", { kind: "close-room", reason: "Over" });
  await settle();
  assert.deepEqual(heard.map((d) => [d.room, d.event]), [[
    "b1",
    { kind: "close-room", reason: "Over" },
  ]]);
  await presence.close();
});
