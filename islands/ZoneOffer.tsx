import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

interface ZoneOfferProps {
  /** The account's zone, as lesson times are shown. */
  accountZone: string;
  /** The page to come back to after switching (a path on this site). */
  next: string;
  /** The catalogue's "zoneOffer.text", with {device} and {account}. */
  text: string;
  /** The catalogue's "zoneOffer.switch", with {device}. */
  switchLabel: string;
}

const fill = (template: string, device: string, account: string) =>
  template.replaceAll("{device}", device).replaceAll("{account}", account);

/**
 * When this device's time zone is not the account's, says so and offers a
 * one-click switch: a plain form posting the device's zone to the account
 * page. Shows nothing before hydration or when the zones agree.
 */
export default function ZoneOffer(
  { accountZone, next, text, switchLabel }: ZoneOfferProps,
) {
  const device = useSignal<string | null>(null);
  useEffect(() => {
    try {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && zone !== accountZone) device.value = zone;
    } catch {
      // No zone to offer.
    }
  }, [accountZone]);
  if (!device.value) return null;
  return (
    <div
      role="status"
      data-testid="zone-offer"
      class="flex flex-wrap items-center gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p class="flex-1">{fill(text, device.value, accountZone)}</p>
      <form method="post" action="/account">
        <input type="hidden" name="action" value="time_zone" />
        <input type="hidden" name="time_zone" value={device.value} />
        <input type="hidden" name="next" value={next} />
        <button
          type="submit"
          class="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700"
        >
          {fill(switchLabel, device.value, accountZone)}
        </button>
      </form>
    </div>
  );
}
