import assert from "node:assert/strict";
import { ScreenShare } from "@/lib/call/screen_share.ts";
import type { ClientMessage } from "@/lib/signaling/protocol.ts";
import { asReal, FakeStream, FakeTrack, say } from "@/lib/call/_fakes.ts";

function screenShare(pick: () => Promise<FakeStream>, cameraOff = false) {
  const sent: ClientMessage[] = [];
  const said: string[] = [];
  const sending: (MediaStreamTrack | null)[] = [];
  const camera = asReal<MediaStreamTrack>(new FakeTrack("video", "camera"));
  const s = new ScreenShare({
    send: (m) => sent.push(m),
    replaceTrack: (_, track) => {
      sending.push(track);
      return Promise.resolve();
    },
    cameraTrack: () => camera,
    cameraOff: () => cameraOff,
    announce: (k, p) => said.push(say(k, p)),
    getDisplayMedia: () => pick().then((f) => asReal<MediaStream>(f)),
    newStream: (tracks) => asReal(new FakeStream(asReal(tracks))),
  });
  return { s, sent, said, sending, camera };
}

Deno.test("sharing sends the screen in place of the camera; toggling again brings the camera back", async () => {
  const screen = new FakeTrack("video", "screen");
  const { s, sent, said, sending, camera } = screenShare(
    () => Promise.resolve(new FakeStream([screen])),
    true,
  );
  await s.toggle();
  assert.equal(s.sharing.value, true);
  assert.equal(s.track, asReal(screen));
  assert.deepEqual(s.stream.value?.getTracks(), [screen]);
  await s.toggle();
  assert.equal(s.sharing.value, false);
  assert.equal(screen.stopped, true);
  assert.deepEqual(sending, [asReal(screen), camera]);
  assert.deepEqual(sent, [
    { type: "media:toggle-video", isVideoOff: false },
    // The camera was off before: the other side sees it off again.
    { type: "media:toggle-video", isVideoOff: true },
  ]);
  assert.deepEqual(said, [
    "You are sharing your screen",
    "You stopped sharing your screen",
  ]);
});

Deno.test("the browser's own stop button ends the share", async () => {
  const screen = new FakeTrack("video", "screen");
  const { s, sending, camera } = screenShare(() =>
    Promise.resolve(new FakeStream([screen]))
  );
  await s.toggle();
  screen.dispatchEvent(new Event("ended"));
  await Promise.resolve();
  assert.equal(s.sharing.value, false);
  assert.equal(sending.at(-1), camera);
});

Deno.test("a cancelled picker changes nothing", async () => {
  const { s, sent, sending } = screenShare(() =>
    Promise.reject(new DOMException("Cancelled", "NotAllowedError"))
  );
  await s.toggle();
  assert.equal(s.sharing.value, false);
  assert.deepEqual([sent, sending], [[], []]);
});

Deno.test("end() stops the share without telling anyone", async () => {
  const screen = new FakeTrack("video", "screen");
  const { s, sent, sending } = screenShare(() =>
    Promise.resolve(new FakeStream([screen]))
  );
  await s.toggle();
  s.end();
  assert.equal(screen.stopped, true);
  assert.equal(s.stream.value, null);
  assert.equal(sent.length, 1, "only the start was told");
  assert.equal(sending.length, 1);
});
