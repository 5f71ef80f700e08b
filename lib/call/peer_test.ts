import assert from "node:assert/strict";
import { Peer } from "@/lib/call/peer.ts";
import type { ClientMessage } from "@/lib/signaling/protocol.ts";
import { asReal, FakePeerConnection, settle } from "@/lib/call/_fakes.ts";

function peer(polite: boolean) {
  const sent: ClientMessage[] = [];
  let pc!: FakePeerConnection;
  const p = new Peer({
    configuration: {},
    polite,
    signal: (m) => sent.push(m),
    onTrack: () => {},
    onConnectionState: () => {},
    onDataChannel: () => {},
    createConnection: (c) => asReal(pc = new FakePeerConnection(c)),
  });
  return { p, pc, sent };
}

/** A peer that has sent its own offer and waits for the answer. */
async function offering(polite: boolean) {
  const side = peer(polite);
  side.p.pc.addTransceiver("audio", { direction: "recvonly" });
  await settle();
  assert.equal(side.pc.signalingState, "have-local-offer");
  return side;
}

Deno.test("Peer offers by itself once it has something to negotiate", async () => {
  const { p, sent } = peer(false);
  p.pc.addTransceiver("video", { direction: "recvonly" });
  await settle();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].type, "webrtc:offer");
});

Deno.test("Peer answers an offer when it has none of its own", async () => {
  const { p, pc, sent } = peer(false);
  await p.handleDescription("offer", "offer:remote");
  assert.equal(pc.signalingState, "stable");
  assert.deepEqual(sent.at(-1), {
    type: "webrtc:answer",
    sdp: "answer:offer:remote",
  });
});

Deno.test("on an offer collision the impolite side ignores the other's offer and keeps its own", async () => {
  const { p, pc, sent } = await offering(false);
  const before = sent.length;
  await p.handleDescription("offer", "offer:theirs");
  assert.equal(pc.signalingState, "have-local-offer");
  assert.equal(pc.rollbacks, 0);
  assert.equal(pc.remoteDescription, null);
  assert.equal(sent.length, before, "no answer to an ignored offer");
  // The ignored offer's candidates wait instead of failing.
  await p.handleCandidate({ candidate: "candidate:1", sdpMid: "0" });
  assert.deepEqual(pc.candidates, []);
  // Its own offer is answered normally.
  await p.handleDescription("answer", `answer:${pc.localDescription?.sdp}`);
  assert.equal(pc.signalingState, "stable");
});

Deno.test("on an offer collision the polite side rolls its offer back and answers", async () => {
  const { p, pc, sent } = await offering(true);
  await p.handleDescription("offer", "offer:theirs");
  assert.equal(pc.rollbacks, 1);
  assert.equal(pc.signalingState, "stable");
  assert.deepEqual(sent.at(-1), {
    type: "webrtc:answer",
    sdp: "answer:offer:theirs",
  });
});

Deno.test("the impolite side ignores an offer that arrives while it is creating its own", async () => {
  const { p, pc, sent } = peer(false);
  const release = pc.holdOffers();
  p.pc.addTransceiver("audio", { direction: "recvonly" });
  await settle();
  // The offer is being made: the state is still "stable".
  assert.equal(pc.signalingState, "stable");
  await p.handleDescription("offer", "offer:theirs");
  release();
  await settle();
  assert.equal(pc.remoteDescription, null);
  assert.equal(pc.signalingState, "have-local-offer");
  assert.deepEqual(sent.map((m) => m.type), ["webrtc:offer"]);
});

Deno.test("Peer drops an answer it did not ask for", async () => {
  const { p, pc } = peer(true);
  await p.handleDescription("answer", "answer:stale");
  assert.equal(pc.remoteDescription, null);
  assert.equal(pc.signalingState, "stable");
});

Deno.test("candidates that arrive before the remote description are added after it, in order", async () => {
  const { p, pc } = peer(true);
  await p.handleCandidate({ candidate: "candidate:a", sdpMid: "0" });
  await p.handleCandidate(null);
  assert.deepEqual(pc.candidates, []);
  await p.handleDescription("offer", "offer:remote");
  assert.deepEqual(pc.candidates, [
    { candidate: "candidate:a", sdpMid: "0" },
    null,
  ]);
  await p.handleCandidate({ candidate: "candidate:b", sdpMid: "0" });
  assert.equal(pc.candidates.length, 3);
});

Deno.test("a closed Peer handles nothing more", async () => {
  const { p, pc, sent } = peer(true);
  p.close();
  await p.handleDescription("offer", "offer:late");
  await p.handleCandidate(null);
  p.restartIce();
  assert.equal(pc.remoteDescription, null);
  assert.equal(pc.iceRestarts, 0);
  assert.deepEqual(sent, []);
});
