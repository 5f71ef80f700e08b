// The camera, microphone and speaker a participant chose, remembered on the
// device (localStorage) so the next call starts with them.

/** The remembered device ids, by role. */
export interface DevicePrefs {
  camera?: string;
  microphone?: string;
  speaker?: string;
}

/** A picker's role. */
export type DeviceRole = keyof DevicePrefs;

const KEY = "talkroom.devices";

/** Reads the remembered choices; none when storage is unavailable or holds junk. */
export function loadDevicePrefs(
  storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage,
): DevicePrefs {
  try {
    const parsed = JSON.parse(storage?.getItem(KEY) ?? "{}");
    const prefs: DevicePrefs = {};
    for (const role of ["camera", "microphone", "speaker"] as const) {
      const id = parsed?.[role];
      if (typeof id === "string" && id.length > 0 && id.length <= 256) {
        prefs[role] = id;
      }
    }
    return prefs;
  } catch {
    return {};
  }
}

/** Remembers one choice; a full or blocked storage only loses the memory. */
export function saveDevicePref(
  role: DeviceRole,
  deviceId: string,
  storage: Pick<Storage, "getItem" | "setItem"> | undefined =
    globalThis.localStorage,
): void {
  try {
    const prefs = loadDevicePrefs(storage);
    prefs[role] = deviceId;
    storage?.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Private browsing or a full quota: the choice holds for this call only.
  }
}
