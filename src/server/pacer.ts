/**
 * Paces every request the server sends with the platform's API key, across all panes: at most
 * `limit` starts in any rolling `windowMs` (the provider allows 120 a minute per key), and after a
 * burst of `burst` starts, one start every windowMs / (limit − burst), so the window never fills
 * and nobody waits long. Waiting requests are served round-robin by lane (one lane per pane
 * session), so a pane pulling eight sections cannot starve a pane submitting one batch.
 *
 * A request that would wait longer than `maxWaitMs` is refused with PacerBusyError (the server
 * answers 429 with Retry-After; the client waits and retries). A 429 from upstream pauses
 * everyone until the time it names.
 */
import type { Clock } from "./clock";

export interface PacerOptions {
  limit: number;
  windowMs: number;
  burst: number;
  maxWaitMs: number;
}

export const DEFAULT_PACE: PacerOptions = { limit: 120, windowMs: 60_000, burst: 20, maxWaitMs: 20_000 };

export class PacerBusyError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`the add-in server is pacing requests under the provider's limit; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = "PacerBusyError";
  }
}

export class PacerCancelledError extends Error {
  constructor() {
    super("the request was cancelled while it waited");
    this.name = "PacerCancelledError";
  }
}

interface Waiter {
  lane: string;
  enqueuedAt: number;
  deadline: number;
  resolve(waitedMs: number): void;
  reject(e: Error): void;
  cleanup(): void;
}

export class FairPacer {
  private readonly starts: number[] = [];
  private readonly lanes = new Map<string, Waiter[]>();
  /** Lanes with waiters, in serving order. */
  private readonly ring: string[] = [];
  private pausedUntil = 0;
  private pumping = false;
  private readonly spacingMs: number;
  /** Requests let through since the start (for tests and diagnostics). */
  started = 0;

  constructor(
    readonly options: PacerOptions,
    private readonly clock: Clock,
  ) {
    if (!(options.limit >= 1) || !(options.windowMs > 0)) throw new Error("The pacer needs limit ≥ 1 and windowMs > 0");
    const burst = Math.max(1, Math.min(options.burst, options.limit));
    this.options = { ...options, burst };
    this.spacingMs = burst >= options.limit ? 0 : options.windowMs / (options.limit - burst);
  }

  /** Waits for this lane's turn and a free slot; resolves with the wait, ms. */
  acquire(lane: string, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(new PacerCancelledError());
    const now = this.clock.now();
    if (this.ring.length === 0 && this.delayNeeded(now) === 0) {
      this.take(now);
      return Promise.resolve(0);
    }
    return new Promise<number>((resolve, reject) => {
      const onAbort = () => {
        this.remove(waiter);
        reject(new PacerCancelledError());
      };
      const waiter: Waiter = {
        lane,
        enqueuedAt: now,
        deadline: now + this.options.maxWaitMs,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      let queue = this.lanes.get(lane);
      if (!queue) {
        queue = [];
        this.lanes.set(lane, queue);
        this.ring.push(lane);
      }
      queue.push(waiter);
      void this.pump();
    });
  }

  /** After a 429: nobody starts before `until` (epoch ms, by this pacer's clock). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  get waiting(): number {
    let n = 0;
    for (const q of this.lanes.values()) n += q.length;
    return n;
  }

  /** How long until the next request may start, ms. Prunes starts that left the window. */
  delayNeeded(now: number): number {
    const { limit, windowMs, burst } = this.options;
    while (this.starts.length > 0 && (this.starts[0] as number) <= now - windowMs) this.starts.shift();
    let delay = Math.max(0, this.pausedUntil - now);
    const n = this.starts.length;
    if (n >= limit) delay = Math.max(delay, (this.starts[n - limit] as number) + windowMs - now);
    if (n >= burst && n > 0 && this.spacingMs > 0) delay = Math.max(delay, (this.starts[n - 1] as number) + this.spacingMs - now);
    return delay;
  }

  private take(now: number): void {
    this.starts.push(now);
    this.started++;
  }

  private remove(waiter: Waiter): void {
    waiter.cleanup();
    const queue = this.lanes.get(waiter.lane);
    if (!queue) return;
    const i = queue.indexOf(waiter);
    if (i >= 0) queue.splice(i, 1);
    if (queue.length === 0) this.dropLane(waiter.lane);
  }

  private dropLane(lane: string): void {
    this.lanes.delete(lane);
    const i = this.ring.indexOf(lane);
    if (i >= 0) this.ring.splice(i, 1);
  }

  /** Refuses waiters past their deadline. */
  private expire(now: number): void {
    for (const [lane, queue] of [...this.lanes]) {
      for (const w of [...queue]) {
        if (w.deadline > now) continue;
        queue.splice(queue.indexOf(w), 1);
        w.cleanup();
        w.reject(new PacerBusyError(Math.max(1000, this.delayNeeded(now) + this.waiting * this.spacingMs)));
      }
      if (queue.length === 0) this.dropLane(lane);
    }
  }

  private nextDeadline(): number {
    let next = Infinity;
    for (const queue of this.lanes.values()) for (const w of queue) next = Math.min(next, w.deadline);
    return next;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.ring.length > 0) {
        const now = this.clock.now();
        this.expire(now);
        if (this.ring.length === 0) break;
        const delay = this.delayNeeded(now);
        if (delay > 0) {
          await this.clock.sleep(Math.max(1, Math.min(delay, this.nextDeadline() - now)));
          continue;
        }
        const lane = this.ring.shift() as string;
        const queue = this.lanes.get(lane) as Waiter[];
        const waiter = queue.shift() as Waiter;
        if (queue.length > 0) this.ring.push(lane);
        else this.lanes.delete(lane);
        this.take(now);
        waiter.cleanup();
        waiter.resolve(now - waiter.enqueuedAt);
      }
    } finally {
      this.pumping = false;
    }
  }
}
