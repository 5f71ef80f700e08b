import assert from "node:assert/strict";
import { parseClientMessage } from "@/lib/signaling/schema.ts";

function ok(text: string): unknown {
  const result = parseClientMessage(text);
  if (!result.ok) {
    assert.fail(`Expected ${text} to be valid, got ${result.message}`);
  }
  return result.message;
}

function refused(text: string): { code: string; message: string } {
  const result = parseClientMessage(text);
  if (result.ok) assert.fail(`Expected ${text} to be refused`);
  return { code: result.code, message: result.message };
}

Deno.test("parseClientMessage() accepts every client message type", () => {
  const candidate = {
    candidate: "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host",
    sdpMid: "0",
    sdpMLineIndex: 0,
    usernameFragment: "abcd",
  };
  const valid = [
    { type: "webrtc:ready" },
    { type: "webrtc:offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" },
    { type: "webrtc:answer", sdp: "v=0\r\n" },
    { type: "webrtc:ice-candidate", candidate },
    { type: "webrtc:ice-candidate", candidate: null },
    {
      type: "webrtc:ice-candidate",
      candidate: {
        candidate: "",
        sdpMid: null,
        sdpMLineIndex: null,
        usernameFragment: null,
      },
    },
    { type: "webrtc:ice-candidate", candidate: { candidate: "" } },
    { type: "media:connected" },
    { type: "media:disconnected" },
    { type: "media:toggle-mic", isMuted: true },
    { type: "media:toggle-mic", isMuted: false },
    { type: "media:toggle-video", isVideoOff: true },
    { type: "booking:leave" },
  ];
  for (const message of valid) {
    assert.deepEqual(ok(JSON.stringify(message)), message);
  }
});

Deno.test("parseClientMessage() drops fields that claim an identity or are unknown", () => {
  assert.deepEqual(
    ok(JSON.stringify({
      type: "webrtc:offer",
      sdp: "v=0",
      fromUserId: "someone-else",
      userId: "someone-else",
      extra: { nested: true },
    })),
    { type: "webrtc:offer", sdp: "v=0" },
  );
  assert.deepEqual(
    ok(JSON.stringify({
      type: "media:toggle-mic",
      isMuted: true,
      userId: "someone-else",
    })),
    { type: "media:toggle-mic", isMuted: true },
  );
  assert.deepEqual(
    ok(JSON.stringify({
      type: "webrtc:ice-candidate",
      candidate: { candidate: "c", sdpMid: "0", foundation: "x", port: 1 },
      fromUserId: "x",
    })),
    {
      type: "webrtc:ice-candidate",
      candidate: { candidate: "c", sdpMid: "0" },
    },
  );
});

Deno.test("parseClientMessage() keeps prototype keys out of the result", () => {
  const text =
    '{"type":"webrtc:answer","sdp":"v=0","__proto__":{"fromUserId":"evil","polluted":true},"constructor":{"prototype":{"polluted":true}}}';
  const message = ok(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(message).sort(), ["sdp", "type"]);
  assert.equal(Object.getPrototypeOf(message), Object.prototype);
  assert.equal(message.fromUserId, undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);

  const nested = ok(
    '{"type":"webrtc:ice-candidate","candidate":{"candidate":"c","__proto__":{"sdpMid":"forged"}}}',
  ) as { candidate: Record<string, unknown> };
  assert.deepEqual(nested.candidate, { candidate: "c" });
});

Deno.test("parseClientMessage() answers invalid_json for text that is not JSON", () => {
  for (
    const text of [
      "",
      "{",
      "not json",
      '{"type":"webrtc:ready"',
      "{'type':'webrtc:ready'}",
      '{"type":"webrtc:ready"}}',
      "\u0000",
    ]
  ) {
    assert.deepEqual(refused(text), {
      code: "invalid_json",
      message: "Message is not valid JSON",
    }, text);
  }
});

Deno.test("parseClientMessage() answers invalid_message for JSON that is not an object", () => {
  for (const text of ["null", "[]", '[{"type":"webrtc:ready"}]', "1", '"x"']) {
    assert.equal(refused(text).code, "invalid_message", text);
  }
});

