import assert from "node:assert/strict";
import {
  callStatus,
  formatClock,
  type StatusInput,
} from "@/lib/call/room_status.ts";
import { say } from "@/lib/call/_fakes.ts";

const base: StatusInput = {
  otherName: "Tess",
  stopped: null,
  started: true,
  connectionState: "new",
  reconnecting: false,
  peerPresent: false,
  sinceStartMs: 0,
};

Deno.test("callStatus says what the call is doing, a stop first", () => {
  const status = (s: Partial<StatusInput>) =>
    callStatus({ ...base, ...s }, say);
  assert.equal(status({ stopped: "replaced" }), "Joined from another tab");
  assert.equal(
    status({ stopped: "session-ended" }),
    "Your session has ended. Sign in again to rejoin.",
  );
  assert.equal(status({ stopped: "room-closed" }), "The room has closed");
  assert.equal(status({ stopped: "left" }), "You left the call");
  assert.equal(
    status({ started: false }),
    "Starting your camera and microphone…",
  );
  assert.equal(status({ connectionState: "connected" }), "Connected to Tess");
  assert.equal(
    status({ connectionState: "connected", reconnecting: true }),
    "Connected to Tess (signaling reconnecting…)",
  );
  assert.equal(status({}), "Waiting for Tess");
  assert.equal(status({ sinceStartMs: 60_000 }), "Waiting for Tess");
  assert.equal(
    status({ sinceStartMs: 3 * 60_000 + 10_000 }),
    "Waiting for Tess: 3 minutes late",
  );
  assert.equal(
    status({ sinceStartMs: 80_000 }),
    "Waiting for Tess: 1 minute late",
  );
  assert.equal(status({ peerLeft: true }), "Tess left the call");
  assert.equal(status({ peerPresent: true }), "Connecting to Tess…");
  assert.equal(
    status({ peerPresent: true, connectionState: "failed" }),
    "Reconnecting to Tess…",
  );
  assert.equal(
    status({ peerPresent: true, connectionState: "disconnected" }),
    "Reconnecting to Tess…",
  );
});

Deno.test("formatClock shows mm:ss, h:mm:ss from an hour on, and zero for the past", () => {
  assert.equal(formatClock(0), "00:00");
  assert.equal(formatClock(65_999), "01:05");
  assert.equal(formatClock(3_600_000 + 61_000), "1:01:01");
  assert.equal(formatClock(-5_000), "00:00");
});
