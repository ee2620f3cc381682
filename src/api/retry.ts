/** Backoff arithmetic, the provider's "wait" headers, and an abortable sleep. */

export interface RetryOptions {
  /** Retries of a read after a network error, timeout or 5xx. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Retries after a 429 (any request: the provider refused it before doing anything). */
  maxRateLimitRetries: number;
  /** The longest a 429 may make us wait before giving up with RateLimitedError. */
  maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 3,
  baseDelayMs: 300,
  maxDelayMs: 8_000,
  maxRateLimitRetries: 5,
  maxRateLimitWaitMs: 65_000,
};

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so clients
 * that failed together do not retry together, yet nobody retries at once.
 */
export function backoffDelay(attempt: number, options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">, random: () => number = Math.random): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + random() * (step / 2));
}

export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * How long the provider asks us to wait, ms, or null when it does not say. Takes the later of
 * Retry-After (seconds or an HTTP date) and X-RateLimit-Reset (epoch seconds). The reset is
 * measured against the response's Date header when there is one, so a skewed local clock
 * does not stretch or shrink the wait.
 */
export function requestedWaitMs(headers: HeaderSource, now: number): number | null {
  const waits: number[] = [];
  const serverNow = parseHttpDate(headers.get("date")) ?? now;
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null && retryAfter.trim() !== "") {
    const text = retryAfter.trim();
    if (/^\d+(\.\d+)?$/.test(text)) waits.push(Number(text) * 1000);
    else {
      const at = parseHttpDate(text);
      if (at !== null) waits.push(at - serverNow);
    }
  }
  const reset = headers.get("x-ratelimit-reset");
  if (reset !== null && /^\d+(\.\d+)?$/.test(reset.trim())) {
    const value = Number(reset.trim());
    // Epoch seconds per the provider; a small number can only be a delta in seconds.
    waits.push(value > 1e9 ? value * 1000 - serverNow : value * 1000);
  }
  if (waits.length === 0) return null;
  return Math.max(0, ...waits);
}

function parseHttpDate(text: string | null): number | null {
  if (!text) return null;
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : null;
}

/** Resolves after ms, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("Aborted", "AbortError");
}
