/** A token bucket: `capacity` at once, refilled at `refillPerSecond`. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    now = performance.now(),
  ) {
    this.#tokens = capacity;
    this.#last = now;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(
      this.capacity,
      this.#tokens + ((now - this.#last) / 1000) * this.refillPerSecond,
    );
    this.#last = now;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now = performance.now()): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Seconds until the next token is there (0 when one is). */
  secondsUntilToken(now = performance.now()): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : (1 - this.#tokens) / this.refillPerSecond;
  }

  /** Whether the bucket is full again, i.e. forgetting it changes nothing. */
  isFull(now = performance.now()): boolean {
    this.#refill(now);
    return this.#tokens >= this.capacity;
  }
}
