import assert from "node:assert/strict";
import { Presence } from "@/lib/call/presence.ts";
import { say } from "@/lib/call/_fakes.ts";

const other = { id: "t", username: "Tess" };
const me = { userId: "s", username: "Sam", isMuted: false, isVideoOff: false };

function presence() {
  const said: string[] = [];
  return { p: new Presence(other, (k, p) => said.push(say(k, p))), said };
}

Deno.test("presence takes the other side's state from the room on joining", () => {
  const { p, said } = presence();
  p.handle({
    type: "booking:joined",
    you: me,
    peers: [{ userId: "t", username: "Tess", isMuted: true, isVideoOff: true }],
  });
  assert.deepEqual(
    [p.present.value, p.muted.value, p.videoOff.value],
    [true, true, true],
  );
  assert.deepEqual(said, [], "joining is not announced");
  p.handle({ type: "booking:joined", you: me, peers: [] });
  assert.equal(p.present.value, false);
});

Deno.test("presence follows the other side joining, muting, turning the camera off and leaving, in words", () => {
  const { p, said } = presence();
  p.handle({
    type: "booking:user-joined",
    userId: "t",
    username: "Tess",
    isMuted: false,
    isVideoOff: false,
  });
  p.handle({ type: "media:user-muted", userId: "t", isMuted: true });
  p.handle({ type: "media:user-video-off", userId: "t", isVideoOff: true });
  assert.deepEqual([p.muted.value, p.videoOff.value], [true, true]);
  p.handle({ type: "media:user-muted", userId: "t", isMuted: false });
  p.handle({ type: "booking:user-left", userId: "t" });
  assert.equal(p.present.value, false);
  assert.deepEqual(said, [
    "Tess joined the call",
    "Tess muted their microphone",
    "Tess turned their camera off",
    "Tess unmuted their microphone",
    "Tess left the call",
  ]);
});

Deno.test("presence ignores messages about anyone else", () => {
  const { p, said } = presence();
  p.handle({ ...me, type: "booking:user-joined" });
  p.handle({ type: "media:user-muted", userId: "s", isMuted: true });
  assert.deepEqual([p.present.value, p.muted.value], [false, false]);
  assert.deepEqual(said, []);
});

Deno.test("a leave heard twice (the peer's bye, then the server) is announced once, and a return clears it", () => {
  const { p, said } = presence();
  p.handle({
    ...me,
    userId: "t",
    username: "Tess",
    type: "booking:user-joined",
  });
  p.leave();
  assert.deepEqual([p.present.value, p.left.value], [false, true]);
  p.handle({ type: "booking:user-left", userId: "t" });
  assert.deepEqual(said, ["Tess joined the call", "Tess left the call"]);
  p.handle({
    ...me,
    userId: "t",
    username: "Tess",
    type: "booking:user-joined",
  });
  assert.deepEqual([p.present.value, p.left.value], [true, false]);
});
