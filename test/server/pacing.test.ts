/**
 * Five panes sharing one API key, 200 requests each, through the server to an upstream that
 * answers 429 past 120 requests in any rolling 60 s (by the same fake clock the server paces
 * with): none is refused, the window is never exceeded, and the panes are served in turn.
 * The clock never waits for real: no test here takes minutes or times anything.
 */
import { FairPacer, PacerBusyError, PacerCancelledError } from "../../src/server/pacer";
import { FakeClock, fakeUpstream, gstnOk, json, testServer, type FakeUpstream, type TestServer } from "./harness";

const COUNT_PATH = "gst/compliance/tax-payer/invoices/count?type_of_goods=others";

function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let from = 0;
  for (let i = 0; i < sorted.length; i++) {
    while ((sorted[from] as number) <= (sorted[i] as number) - windowMs) from++;
    best = Math.max(best, i - from + 1);
  }
  return best;
}

describe("5 panes × 200 requests on one key", () => {
  let clock: FakeClock;
  let upstream: FakeUpstream;
  let server: TestServer;

  beforeAll(async () => {
    clock = new FakeClock();
    upstream = await fakeUpstream(clock);
    upstream.handle((req, res) => {
      // The provider's limit, judged by arrival time: 120 per rolling 60 s.
      const inWindow = upstream.seen.filter((s) => s.at > req.at - 60_000 && s.at <= req.at).length;
      if (inWindow > 120) return json(res, 429, { code: 429, message: "Rate limit exceeded" }, { "retry-after": "60" });
      json(res, 200, gstnOk({ all_oth: { ttl_cnt: 0 } }), { "x-ratelimit-limit": "120", "x-ratelimit-remaining": String(120 - inWindow) });
    });
    server = await testServer(upstream.url, { clock, pace: { limit: 120, windowMs: 60_000, burst: 20, maxWaitMs: 3_600_000 } });
    // Time moves on only once every request the pacer let through has reached the upstream.
    clock.gate = () => upstream.seen.length >= server.pacer.started;
  });

  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  test("no 429, never more than 120 in 60 s, every pane served in turn", async () => {
    const started = clock.now();
    const statuses: number[][] = [];
    const pane = async (i: number) => {
      const mine: number[] = [];
      statuses[i] = mine;
      let next = 0;
      const worker = async () => {
        while (next < 200) {
          next++;
          const res = await fetch(`${server.apiUrl}/${COUNT_PATH}`, { headers: { authorization: `taxpayer-token-of-pane-${i}` } });
          await res.arrayBuffer();
          mine.push(res.status);
        }
      };
      // Each pane keeps ten requests going, as a pull of several sections does.
      await Promise.all(Array.from({ length: 10 }, worker));
    };
    await Promise.all([0, 1, 2, 3, 4].map(pane));

    for (const mine of statuses) {
      expect(mine).toHaveLength(200);
      expect(mine.filter((s) => s !== 200)).toEqual([]);
    }
    expect(upstream.seen).toHaveLength(1000);
    expect(upstream.seen.every((s) => s.headers["x-api-key"] === "key_live_server_9f3a2c")).toBe(true);
    expect(maxInWindow(upstream.seen.map((s) => s.at), 60_000)).toBeLessThanOrEqual(120);
    // 1000 requests at 120 a minute cannot be sent in under 7 minutes: they were spread out.
    expect(clock.now() - started).toBeGreaterThanOrEqual(7 * 60_000);

    // Fair: once every pane has requests waiting, they are served in turn. From the first moment
    // all five have been served on, no pane gets more than 2 turns ahead of another (the first
    // requests go to whichever pane asked first: nobody else was waiting).
    const order = upstream.seen.map((s) => Number(/pane-(\d)/.exec(String(s.headers.authorization))?.[1]));
    const allIn = [0, 1, 2, 3, 4].map((i) => order.indexOf(i)).reduce((a, b) => Math.max(a, b));
    const counts = [0, 0, 0, 0, 0];
    let worst = 0;
    for (const i of order.slice(allIn + 1, 800)) {
      counts[i] = (counts[i] as number) + 1;
      worst = Math.max(worst, Math.max(...counts) - Math.min(...counts));
    }
    expect(allIn).toBeLessThan(100);
    expect(worst).toBeLessThanOrEqual(2);

    // Every request was logged, with how long it waited for its turn.
    const lines = server.logs.map((l) => JSON.parse(l) as { status: number; queuedMs?: number; endpoint: string });
    expect(lines).toHaveLength(1000);
    expect(lines.every((l) => l.status === 200 && l.endpoint === "/gst/compliance/tax-payer/invoices/count")).toBe(true);
    expect(Math.max(...lines.map((l) => l.queuedMs ?? 0))).toBeGreaterThan(0);
  }, 60_000);
});

describe("the pacer", () => {
  test("a burst, then one start per window / (limit − burst)", async () => {
    const clock = new FakeClock();
    const pacer = new FairPacer({ limit: 12, windowMs: 60_000, burst: 2, maxWaitMs: 3_600_000 }, clock);
    const t0 = clock.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => pacer.acquire("a").then(() => times.push(clock.now() - t0))));
    expect(times).toEqual([0, 0, 6_000, 12_000, 18_000, 24_000]);
  });

  test("a request that would wait too long is refused with a wait; a cancelled one leaves the queue", async () => {
    const clock = new FakeClock();
    const pacer = new FairPacer({ limit: 2, windowMs: 60_000, burst: 2, maxWaitMs: 10_000 }, clock);
    await pacer.acquire("a");
    await pacer.acquire("a");
    const refused = await pacer.acquire("b").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PacerBusyError);
    expect((refused as PacerBusyError).retryAfterMs).toBeGreaterThan(0);
    const controller = new AbortController();
    const waiting = pacer.acquire("c", controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(PacerCancelledError);
    expect(pacer.waiting).toBe(0);
  });

  test("a 429 from upstream pauses every lane until the time it names", async () => {
    const clock = new FakeClock();
    const pacer = new FairPacer({ limit: 100, windowMs: 60_000, burst: 100, maxWaitMs: 3_600_000 }, clock);
    const t0 = clock.now();
    pacer.pauseUntil(t0 + 30_000);
    await pacer.acquire("x");
    expect(clock.now() - t0).toBe(30_000);
  });
});
