import type { DeviceLists } from "@/lib/call/media.ts";
import type { DevicePrefs } from "@/lib/call/device_prefs.ts";
import type { RoomKey, RoomSay } from "@/lib/i18n/room_texts.ts";

interface DevicePickersProps {
  devices: DeviceLists;
  /** The devices chosen before (remembered on this device). */
  selected?: DevicePrefs;
  onCamera: (deviceId: string) => void;
  onMicrophone: (deviceId: string) => void;
  onSpeaker: (deviceId: string) => void;
  say: RoomSay;
}

/** The settings panel: camera, microphone and speaker choices. */
export function DevicePickers(
  { devices, selected = {}, onCamera, onMicrophone, onSpeaker, say }:
    DevicePickersProps,
) {
  return (
    <div class="grid gap-3 px-4 py-3 text-sm sm:grid-cols-3">
      <DevicePicker
        role="camera"
        devices={devices.cameras}
        value={selected.camera}
        onChange={onCamera}
        say={say}
      />
      <DevicePicker
        role="microphone"
        devices={devices.microphones}
        value={selected.microphone}
        onChange={onMicrophone}
        say={say}
      />
      <DevicePicker
        role="speaker"
        devices={devices.speakers}
        value={selected.speaker}
        onChange={onSpeaker}
        say={say}
      />
    </div>
  );
}

const LABELS: Record<keyof DevicePrefs, RoomKey> = {
  camera: "room.device.camera",
  microphone: "room.device.microphone",
  speaker: "room.device.speaker",
};

function DevicePicker(
  { role, devices, value, onChange, say }: {
    role: keyof DevicePrefs;
    devices: MediaDeviceInfo[];
    value?: string;
    onChange: (id: string) => void;
    say: RoomSay;
  },
) {
  const id = `device-${role}`;
  const label = say(LABELS[role]);
  return (
    <div class="space-y-1">
      <label for={id} class="block text-slate-300">{label}</label>
      <select
        id={id}
        class="min-h-[44px] w-full rounded-md border border-slate-600 bg-slate-800 px-2 text-white"
        disabled={devices.length === 0}
        onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
      >
        {devices.length === 0 && <option>{say("room.device.none")}</option>}
        {devices.map((d, i) => (
          <option value={d.deviceId} selected={d.deviceId === value}>
            {d.label ||
              say("room.device.numbered", { device: label, number: i + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}
