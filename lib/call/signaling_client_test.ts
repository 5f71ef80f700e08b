import assert from "node:assert/strict";
import {
  backoffDelay,
  SignalingClient,
  type SignalState,
  type StopReason,
} from "@/lib/call/signaling_client.ts";
import { CLOSE, type ServerMessage } from "@/lib/signaling/protocol.ts";

/** What the test server does with the n-th connection attempt (0-based). */
type Plan = (attempt: number, socket: WebSocket) => void;

/**
 * A real WebSocket server on a free port. Attempts the plan refuses (by
 * returning "refuse") are answered 503 before the upgrade.
 */
function startServer(
  plan: Plan,
  refuse: (attempt: number) => boolean = () => false,
) {
  const attempts: number[] = [];
  const received: string[] = [];
  const closes: number[] = [];
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => {
      const attempt = attempts.length;
      attempts.push(performance.now());
      if (refuse(attempt)) return new Response("Busy", { status: 503 });
      const { socket, response } = Deno.upgradeWebSocket(req);
      socket.addEventListener("open", () => plan(attempt, socket));
      socket.addEventListener("message", (e) => received.push(String(e.data)));
      socket.addEventListener("close", (e) => closes.push(e.code));
      return response;
    },
  );
  const url = `ws://127.0.0.1:${server.addr.port}/`;
  return { server, url, attempts, received, closes };
}

function client(url: string, random = () => 0) {
  const states: SignalState[] = [];
  const messages: ServerMessage[] = [];
  const stops: [StopReason, string][] = [];
  const c = new SignalingClient(
    url,
    {
      onMessage: (m) => messages.push(m),
      onState: (s) => states.push(s),
      onStopped: (reason, detail) => stops.push([reason, detail]),
    },
    undefined,
    random,
  );
  return { c, states, messages, stops };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("Timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("backoffDelay doubles from 0.5 s up to 10 s, jittered by ±50 %", () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, () => 0.5)),
    [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000],
  );
  assert.equal(backoffDelay(0, () => 0), 250);
  assert.equal(backoffDelay(0, () => 0.999), 750);
  assert.equal(backoffDelay(20, () => 0.999), 14_990);
});

Deno.test("SignalingClient opens, passes the server's messages on and sends while open", async () => {
  const srv = startServer((_, socket) =>
    socket.send(JSON.stringify({ type: "webrtc:peer-ready", userId: "u" }))
  );
  const { c, states, messages } = client(srv.url);
  try {
    assert.equal(c.send({ type: "webrtc:ready" }), false, "not open yet");
    c.connect();
    await until(() => messages.length === 1);
    assert.deepEqual(messages, [{ type: "webrtc:peer-ready", userId: "u" }]);
    assert.deepEqual(states, ["connecting", "open"]);
    assert.equal(c.send({ type: "webrtc:ready" }), true);
    await until(() => srv.received.length === 1);
    assert.deepEqual(JSON.parse(srv.received[0]), { type: "webrtc:ready" });
  } finally {
    c.leave();
    await until(() => srv.closes.length === 1);
    await srv.server.shutdown();
  }
});

Deno.test("SignalingClient retries a refused connection with growing delays, then opens", async () => {
  // Three refusals: the client waits 250, 500 and 1000 ms (no jitter).
  const srv = startServer(() => {}, (attempt) => attempt < 3);
  const { c, states } = client(srv.url);
  try {
    c.connect();
    await until(() => c.state === "open");
    assert.equal(srv.attempts.length, 4);
    const gaps = srv.attempts.slice(1).map((at, i) => at - srv.attempts[i]);
    [250, 500, 1_000].forEach((delay, i) => {
      assert.ok(gaps[i] >= delay - 5, `gap ${i} ${gaps[i]} ms < ${delay} ms`);
    });
    assert.ok(gaps[2] > gaps[0], "the delay grows");
    assert.deepEqual(states, [
      "connecting",
      "closed",
      "connecting",
      "closed",
      "connecting",
      "closed",
      "connecting",
      "open",
    ]);
  } finally {
    c.leave();
    await until(() => srv.closes.length === 1);
    await srv.server.shutdown();
  }
});

