const monotonicNow = () => performance.now();

/**
 * A token bucket: up to `capacity` events at once, refilled continuously at `capacity` per
 * `windowMs`. In memory, per socket: it limits one connection, not a user across instances.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Takes one token; false when the bucket is empty (the event must be refused). */
  take(): boolean {
    const now = this.now();
    const refill = ((now - this.updatedAt) * this.capacity) / this.windowMs;
    this.tokens = Math.min(this.capacity, this.tokens + refill);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts live connections per key (a user) on this instance and refuses beyond `max`. */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /**
   * A slot for `key`, or null when it already holds `max`. The returned release is idempotent and
   * answers how many slots `key` holds after it (null when this slot had already been released).
   */
  tryAcquire(key: string): (() => number | null) | null {
    const held = this.counts.get(key) ?? 0;
    if (held >= this.max) return null;
    this.counts.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return null;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
      return left;
    };
  }

  held(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
