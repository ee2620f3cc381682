/** A rolling-window request limit per API key, with the provider's X-RateLimit-* headers. */
export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, now: number): RateDecision {
    const windowStart = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > windowStart);
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    const oldest = recent[0] ?? now;
    const resetAtMs = oldest + this.windowMs;
    const remaining = Math.max(0, this.limit - recent.length);
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAtMs - now) / 1000)),
      headers: {
        "X-RateLimit-Limit": String(this.limit),
        "X-RateLimit-Remaining": String(remaining),
        "X-RateLimit-Reset": String(Math.ceil(resetAtMs / 1000)),
      },
    };
  }
}