Deno.test("SignalingClient starts the backoff afresh after a connection that opened", async () => {
  // Refused, refused, opened then dropped by the server, refused, opened.
  const refused = new Set([0, 1, 3]);
  const srv = startServer(
    (attempt, socket) => {
      if (attempt === 2) socket.close(CLOSE.DROPPED, "Dropped");
    },
    (attempt) => refused.has(attempt),
  );
  const { c } = client(srv.url);
  try {
    c.connect();
    await until(() => srv.attempts.length === 5 && c.state === "open");
    const gaps = srv.attempts.slice(1).map((at, i) => at - srv.attempts[i]);
    // After the drop the first delay is 250 ms again, not 1 s.
    assert.ok(gaps[2] >= 245 && gaps[2] < 1_000, `after the drop: ${gaps[2]}`);
    assert.ok(gaps[3] >= 495, `then it grows: ${gaps[3]}`);
  } finally {
    c.leave();
    await until(() => srv.closes.length === 2);
    await srv.server.shutdown();
  }
});

Deno.test("SignalingClient comes back quickly when the server restarts", async () => {
  const srv = startServer((attempt, socket) => {
    if (attempt === 0) socket.close(CLOSE.RESTART, "Server is restarting");
  });
  // With the jitter at its top a restart waits 1 s, a backoff 750 ms: the
  // restart's own delay is used.
  const { c, stops } = client(srv.url, () => 0.999);
  try {
    c.connect();
    await until(() => srv.attempts.length === 2 && c.state === "open");
    const gap = srv.attempts[1] - srv.attempts[0];
    assert.ok(gap >= 990, `waited ${gap} ms`);
    assert.deepEqual(stops, []);
  } finally {
    c.leave();
    await until(() => srv.closes.length === 2);
    await srv.server.shutdown();
  }
});

for (
  const [code, reason] of [
    [CLOSE.REPLACED, "replaced"],
    [CLOSE.SESSION_ENDED, "session-ended"],
    [CLOSE.ROOM_CLOSED, "room-closed"],
  ] as const
) {
  Deno.test(`SignalingClient stops for good on close code ${code} (${reason})`, async () => {
    const srv = startServer((_, socket) => socket.close(code, "Ended here"));
    const { c, states, stops } = client(srv.url);
    try {
      c.connect();
      await until(() => stops.length === 1);
      assert.deepEqual(stops, [[reason, "Ended here"]]);
      // A reconnect would come after 250 ms.
      await sleep(600);
      assert.equal(srv.attempts.length, 1);
      assert.deepEqual(states, ["connecting", "open", "closed"]);
      // connect() starts again after a stop (taking the call back).
      c.connect();
      await until(() => srv.attempts.length === 2);
    } finally {
      await until(() => stops.length === 2);
      await srv.server.shutdown();
    }
  });
}

Deno.test("SignalingClient.leave() tells the room, closes normally and does not reconnect", async () => {
  const srv = startServer(() => {});
  const { c, stops } = client(srv.url);
  try {
    c.connect();
    await until(() => c.state === "open");
    c.leave();
    await until(() => srv.closes.length === 1);
    assert.deepEqual(srv.received.map((m) => JSON.parse(m)), [
      { type: "booking:leave" },
    ]);
    assert.deepEqual(srv.closes, [CLOSE.NORMAL]);
    await until(() => stops.length === 1);
    assert.deepEqual(stops, [["left", "Left the call"]]);
    await sleep(600);
    assert.equal(srv.attempts.length, 1);
    assert.equal(c.send({ type: "webrtc:ready" }), false);
  } finally {
    await srv.server.shutdown();
  }
});

Deno.test("SignalingClient reconnects after the network drops the socket", async () => {
  const srv = startServer(() => {});
  const { c, states } = client(srv.url);
  try {
    c.connect();
    await until(() => c.state === "open");
    c.dropForTesting();
    await until(() => srv.attempts.length === 2 && c.state === "open");
    assert.deepEqual(states, [
      "connecting",
      "open",
      "closed",
      "connecting",
      "open",
    ]);
  } finally {
    c.leave();
    await until(() => srv.closes.length === 2);
    await srv.server.shutdown();
  }
});