Deno.test("parseClientMessage() answers unknown_type for a missing, unknown or non-string type", () => {
  for (
    const value of [
      {},
      { type: "webrtc:hangup" },
      { type: "WEBRTC:OFFER", sdp: "v=0" },
      { type: "error", code: "x", message: "y" },
      { type: "booking:joined" },
      { type: 1 },
      { type: null },
      { type: ["webrtc:ready"] },
      { type: "__proto__" },
      { type: "toString" },
    ]
  ) {
    assert.deepEqual(refused(JSON.stringify(value)), {
      code: "unknown_type",
      message: "Unknown message type",
    });
  }
});

Deno.test("parseClientMessage() answers invalid_message naming the field", () => {
  const cases: [unknown, RegExp][] = [
    [{ type: "webrtc:offer" }, /^Invalid webrtc:offer: sdp: /],
    [{ type: "webrtc:offer", sdp: "" }, /^Invalid webrtc:offer: sdp: /],
    [{ type: "webrtc:answer", sdp: 42 }, /^Invalid webrtc:answer: sdp: /],
    [
      { type: "webrtc:answer", sdp: "x".repeat(60_001) },
      /^Invalid webrtc:answer: sdp: /,
    ],
    [
      { type: "webrtc:ice-candidate" },
      /^Invalid webrtc:ice-candidate: candidate: /,
    ],
    [
      { type: "webrtc:ice-candidate", candidate: "candidate:1" },
      /^Invalid webrtc:ice-candidate: candidate: /,
    ],
    [
      { type: "webrtc:ice-candidate", candidate: {} },
      /^Invalid webrtc:ice-candidate: candidate\.candidate: /,
    ],
    [
      {
        type: "webrtc:ice-candidate",
        candidate: { candidate: "c", sdpMLineIndex: 1e308 },
      },
      /^Invalid webrtc:ice-candidate: candidate\.sdpMLineIndex: /,
    ],
    [
      {
        type: "webrtc:ice-candidate",
        candidate: { candidate: "c", sdpMLineIndex: -1 },
      },
      /candidate\.sdpMLineIndex/,
    ],
    [
      {
        type: "webrtc:ice-candidate",
        candidate: { candidate: "c", sdpMLineIndex: 0.5 },
      },
      /candidate\.sdpMLineIndex/,
    ],
    [
      {
        type: "webrtc:ice-candidate",
        candidate: { candidate: "c".repeat(2_001) },
      },
      /candidate\.candidate/,
    ],
    [
      {
        type: "webrtc:ice-candidate",
        candidate: { candidate: "c", sdpMid: 1 },
      },
      /candidate\.sdpMid/,
    ],
    [{ type: "media:toggle-mic" }, /^Invalid media:toggle-mic: isMuted: /],
    [
      { type: "media:toggle-mic", isMuted: "true" },
      /^Invalid media:toggle-mic: isMuted: /,
    ],
    [
      { type: "media:toggle-video", isVideoOff: 1 },
      /^Invalid media:toggle-video: isVideoOff: /,
    ],
  ];
  for (const [value, message] of cases) {
    const result = refused(JSON.stringify(value));
    assert.equal(result.code, "invalid_message", JSON.stringify(value));
    assert.match(result.message, message);
  }
});

Deno.test("parseClientMessage() survives deep nesting and huge numbers", () => {
  const deep = "[".repeat(10_000) + "]".repeat(10_000);
  assert.equal(refused(deep).code, "invalid_message");
  const deepField = `{"type":"webrtc:ready","x":${"[".repeat(10_000)}${
    "]".repeat(10_000)
  }}`;
  assert.deepEqual(ok(deepField), { type: "webrtc:ready" });
  assert.equal(
    refused(
      '{"type":"webrtc:ice-candidate","candidate":{"candidate":"c","sdpMLineIndex":1e999}}',
    ).code,
    "invalid_message",
  );
  assert.equal(
    refused(`{"type":"media:toggle-mic","isMuted":${"9".repeat(5_000)}}`)
      .code,
    "invalid_message",
  );
});

Deno.test("parseClientMessage() keeps nothing but the type of media:connected/disconnected", () => {
  assert.deepEqual(
    ok(JSON.stringify({ type: "media:connected", userId: "someone-else" })),
    { type: "media:connected" },
  );
  assert.deepEqual(
    ok(JSON.stringify({ type: "media:disconnected", at: 1 })),
    { type: "media:disconnected" },
  );
  assert.equal(refused('{"type":"media:connect"}').code, "unknown_type");
});
