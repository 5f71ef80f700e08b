// The side waiting alone prepares its peer connection and offer, and sends
// them when the other participant arrives (Negotiation.prepare()).
import assert from "node:assert/strict";
import { Negotiation } from "@/lib/call/negotiation.ts";
import type { ClientMessage, ServerMessage } from "@/lib/signaling/protocol.ts";
import {
  asReal,
  FakePeerConnection,
  FakeStream,
  FakeTrack,
  settle,
} from "@/lib/call/_fakes.ts";

const OTHER = "t";
const ready: ServerMessage = { type: "webrtc:peer-ready", userId: OTHER };
const offer = (sdp: string): ServerMessage => ({
  type: "webrtc:offer",
  sdp,
  fromUserId: OTHER,
});
const candidate: ServerMessage = {
  type: "webrtc:ice-candidate",
  candidate: null,
  fromUserId: OTHER,
};
const types = (sent: ClientMessage[]) => sent.map((m) => m.type);

function setup(opts: { polite?: boolean; preparedMaxAge?: number } = {}) {
  const sent: ClientMessage[] = [];
  const pcs: FakePeerConnection[] = [];
  const events = { iceRefreshes: 0 };
  const stream = new FakeStream([
    new FakeTrack("audio"),
    new FakeTrack("video"),
  ]);
  const negotiation = new Negotiation({
    otherId: OTHER,
    polite: opts.polite ?? true,
    send: (m) => sent.push(m),
    configuration: () => ({ iceServers: [] }),
    refreshIce: () => {
      events.iceRefreshes++;
      return Promise.resolve();
    },
    outgoing: () => ({
      stream: asReal(stream),
      audio: asReal(stream.getAudioTracks()[0]),
      video: asReal(stream.getVideoTracks()[0]),
    }),
    onDataChannel: () => {},
    onNewPeer: () => {},
    onConnected: () => {},
    timeouts: {
      polite: 60_000,
      impolite: 60_000,
      disconnectedGrace: 60_000,
      preparedMaxAge: opts.preparedMaxAge ?? 60_000,
    },
    createConnection: (c) => {
      const pc = new FakePeerConnection(c);
      pcs.push(pc);
      return asReal(pc);
    },
  });
  return { negotiation, sent, pcs, events };
}

// A local candidate on a fake peer connection, as ICE gathering would give.
function gather(pc: FakePeerConnection, text: string): void {
  pc.dispatchEvent(
    Object.assign(new Event("icecandidate"), {
      candidate: { toJSON: () => ({ candidate: text }) },
    }),
  );
}

Deno.test("alone in the room, the offer and candidates are prepared but kept; the other's join sends them, and their ready is answered by them", async () => {
  const { negotiation, sent, pcs } = setup({ polite: false });
  negotiation.joined(false);
  await settle();
  assert.equal(pcs.length, 1, "the peer connection is made while alone");
  assert.equal(pcs[0].localDescription?.type, "offer");
  gather(pcs[0], "c1");
  assert.deepEqual(types(sent), ["webrtc:ready"], "nothing leaves yet");
  negotiation.otherJoined(OTHER);
  assert.deepEqual(types(sent), [
    "webrtc:ready",
    "webrtc:offer",
    "webrtc:ice-candidate",
  ]);
  gather(pcs[0], "c2");
  assert.equal(types(sent).at(-1), "webrtc:ice-candidate", "then live");
  // The ready their join is followed by does not start another negotiation.
  negotiation.handle(ready);
  await settle();
  assert.equal(pcs.length, 1);
  assert.equal(types(sent).filter((t) => t === "webrtc:offer").length, 1);
  await pcs[0].setRemoteDescription({ type: "answer", sdp: "a" });
  // A later ready (they started afresh) replaces it as before.
  negotiation.handle(ready);
  await settle();
  assert.equal(pcs.length, 2);
  assert.ok(pcs[0].closed);
  negotiation.dispose();
});

Deno.test("a prepared peer connection waits for the other's ready when their join was not seen, and gives way to their offer", async () => {
  const first = setup({ polite: false });
  first.negotiation.joined(false);
  await settle();
  first.negotiation.handle(ready);
  await settle();
  assert.equal(first.pcs.length, 1, "the prepared one is used");
  assert.deepEqual(types(first.sent), ["webrtc:ready", "webrtc:offer"]);
  first.negotiation.dispose();

  const second = setup({ polite: false });
  second.negotiation.joined(false);
  await settle();
  // Nothing meant for the unsent offer is taken.
  second.negotiation.handle({
    type: "webrtc:answer",
    sdp: "x",
    fromUserId: OTHER,
  });
  second.negotiation.handle(candidate);
  await settle();
  second.negotiation.handle(offer("offer:theirs"));
  await settle();
  assert.equal(second.pcs.length, 2);
  assert.ok(second.pcs[0].closed, "the unsent offer is dropped");
  assert.equal(second.pcs[0].rollbacks, 0);
  assert.deepEqual(types(second.sent), ["webrtc:ready", "webrtc:answer"]);
  second.negotiation.dispose();
});

Deno.test("nothing is prepared with the other in the room, or while the camera starts", async () => {
  const { negotiation, pcs } = setup();
  negotiation.joined(true);
  await settle();
  assert.equal(pcs.length, 0);
  negotiation.dispose();
  const alone = setup();
  alone.negotiation.hold();
  alone.negotiation.joined(false);
  await settle();
  assert.equal(alone.pcs.length, 0);
  alone.negotiation.release();
  alone.negotiation.prepare();
  await settle();
  assert.equal(alone.pcs.length, 1);
  alone.negotiation.prepare();
  assert.equal(alone.pcs.length, 1, "one at a time");
  alone.negotiation.dispose();
});

Deno.test("after the other leaves, the next offer is prepared for their return; the call shows closed until then", async () => {
  const { negotiation, sent, pcs } = setup({ polite: false });
  negotiation.handle(ready);
  await settle();
  pcs[0].setConnectionState("connected");
  negotiation.peerLeft();
  await settle();
  assert.equal(pcs.length, 2);
  assert.equal(negotiation.connectionState.value, "closed");
  const offers = () => types(sent).filter((t) => t === "webrtc:offer").length;
  assert.equal(offers(), 1);
  negotiation.otherJoined(OTHER);
  assert.equal(offers(), 2);
  assert.equal(negotiation.connectionState.value, "new");
  negotiation.dispose();
});

Deno.test("a prepared offer kept too long is made again with fresh ICE servers", async () => {
  const { negotiation, sent, pcs, events } = setup({ preparedMaxAge: 20 });
  negotiation.joined(false);
  await settle();
  assert.equal(pcs.length, 1);
  await new Promise((r) => setTimeout(r, 60));
  await settle();
  assert.ok(events.iceRefreshes >= 1);
  assert.ok(pcs.length >= 2 && pcs.slice(0, -1).every((pc) => pc.closed));
  assert.deepEqual(types(sent), ["webrtc:ready"], "still nothing sent");
  negotiation.otherJoined(OTHER);
  assert.equal(types(sent).at(-1), "webrtc:offer");
  assert.equal(pcs.length, pcs.filter((pc) => pc.closed).length + 1);
  negotiation.dispose();
});
