import assert from "node:assert/strict";
import {
  heldSinceLastReady,
  Negotiation,
  NOT_GETTING_THROUGH,
} from "@/lib/call/negotiation.ts";
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
const offer = (sdp: string, from = OTHER): ServerMessage => ({
  type: "webrtc:offer",
  sdp,
  fromUserId: from,
});
const candidate: ServerMessage = {
  type: "webrtc:ice-candidate",
  candidate: null,
  fromUserId: OTHER,
};

function setup(
  opts: { polite?: boolean; tracks?: FakeTrack[]; timeouts?: number[] } = {},
) {
  const sent: ClientMessage[] = [];
  const pcs: FakePeerConnection[] = [];
  const events = { newPeers: 0, connected: 0, iceRefreshes: 0 };
  const [polite = 60_000, impolite = 60_000, grace = 60_000] = opts.timeouts ??
    [];
  const stream = new FakeStream(opts.tracks ?? []);
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
    onNewPeer: () => events.newPeers++,
    onConnected: () => events.connected++,
    timeouts: { polite, impolite, disconnectedGrace: grace },
    createConnection: (c) => {
      const pc = new FakePeerConnection(c);
      pcs.push(pc);
      return asReal(pc);
    },
  });
  return { negotiation, sent, pcs, events };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const types = (sent: ClientMessage[]) => sent.map((m) => m.type);

Deno.test("heldSinceLastReady keeps what came from the other side's last ready on", () => {
  assert.deepEqual(heldSinceLastReady([]), []);
  // No "ready": the offer answers ours, all of it counts.
  assert.deepEqual(
    heldSinceLastReady([offer("1"), candidate]),
    [offer("1"), candidate],
  );
  // The other side gave up its first offer and started afresh, twice.
  assert.deepEqual(
    heldSinceLastReady([offer("1"), candidate, ready, offer("2"), ready]),
    [ready],
  );
  assert.deepEqual(
    heldSinceLastReady([offer("1"), ready, offer("2"), candidate]),
    [ready, offer("2"), candidate],
  );
});

Deno.test("while the camera starts, negotiation is held; on release only the offer after the last ready is answered", async () => {
  const { negotiation, sent, pcs } = setup();
  negotiation.hold();
  for (const m of [offer("offer:stale"), candidate, ready, offer("offer:2")]) {
    negotiation.handle(m);
  }
  assert.equal(pcs.length, 0, "nothing happens while held");
  assert.ok(negotiation.holding);
  for (const m of negotiation.release()) negotiation.handle(m);
  assert.ok(!negotiation.holding);
  await settle();
  assert.equal(pcs.length, 1, "one peer connection, for the fresh start");
  assert.equal(pcs[0].remoteDescription?.sdp, "offer:2");
  const answers = sent.filter((m) => m.type === "webrtc:answer");
  assert.deepEqual(answers, [{ type: "webrtc:answer", sdp: "answer:offer:2" }]);
});

Deno.test("the other side's ready replaces the peer connection with a fresh one that offers", async () => {
  const { negotiation, sent, pcs, events } = setup();
  negotiation.handle(ready);
  await settle();
  negotiation.handle(ready);
  await settle();
  assert.equal(pcs.length, 2);
  assert.ok(pcs[0].closed);
  assert.ok(!pcs[1].closed);
  assert.equal(events.newPeers, 2);
  assert.deepEqual(types(sent), ["webrtc:offer", "webrtc:offer"]);
});

Deno.test("negotiation ignores messages from anyone but the other participant", async () => {
  const { negotiation, sent, pcs } = setup();
  negotiation.handle({ type: "webrtc:peer-ready", userId: "someone" });
  negotiation.handle(offer("offer:x", "someone"));
  await settle();
  assert.equal(pcs.length, 0);
  assert.deepEqual(sent, []);
});

Deno.test("an offer without a peer connection starts one; an answer without one is dropped", async () => {
  const { negotiation, pcs } = setup();
  negotiation.handle({
    type: "webrtc:answer",
    sdp: "answer:old",
    fromUserId: OTHER,
  });
  assert.equal(pcs.length, 0);
  negotiation.handle(offer("offer:1"));
  await settle();
  assert.equal(pcs.length, 1);
  assert.equal(pcs[0].signalingState, "stable");
});

Deno.test("a new peer connection sends our tracks, or receives only where there are none", async () => {
  const withTracks = setup({
    tracks: [new FakeTrack("audio"), new FakeTrack("video")],
  });
  withTracks.negotiation.handle(ready);
  assert.deepEqual(
    withTracks.pcs[0].transceivers.map((
      t,
    ) => [t.direction, t.sender.track?.kind]),
    [["sendrecv", "audio"], ["sendrecv", "video"]],
  );
  const without = setup();
  without.negotiation.handle(ready);
  assert.deepEqual(
    without.pcs[0].transceivers.map((t) => t.direction),
    ["recvonly", "recvonly"],
  );
  // A track added later turns the receive-only sender into send-receive.
  const track = new FakeTrack("video");
  await without.negotiation.replaceTrack("video", asReal(track));
  assert.equal(without.pcs[0].transceivers[1].direction, "sendrecv");
  assert.equal(without.pcs[0].transceivers[1].sender.track, track);
  await settle();
  withTracks.negotiation.dispose();
  without.negotiation.dispose();
});

