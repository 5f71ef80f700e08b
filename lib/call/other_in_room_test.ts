import assert from "node:assert/strict";
import { OtherInRoom } from "@/lib/call/other_in_room.ts";

Deno.test("OtherInRoom reads the presence endpoint and keeps the last answer through failures", async () => {
  const answers: (() => Response)[] = [
    () => Response.json({ other_in_room: true }),
    () =>
      Response.json({ error: { code: "x", message: "y" } }, { status: 500 }),
    () => {
      throw new TypeError("offline");
    },
    () => Response.json({ other_in_room: false }),
  ];
  const urls: string[] = [];
  const fetchImpl = ((url: string) => {
    urls.push(url);
    return Promise.resolve().then(answers.shift()!);
  }) as unknown as typeof fetch;
  const presence = new OtherInRoom("b1", fetchImpl);
  assert.equal(presence.value.value, null);
  await presence.read();
  assert.equal(presence.value.value, true);
  await presence.read();
  await presence.read();
  assert.equal(presence.value.value, true);
  await presence.read();
  assert.equal(presence.value.value, false);
  assert.deepEqual(new Set(urls), new Set(["/api/bookings/b1/presence"]));
});

Deno.test("OtherInRoom.watch() polls until its cleanup", async () => {
  let calls = 0;
  const fetchImpl = (() => {
    calls++;
    return Promise.resolve(Response.json({ other_in_room: false }));
  }) as unknown as typeof fetch;
  const stop = new OtherInRoom("b1", fetchImpl, 10).watch();
  await new Promise((r) => setTimeout(r, 55));
  stop();
  const seen = calls;
  assert.ok(seen >= 3, `polled ${seen} times`);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(calls, seen);
});
