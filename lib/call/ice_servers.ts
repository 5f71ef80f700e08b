// The ICE servers the peer connections use: those rendered into the page
// while their TURN credentials last, otherwise fetched from the booking's
// ice-servers endpoint (again before every ICE restart).
import type { IceConfiguration } from "@/lib/signaling/ice.ts";

/** Given credentials closer than this to expiry are fetched afresh. */
export const ICE_EXPIRY_MARGIN_MS = 60_000;

const NO_SERVERS: IceConfiguration = {
  iceServers: [],
  iceTransportPolicy: "all",
  expiresAt: null,
};

/** True when a configuration's TURN credentials outlast the margin. */
export function stillFresh(
  ice: IceConfiguration | null | undefined,
  now: number = Date.now(),
): ice is IceConfiguration {
  return Boolean(
    ice &&
      (!ice.expiresAt ||
        Date.parse(ice.expiresAt) > now + ICE_EXPIRY_MARGIN_MS),
  );
}

/** The current ICE configuration of one booking's call. */
export class IceServers {
  #current: IceConfiguration | null = null;

  constructor(
    private bookingId: string,
    private fetchImpl: typeof fetch = fetch.bind(globalThis),
  ) {}

  /**
   * Loads the page's configuration when still fresh (no request), otherwise
   * fetches one; resolves once it is in use.
   */
  async load(given: IceConfiguration | null | undefined): Promise<void> {
    this.#current = stillFresh(given) ? given : await this.#fetch();
  }

  /** Fetches fresh servers (TURN credentials expire) and uses them. */
  async refresh(): Promise<void> {
    this.#current = await this.#fetch();
  }

  /** What `new RTCPeerConnection()` and `setConfiguration()` take. */
  configuration(): RTCConfiguration {
    return {
      iceServers: this.#current?.iceServers ?? [],
      iceTransportPolicy: this.#current?.iceTransportPolicy ?? "all",
    };
  }

  async #fetch(): Promise<IceConfiguration> {
    try {
      const res = await this.fetchImpl(
        `/api/bookings/${this.bookingId}/ice-servers`,
        { credentials: "same-origin" },
      );
      if (res.ok) return await res.json() as IceConfiguration;
    } catch {
      // Fall through to no servers: host candidates still work on a LAN.
    }
    return NO_SERVERS;
  }
}
