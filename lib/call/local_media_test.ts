import assert from "node:assert/strict";
import { LocalMedia } from "@/lib/call/local_media.ts";
import { getLocalMedia } from "@/lib/call/media.ts";
import type { ClientMessage } from "@/lib/signaling/protocol.ts";
import { asReal, FakeStream, FakeTrack, say } from "@/lib/call/_fakes.ts";

/** getUserMedia that grants only the kinds in `allowed`, with fresh tracks. */
function devices(allowed: ("audio" | "video")[]) {
  const asked: MediaStreamConstraints[] = [];
  const mediaDevices = {
    getUserMedia(c: MediaStreamConstraints) {
      asked.push(c);
      const kinds = (["audio", "video"] as const).filter((k) => c[k]);
      if (!kinds.every((k) => allowed.includes(k))) {
        return Promise.reject(new DOMException("No", "NotAllowedError"));
      }
      return Promise.resolve(
        asReal<MediaStream>(new FakeStream(kinds.map((k) => new FakeTrack(k)))),
      );
    },
  };
  return { asked, mediaDevices: asReal<MediaDevices>(mediaDevices) };
}

/** `allowed` stays live: a test may refuse devices later. */
function media(allowed: ("audio" | "video")[] = ["audio", "video"]) {
  const sent: ClientMessage[] = [];
  const replaced: [string, MediaStreamTrack | null][] = [];
  let sharing = false;
  const m = new LocalMedia({
    send: (msg) => sent.push(msg),
    sharing: () => sharing,
    replaceTrack: (kind, track) => {
      replaced.push([kind, track]);
      return Promise.resolve();
    },
    say,
    mediaDevices: devices(allowed).mediaDevices,
  });
  return { m, sent, replaced, share: (on: boolean) => (sharing = on) };
}

Deno.test("getLocalMedia falls back to the microphone alone when the camera is refused", async () => {
  const { mediaDevices } = devices(["audio"]);
  const got = await getLocalMedia({}, say, mediaDevices);
  assert.deepEqual([got.hasAudio, got.hasVideo], [true, false]);
  assert.equal(
    got.problem,
    "Camera unavailable: access was refused. You are in the call with audio only.",
  );
});

Deno.test("getLocalMedia falls back to the camera alone when the microphone is refused", async () => {
  const { mediaDevices, asked } = devices(["video"]);
  const got = await getLocalMedia({}, say, mediaDevices);
  assert.deepEqual([got.hasAudio, got.hasVideo], [false, true]);
  assert.match(
    got.problem ?? "",
    /^Microphone unavailable: access was refused/,
  );
  assert.equal(asked.length, 3, "both, then audio, then video");
});

Deno.test("LocalMedia mutes the microphone and turns the camera off, telling the room", async () => {
  const { m, sent } = media();
  m.use(await m.capture());
  const stream = m.stream.value!;
  m.toggleMic();
  assert.equal(m.micMuted.value, true);
  assert.equal(stream.getAudioTracks()[0].enabled, false);
  m.toggleCamera();
  assert.equal(m.cameraOff.value, true);
  assert.equal(m.cameraTrack?.enabled, false);
  assert.deepEqual(sent, [
    { type: "media:toggle-mic", isMuted: true },
    { type: "media:toggle-video", isVideoOff: true },
  ]);
  // A new socket is told again.
  sent.length = 0;
  m.announce();
  assert.deepEqual(sent, [
    { type: "media:toggle-mic", isMuted: true },
    { type: "media:toggle-video", isVideoOff: true },
  ]);
});

Deno.test("LocalMedia reports the camera on while the screen is shared, and cannot toggle what it lacks", async () => {
  const { m, sent, share } = media(["audio"]);
  m.use(await m.capture());
  assert.equal(m.cameraOff.value, true, "no camera shows as off");
  m.toggleCamera();
  assert.deepEqual(sent, [], "no camera to turn on");
  const full = media();
  full.m.use(await full.m.capture());
  full.share(true);
  full.m.toggleCamera();
  assert.deepEqual(full.sent, [{
    type: "media:toggle-video",
    isVideoOff: false,
  }]);
  share(false);
});

Deno.test("switching the camera replaces the sent track unless the screen is shared, and stops the old one", async () => {
  const { m, replaced, share } = media();
  m.use(await m.capture());
  const old = m.cameraTrack!;
  await m.switchDevice("videoinput", "cam-2");
  const next = m.cameraTrack!;
  assert.notEqual(next, old);
  assert.equal((old as unknown as FakeTrack).stopped, true);
  assert.deepEqual(replaced, [["video", next]]);
  assert.deepEqual(m.stream.value?.getVideoTracks(), [next]);
  share(true);
  m.toggleCamera();
  await m.switchDevice("videoinput", "cam-3");
  assert.equal(replaced.length, 1, "the screen stays on the sender");
  assert.equal(m.cameraTrack?.enabled, false, "the camera stays off");
});