Deno.test("after joining, a working call reports itself connected again; otherwise it asks for a fresh negotiation", () => {
  const { negotiation, sent, pcs } = setup();
  negotiation.joined();
  assert.deepEqual(types(sent), ["webrtc:ready"]);
  negotiation.handle(ready);
  pcs[0].setConnectionState("connected");
  negotiation.joined();
  assert.deepEqual(types(sent).filter((t) => !t.startsWith("webrtc:i")), [
    "webrtc:ready",
    "media:connected",
    "media:connected",
  ]);
  negotiation.dispose();
});

Deno.test("the call reports connected and disconnected for attendance, and a peer's leave ends it", () => {
  const { negotiation, sent, pcs } = setup();
  negotiation.handle(ready);
  const media = () => types(sent).filter((t) => t.startsWith("media:"));
  pcs[0].setConnectionState("connecting");
  assert.deepEqual(media(), []);
  pcs[0].setConnectionState("connected");
  pcs[0].setConnectionState("disconnected");
  pcs[0].setConnectionState("connected");
  negotiation.peerLeft();
  assert.deepEqual(media(), [
    "media:connected",
    "media:disconnected",
    "media:connected",
    "media:disconnected",
  ]);
  negotiation.dispose();
});

Deno.test("the polite side gives up a stalled negotiation sooner than the impolite one, and says so on the second failure", async () => {
  const polite = setup({ polite: true, timeouts: [30, 10_000, 60_000] });
  const impolite = setup({ polite: false, timeouts: [30, 10_000, 60_000] });
  polite.negotiation.handle(ready);
  impolite.negotiation.handle(ready);
  await sleep(150);
  assert.ok(polite.pcs[0].closed, "the polite side gave up");
  assert.equal(polite.sent.at(-1)?.type, "webrtc:ready");
  assert.equal(polite.negotiation.connectionState.value, "new");
  assert.equal(polite.negotiation.problem.value, null, "once is not a problem");
  assert.ok(!impolite.pcs[0].closed, "the impolite side still waits");
  // The second attempt stalls too.
  polite.negotiation.handle(ready);
  await sleep(150);
  assert.equal(polite.negotiation.problem.value, NOT_GETTING_THROUGH);
  // A connection that works clears it.
  polite.negotiation.handle(ready);
  polite.pcs[2].setConnectionState("connected");
  assert.equal(polite.negotiation.problem.value, null);
  assert.equal(polite.events.connected, 1);
  await sleep(100);
  assert.ok(!polite.pcs[2].closed, "a connected call is not given up");
  impolite.negotiation.dispose();
  polite.negotiation.dispose();
});

Deno.test("failed restarts ICE at once with fresh servers; disconnected waits for the grace period", async () => {
  const { negotiation, pcs, events } = setup({
    timeouts: [60_000, 60_000, 300],
  });
  negotiation.handle(ready);
  pcs[0].setConnectionState("failed");
  await settle();
  assert.equal(events.iceRefreshes, 1);
  assert.equal(pcs[0].iceRestarts, 1);
  pcs[0].setConnectionState("disconnected");
  await settle();
  assert.equal(pcs[0].iceRestarts, 1, "not yet");
  await sleep(600);
  assert.equal(pcs[0].iceRestarts, 2);
  // Back to connected within the grace period: no restart.
  pcs[0].setConnectionState("disconnected");
  pcs[0].setConnectionState("connected");
  await sleep(600);
  assert.equal(pcs[0].iceRestarts, 2);
  negotiation.dispose();
});

Deno.test("events of a replaced peer connection no longer count", async () => {
  const { negotiation, pcs } = setup();
  negotiation.handle(ready);
  negotiation.handle(ready);
  pcs[0].setConnectionState("connected");
  assert.equal(negotiation.connectionState.value, "new");
  pcs[1].setConnectionState("connecting");
  assert.equal(negotiation.connectionState.value, "connecting");
  await settle();
  negotiation.dispose();
});

Deno.test("remote tracks gather in one stream, a new object on each track", () => {
  const { negotiation, pcs } = setup();
  negotiation.handle(ready);
  const stream = new FakeStream();
  const audio = new FakeTrack("audio");
  const video = new FakeTrack("video");
  pcs[0].receiveTrack(audio, stream);
  const first = negotiation.remoteStream.value;
  assert.equal(first, asReal(stream));
  pcs[0].receiveTrack(video, stream);
  assert.deepEqual(stream.getTracks(), [audio, video]);
  negotiation.stop();
  assert.equal(negotiation.remoteStream.value, null);
  assert.equal(negotiation.connectionState.value, "closed");
  assert.ok(pcs[0].closed);
  negotiation.dispose();
});

Deno.test("when the other side leaves, its peer connection closes at once and its return starts a fresh one", async () => {
  const { negotiation, pcs } = setup();
  negotiation.handle(ready);
  await settle();
  pcs[0].setConnectionState("connected");
  assert.equal(negotiation.connectionState.value, "connected");
  negotiation.peerLeft();
  assert.equal(pcs[0].closed, true);
  assert.equal(negotiation.connectionState.value, "closed");
  assert.equal(negotiation.remoteStream.value, null);
  negotiation.handle(ready);
  await settle();
  assert.equal(pcs.length, 2);
  assert.equal(negotiation.connectionState.value, "new");
  negotiation.dispose();
});
