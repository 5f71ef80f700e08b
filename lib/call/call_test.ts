import assert from "node:assert/strict";
import { heldSinceLastReady } from "@/lib/call/call.ts";
import type { ServerMessage } from "@/lib/signaling/protocol.ts";

const ready: ServerMessage = { type: "webrtc:peer-ready", userId: "t" };
const offer = (sdp: string): ServerMessage => ({
  type: "webrtc:offer",
  sdp,
  fromUserId: "t",
});
const candidate: ServerMessage = {
  type: "webrtc:ice-candidate",
  candidate: null,
  fromUserId: "t",
};

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
