import assert from "node:assert/strict";
import { say } from "@/lib/call/_fakes.ts";
import {
  candidateType,
  pretestVerdict,
  runPretest,
} from "@/lib/call/pretest.ts";

const STUN = { iceServers: [{ urls: "stun:stun.example.test:3478" }] };
const TURN = {
  iceServers: [{
    urls: ["turn:turn.example.test:3478?transport=udp"],
    username: "u",
    credential: "c",
  }],
};

Deno.test("pretestVerdict() says the call gets through once a relay candidate is gathered", () => {
  const result = pretestVerdict(["host", "srflx", "relay"], TURN, say);
  assert.equal(result.ok, true);
  assert.deepEqual(result.found, ["host", "srflx", "relay"]);
  assert.match(result.message, /will get through/);
});

Deno.test("pretestVerdict() warns when a configured TURN server gave no relay candidate", () => {
  const result = pretestVerdict(["host", "srflx"], TURN, say);
  assert.equal(result.ok, false);
  assert.match(result.message, /relay server could not be reached/);
});

Deno.test("pretestVerdict() accepts a server-reflexive candidate without TURN and warns without one", () => {
  assert.equal(pretestVerdict(["host", "srflx"], STUN, say).ok, true);
  const blocked = pretestVerdict(["host"], STUN, say);
  assert.equal(blocked.ok, false);
  assert.match(blocked.message, /connection server could not be reached/);
});

Deno.test("pretestVerdict() without ICE servers says only direct connections were tested", () => {
  const result = pretestVerdict(["host"], { iceServers: [] }, say);
  assert.equal(result.ok, true);
  assert.match(result.message, /no connection server is configured/);
  assert.equal(pretestVerdict([], { iceServers: [] }, say).ok, false);
});

Deno.test("candidateType() reads the type field or the candidate line", () => {
  assert.equal(candidateType({ type: "relay", candidate: "" }), "relay");
  assert.equal(
    candidateType({
      type: null,
      candidate: "candidate:1 1 udp 1 203.0.113.5 5000 typ srflx raddr 0.0.0.0",
    }),
    "srflx",
  );
  assert.equal(
    candidateType({
      type: null,
      candidate: "candidate:1 1 udp 1 x 1 typ prflx",
    }),
    null,
  );
});

class GatheringConnection extends EventTarget {
  closed = false;
  constructor(private lines: string[], private complete: boolean) {
    super();
  }
  createDataChannel() {}
  setLocalDescription(): Promise<void> {
    queueMicrotask(() => {
      for (const candidate of this.lines) {
        this.dispatchEvent(
          Object.assign(new Event("icecandidate"), {
            candidate: { type: null, candidate },
          }),
        );
      }
      if (this.complete) {
        this.dispatchEvent(
          Object.assign(new Event("icecandidate"), { candidate: null }),
        );
      }
    });
    return Promise.resolve();
  }
  close() {
    this.closed = true;
  }
}

Deno.test("runPretest() gathers until completion or the timeout and closes its connection", async () => {
  const lines = [
    "candidate:1 1 udp 1 10.0.0.2 5000 typ host",
    "candidate:2 1 udp 1 203.0.113.5 5001 typ srflx raddr 10.0.0.2",
  ];
  for (const complete of [true, false]) {
    const pc = new GatheringConnection(lines, complete);
    const started = Date.now();
    const result = await runPretest(
      STUN,
      say,
      complete ? 10_000 : 50,
      () => pc as unknown as RTCPeerConnection,
    );
    assert.deepEqual(result.found, ["host", "srflx"]);
    assert.equal(result.ok, true);
    assert.equal(pc.closed, true);
    assert.ok(Date.now() - started < 5_000);
  }
});
