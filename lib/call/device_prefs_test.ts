import assert from "node:assert/strict";
import { loadDevicePrefs, saveDevicePref } from "@/lib/call/device_prefs.ts";

function memoryStorage(): Pick<Storage, "getItem" | "setItem"> {
  const items = new Map<string, string>();
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
  };
}

Deno.test("saveDevicePref() remembers each role's choice for the next loadDevicePrefs()", () => {
  const storage = memoryStorage();
  assert.deepEqual(loadDevicePrefs(storage), {});
  saveDevicePref("camera", "cam-2", storage);
  saveDevicePref("speaker", "out-1", storage);
  saveDevicePref("camera", "cam-3", storage);
  assert.deepEqual(loadDevicePrefs(storage), {
    camera: "cam-3",
    speaker: "out-1",
  });
});

Deno.test("loadDevicePrefs() ignores junk and a storage that throws", () => {
  const storage = memoryStorage();
  storage.setItem("talkroom.devices", '{"camera": 5, "microphone": ""}');
  assert.deepEqual(loadDevicePrefs(storage), {});
  storage.setItem("talkroom.devices", "not json");
  assert.deepEqual(loadDevicePrefs(storage), {});
  const blocked = {
    getItem(): string {
      throw new Error("SecurityError");
    },
    setItem(): void {
      throw new Error("SecurityError");
    },
  };
  assert.deepEqual(loadDevicePrefs(blocked), {});
  saveDevicePref("microphone", "mic-1", blocked);
});
