/** Fault injection for resilience tests: latency, a 5xx rate, 429 bursts and lost responses. */
export interface FaultSettings {
  latencyMs: number;
  /** Probability (0..1) that a request fails with errorStatus before it is handled. */
  errorRate: number;
  errorStatus: number;
  /** The next N API requests get 429. */
  rateLimitBurst: number;
  /** The next N save/reset requests are processed at once, then their responses are dropped. */
  dropResponses: number;
}

export const NO_FAULTS: FaultSettings = { latencyMs: 0, errorRate: 0, errorStatus: 503, rateLimitBurst: 0, dropResponses: 0 };

export class Faults {
  settings: FaultSettings = { ...NO_FAULTS };
  private rngState: number;

  constructor(seed: number) {
    this.rngState = seed >>> 0 || 1;
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.settings, ...patch };
    if (!(next.errorRate >= 0 && next.errorRate <= 1)) throw new Error("errorRate must be between 0 and 1");
    if (![500, 502, 503, 504].includes(next.errorStatus)) throw new Error("errorStatus must be 500, 502, 503 or 504");
    for (const k of ["latencyMs", "rateLimitBurst", "dropResponses"] as const) {
      if (!Number.isInteger(next[k]) || next[k] < 0) throw new Error(`${k} must be a whole number ≥ 0`);
    }
    this.settings = next;
    return next;
  }

  clear(): void {
    this.settings = { ...NO_FAULTS };
  }

  /** Deterministic draw, so a seeded run fails the same requests each time. */
  shouldFail(): boolean {
    if (this.settings.errorRate <= 0) return false;
    this.rngState = (Math.imul(this.rngState ^ (this.rngState >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return this.rngState / 2 ** 32 < this.settings.errorRate;
  }

  takeBurst(): boolean {
    if (this.settings.rateLimitBurst <= 0) return false;
    this.settings.rateLimitBurst--;
    return true;
  }

  takeDrop(): boolean {
    if (this.settings.dropResponses <= 0) return false;
    this.settings.dropResponses--;
    return true;
  }
}
