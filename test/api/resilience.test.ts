import { PollDeadlineError, RequestAbortedError, SlidingWindowLimiter, poll } from "../../src/api";
import { backoffDelay, requestedWaitMs, sleep } from "../../src/api/retry";

function headers(h: Record<string, string>) {
  const map = new Map(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name: string) => map.get(name.toLowerCase()) ?? null };
}

describe("backoff", () => {
  test("grows exponentially, is capped, and is jittered within [step/2, step]", () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, opts, () => 0)).toBe(50);
    expect(backoffDelay(0, opts, () => 1)).toBe(100);
    expect(backoffDelay(2, opts, () => 0.5)).toBe(300);
    expect(backoffDelay(10, opts, () => 1)).toBe(1000);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3, opts);
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
    }
  });
});

describe("the provider's wait headers", () => {
  const now = Date.UTC(2026, 10, 21, 10, 0, 0);
  test("Retry-After in seconds or as a date", () => {
    expect(requestedWaitMs(headers({ "Retry-After": "3" }), now)).toBe(3000);
    expect(requestedWaitMs(headers({ "Retry-After": new Date(now + 5000).toUTCString() }), now)).toBe(5000);
  });
  test("X-RateLimit-Reset in epoch seconds, measured against the response's Date", () => {
    const reset = String(now / 1000 + 18);
    expect(requestedWaitMs(headers({ "X-RateLimit-Reset": reset }), now)).toBe(18_000);
    // Local clock 10 s fast: the Date header keeps the wait right.
    expect(requestedWaitMs(headers({ "X-RateLimit-Reset": reset, Date: new Date(now).toUTCString() }), now + 10_000)).toBe(18_000);
  });
  test("the later of the two; nothing when neither is there", () => {
    expect(requestedWaitMs(headers({ "Retry-After": "1", "X-RateLimit-Reset": String(now / 1000 + 2) }), now)).toBe(2000);
    expect(requestedWaitMs(headers({}), now)).toBeNull();
    expect(requestedWaitMs(headers({ "Retry-After": "soon" }), now)).toBeNull();
  });
});

describe("sliding-window limiter", () => {
  function fakeClock() {
    let t = 1_000_000;
    const waits: number[] = [];
    return {
      now: () => t,
      wait: async (ms: number) => {
        waits.push(ms);
        t += ms;
      },
      advance: (ms: number) => {
        t += ms;
      },
      waits,
    };
  }

  test("lets `limit` requests start in any window, then waits for the oldest to leave", async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 1000 }, clock.now, clock.wait);
    for (let i = 0; i < 3; i++) expect(await limiter.acquire()).toBe(0);
    clock.advance(400);
    expect(await limiter.acquire()).toBe(600);
    // The first three all started at the same instant and left together.
    expect(limiter.inWindow).toBe(1);
  });

  test("never more than the limit in any window over a long run", async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter({ limit: 110, windowMs: 60_000 }, clock.now, clock.wait);
    const starts: number[] = [];
    for (let i = 0; i < 500; i++) {
      await limiter.acquire();
      starts.push(clock.now());
      clock.advance(Math.floor(Math.random() * 300));
    }
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((s) => s > (starts[i] as number) - 60_000 && s <= (starts[i] as number)).length;
      expect(inWindow).toBeLessThanOrEqual(110);
    }
  });

  test("a 429 pauses everyone until the given time", async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter({ limit: 100, windowMs: 1000 }, clock.now, clock.wait);
    limiter.pauseUntil(clock.now() + 2500);
    expect(await limiter.acquire()).toBe(2500);
  });

  test("waiting is cancellable", async () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000 });
    await limiter.acquire();
    const controller = new AbortController();
    const pending = limiter.acquire(controller.signal);
    controller.abort();
    await expect(pending).rejects.toBeDefined();
  });
});

describe("poll", () => {
  const deadline = (last: string | null, ms: number) => new PollDeadlineError("invoices.status", "ref", ms, last === null ? null : "IP");

  test("reads until done, backing off", async () => {
    const answers = ["IP", "IP", "IP", "P"];
    const seen: unknown[] = [];
    const out = await poll(async () => answers.shift() as string, (s) => s !== "IP", { initialDelayMs: 5, maxDelayMs: 20, onProgress: (v) => seen.push(v) }, deadline);
    expect(out).toBe("P");
    expect(seen).toEqual(["IP", "IP", "IP", "P"]);
  });

  test("gives up at the deadline, even with a read in flight", async () => {
    const read = (signal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => resolve("IP"), 30);
        signal.addEventListener("abort", () => {
          clearTimeout(t);
          reject(new Error("aborted"));
        });
      });
    const e = await poll(read, () => false, { deadlineMs: 150, initialDelayMs: 10 }, deadline).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PollDeadlineError);
    expect((e as PollDeadlineError).lastState).toBe("IP");
  });

  test("stops when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const e = await poll(async () => "IP", () => false, { signal: controller.signal, initialDelayMs: 10 }, deadline).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RequestAbortedError);
  });

  test("errors from the read pass through", async () => {
    await expect(poll(async () => Promise.reject(new Error("boom")), () => false, {}, deadline)).rejects.toThrow("boom");
  });

  test("sleep rejects on abort", async () => {
    const c = new AbortController();
    const p = sleep(10_000, c.signal);
    c.abort();
    await expect(p).rejects.toBeDefined();
  });
});
