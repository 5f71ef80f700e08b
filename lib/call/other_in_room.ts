// The pre-join panel's "is the other participant already here": polls the
// booking's read-only presence endpoint, which opens no socket and so tells
// the other side nothing.
import { signal } from "@preact/signals";

/** How often the panel asks again. */
export const PRESENCE_POLL_MS = 4_000;

/** Whether the other participant is in the room, as last read; null before the first answer. */
export class OtherInRoom {
  readonly value = signal<boolean | null>(null);

  constructor(
    private bookingId: string,
    private fetchImpl: typeof fetch = fetch.bind(globalThis),
    private intervalMs = PRESENCE_POLL_MS,
  ) {}

  /** Reads it once; a failed read keeps the last answer. */
  async read(): Promise<void> {
    try {
      const res = await this.fetchImpl(
        `/api/bookings/${this.bookingId}/presence`,
        { credentials: "same-origin", cache: "no-store" },
      );
      if (!res.ok) {
        await res.body?.cancel();
        return;
      }
      const body = await res.json() as { other_in_room?: unknown };
      if (typeof body.other_in_room === "boolean") {
        this.value.value = body.other_in_room;
      }
    } catch {
      // Offline for a moment: the next poll tries again.
    }
  }

  /** Reads now and every interval; returns the cleanup. */
  watch(): () => void {
    void this.read();
    const timer = setInterval(() => void this.read(), this.intervalMs);
    return () => clearInterval(timer);
  }
}
