import assert from "node:assert/strict";
import { Chat } from "@/lib/call/chat.ts";
import { asReal, FakeChannel, say } from "@/lib/call/_fakes.ts";
import {
  type ClientMessage,
  MAX_CHAT_LENGTH,
} from "@/lib/signaling/protocol.ts";

const ME = "me-id";
const idsOf = (sent: ClientMessage[]) =>
  sent.map((m) => m.type === "chat:send" && m.id);
const PEER = "peer-id";

function chat(history: ConstructorParameters<typeof Chat>[3] = []) {
  const said: string[] = [];
  const c = new Chat(
    ME,
    "Tess",
    (k, p) => said.push(say(k, p)),
    history,
    () => 42,
  );
  const channel = new FakeChannel();
  c.watch(asReal(channel));
  const signaled: ClientMessage[] = [];
  let socketOpen = true;
  const signal = (m: ClientMessage) => {
    if (socketOpen) signaled.push(m);
    return socketOpen;
  };
  return {
    c,
    channel,
    said,
    signaled,
    signal,
    closeSocket: () => (socketOpen = false),
    openSocket: () => (socketOpen = true),
    real: asReal<RTCDataChannel>(channel),
  };
}

Deno.test("the page's stored history is shown, own and other messages apart", () => {
  const { c } = chat([
    { id: "a", author_id: PEER, text: "Hi", at: "2026-01-01T10:00:00.000Z" },
    { id: "a", author_id: ME, text: "Hello", at: "2026-01-01T10:01:00.000Z" },
  ]);
  assert.deepEqual(c.messages.value, [
    { id: "a", from: "peer", text: "Hi", at: Date.UTC(2026, 0, 1, 10, 0) },
    { id: "a", from: "me", text: "Hello", at: Date.UTC(2026, 0, 1, 10, 1) },
  ]);
  assert.equal(c.unread.value, 0);
});

Deno.test("a received chat message is listed, counted unread while closed and announced", () => {
  const { c, channel, said } = chat();
  channel.receive(JSON.stringify({ id: "m1", text: "Hello" }));
  assert.deepEqual(c.messages.value, [
    { id: "m1", from: "peer", text: "Hello", at: 42 },
  ]);
  assert.equal(c.unread.value, 1);
  assert.deepEqual(said, ["Message from Tess: Hello"]);
  c.setOpen(true);
  assert.equal(c.unread.value, 0, "opening marks everything read");
  channel.receive(JSON.stringify({ id: "m2", text: "Again" }));
  assert.equal(c.unread.value, 0, "nothing unread while open");
});

Deno.test("a message that comes both ways is shown once", () => {
  const { c, channel, said } = chat();
  channel.receive(JSON.stringify({ id: "m1", text: "Hello" }));
  c.handle({
    type: "chat:message",
    id: "m1",
    authorId: PEER,
    text: "Hello",
    at: "2026-01-01T10:00:00.000Z",
  });
  // And the other order: the server first, then the channel.
  c.handle({
    type: "chat:message",
    id: "m2",
    authorId: PEER,
    text: "Second",
    at: "2026-01-01T10:00:01.000Z",
  });
  channel.receive(JSON.stringify({ id: "m2", text: "Second" }));
  assert.deepEqual(c.messages.value.map((m) => m.text), ["Hello", "Second"]);
  assert.equal(c.unread.value, 2);
  assert.equal(said.length, 2);
});

Deno.test("chat ignores binary, malformed, blank, id-less and non-text messages and cuts long ones", () => {
  const { c, channel } = chat();
  channel.receive(new Uint8Array([1, 2]));
  channel.receive("not json");
  channel.receive(JSON.stringify({ bye: true }));
  channel.receive(JSON.stringify({ id: "x", text: "   " }));
  channel.receive(JSON.stringify({ id: "x", text: 7 }));
  channel.receive(JSON.stringify({ text: "no id" }));
  assert.equal(c.messages.value.length, 0);
  channel.receive(
    JSON.stringify({ id: "y", text: "x".repeat(MAX_CHAT_LENGTH + 5) }),
  );
  assert.equal(c.messages.value[0].text.length, MAX_CHAT_LENGTH);
});

Deno.test("sending goes over the open channel and to the server, and is pending until stored", () => {
  const { c, channel, real, signaled, signal } = chat();
  assert.equal(c.send("   ", real, signal), false, "blank");
  assert.equal(c.send("\u0007\u0000 ", real, signal), false, "only controls");
  assert.equal(c.send("  before the channel opens ", real, signal), true);
  assert.deepEqual(channel.sent, [], "the channel is not open yet");
  channel.readyState = "open";
  assert.equal(c.send("hi\u0007 there", real, signal), true);
  const [first, second] = c.messages.value;
  assert.equal(first.text, "before the channel opens");
  assert.equal(second.text, "hi there");
  assert.deepEqual(channel.sent, [
    JSON.stringify({ id: second.id, text: "hi there" }),
  ]);
  assert.deepEqual(signaled, [
    { type: "chat:send", id: first.id, text: first.text },
    { type: "chat:send", id: second.id, text: second.text },
  ]);
  assert.ok(first.pending && second.pending);
  c.handle({
    type: "chat:message",
    id: second.id,
    authorId: ME,
    text: "hi there",
    at: "2026-01-01T10:00:00.000Z",
  });
  const stored = c.messages.value[1];
  assert.equal(stored.pending, false);
  assert.equal(stored.at, Date.UTC(2026, 0, 1, 10));
  assert.equal(c.messages.value.length, 2, "the acknowledgement adds nothing");
});

Deno.test("unsaved messages are sent again after a join; a refusal is shown on the message", () => {
  const { c, real, signaled, signal, closeSocket, openSocket } = chat();
  closeSocket();
  c.send("while offline", real, signal);
  c.send("refused later", real, signal);
  assert.equal(signaled.length, 0);
  openSocket();
  c.resend(signal);
  const [offline, refused] = c.messages.value;
  assert.deepEqual(idsOf(signaled), [
    offline.id,
    refused.id,
  ]);
  c.handle({
    type: "error",
    code: "rate_limited",
    message: "Too many chat messages: wait a moment",
    id: refused.id,
  });
  assert.equal(c.messages.value[1].error, "rate_limited");
  assert.equal(c.messages.value[1].pending, false);
  signaled.length = 0;
  c.resend(signal);
  assert.deepEqual(idsOf(signaled), [
    offline.id,
  ], "a refused message is not sent again by itself");
});
