import assert from "node:assert/strict";
import { Chat, MAX_CHAT_LENGTH } from "@/lib/call/chat.ts";
import { asReal, FakeChannel } from "@/lib/call/_fakes.ts";

function chat() {
  const said: string[] = [];
  const c = new Chat("Tess", (t) => said.push(t), () => 42);
  const channel = new FakeChannel();
  c.watch(asReal(channel));
  return { c, channel, said, real: asReal<RTCDataChannel>(channel) };
}

Deno.test("a received chat message is listed, counted unread while closed and announced", () => {
  const { c, channel, said } = chat();
  channel.receive(JSON.stringify({ text: "Hello" }));
  assert.deepEqual(c.messages.value, [{ from: "peer", text: "Hello", at: 42 }]);
  assert.equal(c.unread.value, 1);
  assert.deepEqual(said, ["Message from Tess: Hello"]);
  c.setOpen(true);
  assert.equal(c.unread.value, 0, "opening marks everything read");
  channel.receive(JSON.stringify({ text: "Again" }));
  assert.equal(c.unread.value, 0, "nothing unread while open");
});

Deno.test("chat ignores binary, malformed, blank and non-text messages and cuts long ones", () => {
  const { c, channel } = chat();
  channel.receive(new Uint8Array([1, 2]));
  channel.receive("not json");
  channel.receive(JSON.stringify({ text: "   " }));
  channel.receive(JSON.stringify({ text: 7 }));
  assert.equal(c.messages.value.length, 0);
  channel.receive(JSON.stringify({ text: "x".repeat(MAX_CHAT_LENGTH + 5) }));
  assert.equal(c.messages.value[0].text.length, MAX_CHAT_LENGTH);
});

Deno.test("chat sends trimmed text only on an open channel", () => {
  const { c, channel, real } = chat();
  assert.equal(c.send("hi", real), false, "the channel is not open yet");
  assert.equal(c.send("hi", null), false, "no peer connection");
  channel.readyState = "open";
  assert.equal(c.send("   ", real), false, "blank");
  assert.equal(c.send("  hi there ", real), true);
  assert.deepEqual(channel.sent, [JSON.stringify({ text: "hi there" })]);
  assert.deepEqual(c.messages.value, [{
    from: "me",
    text: "hi there",
    at: 42,
  }]);
});
