/**
 * A client-side sliding-window limiter: at most `limit` requests start in any `windowMs`.
 * The provider allows 120 per rolling 60 s per API key; staying at 110 leaves room for
 * clock differences and another tab. A 429 can also pause everyone until a given time.
 * Share one instance between clients that use the same API key.
 */
import { sleep } from "./retry";

export interface LimiterOptions {
  limit: number;
  windowMs: number;
}

export const DEFAULT_LIMIT: LimiterOptions = { limit: 110, windowMs: 60_000 };

export class SlidingWindowLimiter {
  private readonly starts: number[] = [];
  private pausedUntil = 0;

  constructor(
    readonly options: LimiterOptions = DEFAULT_LIMIT,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
  ) {
    if (!(options.limit >= 1) || !(options.windowMs > 0)) throw new Error("The limiter needs limit ≥ 1 and windowMs > 0");
  }

  /** Waits for a free slot and takes it. Returns how long it waited, ms. */
  async acquire(signal?: AbortSignal): Promise<number> {
    let waited = 0;
    for (;;) {
      const delay = this.delayNeeded();
      if (delay <= 0) {
        this.starts.push(this.now());
        return waited;
      }
      await this.wait(delay, signal);
      waited += delay;
    }
  }

  /** How long until a slot frees up, ms; 0 when one is free now. Prunes old starts. */
  delayNeeded(): number {
    const now = this.now();
    const windowStart = now - this.options.windowMs;
    while (this.starts.length > 0 && (this.starts[0] as number) <= windowStart) this.starts.shift();
    const pause = this.pausedUntil - now;
    const full = this.starts.length >= this.options.limit ? (this.starts[0] as number) + this.options.windowMs - now : 0;
    return Math.max(0, pause, full);
  }

  /** After a 429: nobody starts a request before `until` (epoch ms). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Requests started in the current window. */
  get inWindow(): number {
    this.delayNeeded();
    return this.starts.length;
  }
}
