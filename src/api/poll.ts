/**
 * Polling with backoff, an overall deadline and cancellation. The deadline also cuts off a
 * read that is in flight when it passes.
 */
import { RequestAbortedError } from "./errors";
import { sleep } from "./retry";

export interface PollOptions {
  signal?: AbortSignal;
  /** Overall time allowed, ms. Default 2 minutes. */
  deadlineMs?: number;
  /** Wait before the second read, ms (the first read is immediate). Default 500. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Growth of the wait between reads. Default 1.6. */
  factor?: number;
  /** Sees every answer, including the in-progress ones. */
  onProgress?: (value: unknown) => void;
}

export const DEFAULT_POLL = { deadlineMs: 120_000, initialDelayMs: 500, maxDelayMs: 5_000, factor: 1.6 } as const;

export async function poll<T>(
  read: (signal: AbortSignal) => Promise<T>,
  isDone: (value: T) => boolean,
  options: PollOptions,
  deadlineError: (last: T | null, deadlineMs: number) => Error,
  random: () => number = Math.random,
): Promise<T> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_POLL.deadlineMs;
  const maxDelay = options.maxDelayMs ?? DEFAULT_POLL.maxDelayMs;
  const factor = options.factor ?? DEFAULT_POLL.factor;
  const caller = options.signal;
  if (caller?.aborted) throw new RequestAbortedError(null);

  const controller = new AbortController();
  let deadlinePassed = false;
  const timer = setTimeout(() => {
    deadlinePassed = true;
    controller.abort();
  }, deadlineMs);
  const onAbort = () => controller.abort();
  caller?.addEventListener("abort", onAbort, { once: true });

  let last: T | null = null;
  let delay = options.initialDelayMs ?? DEFAULT_POLL.initialDelayMs;
  try {
    for (;;) {
      const value = await read(controller.signal);
      last = value;
      options.onProgress?.(value);
      if (isDone(value)) return value;
      // ±20% jitter so many workbooks polling the same portal spread out.
      await sleep(Math.round(delay * (0.8 + 0.4 * random())), controller.signal);
      delay = Math.min(maxDelay, delay * factor);
    }
  } catch (e) {
    if (deadlinePassed) throw deadlineError(last, deadlineMs);
    if (caller?.aborted) throw e instanceof RequestAbortedError ? e : new RequestAbortedError(null);
    throw e;
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onAbort);
  }
}
