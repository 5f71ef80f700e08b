import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";

/** The field's words, from the catalogue (an island does not import it). */
export interface TimeZoneTexts {
  /** The field's label ("account.timeZone.label" unless the page says otherwise). */
  label: string;
  /** "account.timeZone.hint". */
  hint: string;
  /** "account.timeZone.picked": the hint once the device's zone is picked. */
  picked: string;
  /** "account.timeZone.useDevice", with {zone}. */
  useDevice: string;
}

interface TimeZoneSelectProps {
  /** The zone selected without JavaScript (and before hydration). */
  defaultValue: string;
  /** IANA zone names to offer, e.g. `Intl.supportedValuesOf("timeZone")` on the server. */
  zones: string[];
  /**
   * Preselect this device's zone on hydration, unless the user already
   * changed the selection. Off where the value is a saved or typed choice.
   */
  detect?: boolean;
  texts: TimeZoneTexts;
  name?: string;
  /** What is wrong with the value, shown under the field. */
  error?: string;
}

/**
 * A labelled `<select>` of IANA time zones, grouped by region. With `detect`
 * it picks the browser's zone once hydrated; without it, it offers a button
 * that switches to the browser's zone when that differs.
 */
export default function TimeZoneSelect(props: TimeZoneSelectProps) {
  const {
    defaultValue,
    zones,
    detect = true,
    texts,
    name = "time_zone",
    error,
  } = props;
  const id = `field-${name}`;
  const select = useRef<HTMLSelectElement>(null);
  const changedByUser = useRef(false);
  const deviceZone = useSignal<string | null>(null);
  // The device's zone when the server's list spells it differently or lacks it.
  const extraZone = useSignal<string | null>(null);
  const current = useSignal(defaultValue);
  const picked = useSignal(false);

  useEffect(() => {
    const el = select.current;
    if (el && el.value !== defaultValue) {
      // Changed before the page finished loading: that choice stands.
      changedByUser.current = true;
      current.value = el.value;
    }
    let zone: string | undefined;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      return;
    }
    if (!zone) return;
    if (!zones.includes(zone) && zone !== defaultValue && zone !== "UTC") {
      extraZone.value = zone;
    }
    deviceZone.value = zone;
  }, []);

  // Runs after the render that added the device's zone to the list, if needed.
  useEffect(() => {
    const el = select.current;
    const zone = deviceZone.value;
    if (!el || !zone || !detect || changedByUser.current) return;
    if (el.value === zone) return;
    el.value = zone;
    if (el.value === zone) {
      current.value = zone;
      picked.value = true;
    }
  }, [deviceZone.value, extraZone.value]);

  function switchToDeviceZone() {
    const el = select.current;
    const zone = deviceZone.value;
    if (!el || !zone) return;
    el.value = zone;
    current.value = el.value;
    changedByUser.current = true;
    picked.value = true;
  }

  const groups = groupZones(zones, [defaultValue, extraZone.value]);
  const describedBy = error ? `${id}-error` : `${id}-hint`;
  const offerDevice = !detect && deviceZone.value !== null &&
    deviceZone.value !== current.value;

  return (
    <div class="space-y-1">
      <label for={id} class="block text-sm font-medium text-slate-800">
        {texts.label}
      </label>
      <select
        ref={select}
        id={id}
        name={name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          changedByUser.current = true;
          picked.value = false;
          current.value = (e.currentTarget as HTMLSelectElement).value;
        }}
        class={error
          ? "block w-full rounded-md border border-red-500 bg-white px-3 py-2 text-base shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          : "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"}
      >
        {groups.top.map((zone) => (
          <option key={zone} value={zone} selected={zone === defaultValue}>
            {zone}
          </option>
        ))}
        {groups.regions.map(([region, list]) => (
          <optgroup key={region} label={region}>
            {list.map((zone) => (
              <option
                key={zone}
                value={zone}
                selected={zone === defaultValue}
              >
                {zoneLabel(zone)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {error && <p id={`${id}-error`} class="text-sm text-red-700">{error}</p>}
      <p id={`${id}-hint`} class="text-sm text-slate-500" aria-live="polite">
        {picked.value ? texts.picked : texts.hint}
      </p>
      {offerDevice && (
        <button
          type="button"
          onClick={switchToDeviceZone}
          class="mt-1 min-h-[44px] rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          {texts.useDevice.replaceAll("{zone}", deviceZone.value ?? "")}
        </button>
      )}
    </div>
  );
}

// "UTC" and zones without a region first, then "Region/City" zones by region.
function groupZones(
  zones: string[],
  extra: (string | null)[],
): { top: string[]; regions: [string, string[]][] } {
  const all = new Set(["UTC", ...zones]);
  for (const zone of extra) if (zone) all.add(zone);
  const top: string[] = [];
  const regions = new Map<string, string[]>();
  for (const zone of all) {
    const slash = zone.indexOf("/");
    if (slash === -1) {
      top.push(zone);
      continue;
    }
    const region = zone.slice(0, slash);
    const list = regions.get(region);
    if (list) list.push(zone);
    else regions.set(region, [zone]);
  }
  top.sort();
  const sorted = [...regions.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [, list] of sorted) list.sort((a, b) => a.localeCompare(b));
  return { top, regions: sorted };
}

// "America/Argentina/Buenos_Aires" → "America/Argentina/Buenos Aires": the
// region stays in the label, since a closed select does not show its group.
function zoneLabel(zone: string): string {
  return zone.replaceAll("_", " ");
}