Deno.test("a refused device switch keeps the old device and says why", async () => {
  const allowed: ("audio" | "video")[] = ["audio", "video"];
  const { m, replaced } = media(allowed);
  m.use(await m.capture());
  const sendingBefore = m.stream.value?.getAudioTracks()[0];
  allowed.length = 0;
  await m.switchDevice("audioinput", "mic-2");
  assert.equal(m.problem.value, "Could not switch device: No");
  assert.equal(m.stream.value?.getAudioTracks()[0], sendingBefore);
  assert.deepEqual(replaced, []);
});

Deno.test("LocalMedia.stop() stops every track", async () => {
  const { m } = media();
  m.use(await m.capture());
  const tracks = m.stream.value!.getTracks() as unknown as FakeTrack[];
  m.stop();
  assert.ok(tracks.every((t) => t.stopped));
  assert.equal(m.stream.value, null);
});

/** A phone: front and back cameras, each track reporting its facing mode. */
function phone() {
  const asked: MediaStreamConstraints[] = [];
  const camera = (facing: string) => {
    const track = new FakeTrack("video", facing);
    track.settings = { facingMode: facing };
    return track;
  };
  const mediaDevices = {
    getUserMedia(c: MediaStreamConstraints) {
      asked.push(c);
      const video = c.video as MediaTrackConstraints | undefined;
      const facing = (video?.facingMode as { exact?: string })?.exact ??
        "user";
      const tracks = [
        ...(c.audio ? [new FakeTrack("audio")] : []),
        ...(video ? [camera(facing)] : []),
      ];
      return Promise.resolve(asReal<MediaStream>(new FakeStream(tracks)));
    },
    enumerateDevices: () =>
      Promise.resolve(
        ["front", "back"].map((deviceId) => ({
          deviceId,
          kind: "videoinput",
          label: deviceId,
        })),
      ),
    addEventListener() {},
    removeEventListener() {},
  };
  const replaced: [string, MediaStreamTrack | null][] = [];
  const m = new LocalMedia({
    send: () => {},
    sharing: () => false,
    replaceTrack: (kind, track) => {
      replaced.push([kind, track]);
      return Promise.resolve();
    },
    say,
    mediaDevices: asReal<MediaDevices>(mediaDevices),
  });
  return { m, asked, replaced };
}

Deno.test("a phone with front and back cameras can flip between them", async () => {
  const { m, asked, replaced } = phone();
  m.use(await m.capture({ camera: "front", microphone: "mic-1" }));
  // Remembered devices are asked for exactly.
  const first = asked[0];
  assert.deepEqual((first.video as MediaTrackConstraints).deviceId, {
    exact: "front",
  });
  assert.deepEqual((first.audio as MediaTrackConstraints).deviceId, {
    exact: "mic-1",
  });
  assert.equal(m.canFlip.value, false, "one camera known so far");
  const stopWatching = m.watchDevices();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(m.canFlip.value, true);
  await m.flipCamera();
  assert.equal(m.cameraTrack?.getSettings().facingMode, "environment");
  assert.deepEqual(replaced.map(([kind]) => kind), ["video"]);
  await m.flipCamera();
  assert.equal(m.cameraTrack?.getSettings().facingMode, "user");
  stopWatching();
});

Deno.test("a laptop camera that does not say which way it faces gets no flip button", async () => {
  const { m } = media();
  m.use(await m.capture());
  assert.equal(m.canFlip.value, false);
});

Deno.test("a remembered device that is gone leaves the choice to the browser, without a problem", async () => {
  const asked: MediaStreamConstraints[] = [];
  const mediaDevices = {
    getUserMedia(c: MediaStreamConstraints) {
      asked.push(c);
      if ((c.audio as MediaTrackConstraints).deviceId) {
        return Promise.reject(
          new DOMException("gone", "OverconstrainedError"),
        );
      }
      return Promise.resolve(
        asReal<MediaStream>(
          new FakeStream([new FakeTrack("audio"), new FakeTrack("video")]),
        ),
      );
    },
  };
  const media = await getLocalMedia(
    { audioId: "unplugged" },
    say,
    asReal<MediaDevices>(mediaDevices),
  );
  assert.deepEqual(
    [media.hasAudio, media.hasVideo, media.problem],
    [true, true, null],
  );
  assert.equal(asked.length, 2);
  assert.equal((asked[1].audio as MediaTrackConstraints).deviceId, undefined);
});
