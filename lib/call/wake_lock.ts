// Keeps the screen on while the call is connected, where the browser allows.

interface Sentinel {
  release(): Promise<void>;
}

/** A screen wake lock taken at most once and given back on release(). */
export class ScreenWakeLock {
  #held: Sentinel | null = null;

  /** Asks for the lock unless it is held; a refusal is not an error. */
  async keep(): Promise<void> {
    const wakeLock = (navigator as Navigator & {
      wakeLock?: { request(type: "screen"): Promise<Sentinel> };
    }).wakeLock;
    if (!wakeLock || this.#held) return;
    try {
      this.#held = await wakeLock.request("screen");
    } catch {
      // Not allowed here (hidden tab, or no permission): the call goes on.
    }
  }

  /** Gives the lock back. */
  release(): void {
    void this.#held?.release().catch(() => {});
    this.#held = null;
  }
}
