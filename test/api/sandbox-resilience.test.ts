/**
 * Resilience against the sandbox over real HTTP: token expiry and refresh, rate limiting,
 * and fault injection (latency, 5xx, 429 bursts, responses dropped after the change was
 * applied). After every fault the sandbox's state shows nothing applied twice and,
 * once the caller settles by re-reading, nothing lost.
 */
import {
  ImsClient,
  MemorySessionStore,
  OutcomeUnknownError,
  PlatformHttpError,
  RequestTimeoutError,
  SessionExpiredError,
} from "../../src/api";
import type { ImsRecord } from "../../src/ims/records";
import { imsRecordKey } from "../../src/ims/records";
import type { SaveAction, SectionCode } from "../../src/ims/sections";
import { SECTION_CODES } from "../../src/ims/sections";
import { apiSandbox, auditFor, clearFaults, delay, eventLog, expectError, FAST_RETRY, MH, setFaults, signedInClient, storeOf, stored, storedFor, type RunningSandbox } from "./helpers";

describe("session expiry and refresh", () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await apiSandbox({ taxpayerTokenTtlMs: 1500, recordsPerGstin: 100 });
  });
  afterAll(() => sb.close());

  test("refreshed shortly before expiry, by itself; the old token is revoked", async () => {
    const log = eventLog();
    const c = await signedInClient(sb.url, MH, { refreshMarginMs: 1000, onEvent: log.onEvent });
    const before = c.session!.tokenExpiry;
    const revokedBefore = sb.state.revoked.size;
    await delay(600);
    expect((await c.getCounts()).total).toBe(stored(sb, MH).length);
    expect(log.events).toContainEqual({ type: "session-refreshed", trigger: "expiry" });
    expect(c.session!.tokenExpiry).toBeGreaterThan(before);
    expect(sb.state.revoked.size).toBe(revokedBefore + 1);
  });

  test("a token the portal calls expired: one refresh attempt, then SessionExpiredError", async () => {
    const log = eventLog();
    // A local clock a minute slow: the client believes the token is still good.
    const c = await signedInClient(sb.url, MH, { refreshMarginMs: 0, now: () => Date.now() - 60_000, onEvent: log.onEvent });
    await delay(1600);
    expect(await expectError(c.getCounts(), SessionExpiredError)).toMatchObject({ reason: "refresh-failed" });
    expect(log.events.filter((e) => e.type === "request" && e.endpoint === "session.refresh")).toHaveLength(1);
    expect(c.session).toBeNull();
  });

  test("clients sharing a store follow each other's refreshes; a stale copy elsewhere ends in SessionExpiredError", async () => {
    const shared = new MemorySessionStore();
    const a = await signedInClient(sb.url, MH, { store: shared, refreshMarginMs: 0 });
    const staleCopy = new MemorySessionStore();
    staleCopy.save(structuredClone(shared.load()!));
    const log = eventLog();
    const b = new ImsClient({ baseUrl: sb.api, store: shared, retry: FAST_RETRY, refreshMarginMs: 0, onEvent: log.onEvent });
    const elsewhere = new ImsClient({ baseUrl: sb.api, store: staleCopy, retry: FAST_RETRY, refreshMarginMs: 0 });
    await a.refreshSession();
    await b.getCounts();
    expect(log.events.some((e) => e.type === "session-refreshed")).toBe(false);
    // Refreshed away: the provider says "Access revoked"; refreshing with that token fails too.
    expect(await expectError(elsewhere.getCounts(), SessionExpiredError)).toMatchObject({ reason: "refresh-failed" });
  });

  test("refreshes stop at the portal's API-access period; past it, SessionExpiredError", async () => {
    const short = await apiSandbox({ apiAccessDurationMs: 1500, recordsPerGstin: 100 });
    try {
      const log = eventLog();
      const c = await signedInClient(short.url, MH, { refreshMarginMs: 1300, onEvent: log.onEvent });
      const limit = c.session!.tokenExpiry;
      await delay(300);
      await c.getCounts();
      await c.getCounts();
      // Refreshed once; a refresh that cannot extend the token is not repeated on every call.
      expect(log.events.filter((e) => e.type === "session-refreshed")).toEqual([{ type: "session-refreshed", trigger: "expiry" }]);
      expect(c.session!.tokenExpiry).toBe(limit);
      await delay(1300);
      expect(await expectError(c.getCounts(), SessionExpiredError)).toMatchObject({ reason: "refresh-failed" });
    } finally {
      await short.close();
    }
  });
});

describe("rate limiting", () => {
  test("the provider's 429s are waited out as told, and every call completes", async () => {
    const sb = await apiSandbox({ rateLimit: { requests: 5, windowMs: 1000 }, recordsPerGstin: 100 });
    try {
      const log = eventLog();
      const c = await signedInClient(sb.url, MH, { rateLimit: { limit: 1000, windowMs: 60_000 }, onEvent: log.onEvent });
      const totals = [];
      for (let i = 0; i < 6; i++) totals.push((await c.getCounts()).total);
      expect(totals).toEqual(Array(6).fill(stored(sb, MH).length));
      const waits = log.events.filter((e) => e.type === "retry" && e.reason === "rate-limited");
      expect(waits.length).toBeGreaterThan(0);
      for (const w of waits) expect(w.type === "retry" && w.delayMs).toBeGreaterThanOrEqual(1000);
    } finally {
      await sb.close();
    }
  });

  test("the add-in server's pacer keeps every pane under the provider's limit: no 429 at all", async () => {
    // The key allows 5 a second; the server in front paces at 4 (test/server covers 5 panes × 200).
    const sb = await apiSandbox({ rateLimit: { requests: 5, windowMs: 1000 }, recordsPerGstin: 100 }, { pace: { limit: 4, windowMs: 1000, burst: 4, maxWaitMs: 10_000 } });
    try {
      const log = eventLog();
      const c = await signedInClient(sb.url, MH, { rateLimit: { limit: 10_000, windowMs: 1000 }, onEvent: log.onEvent });
      const d = await signedInClient(sb.url, MH, { rateLimit: { limit: 10_000, windowMs: 1000 }, onEvent: log.onEvent });
      await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? c : d).getCounts()));
      expect(log.events.filter((e) => e.type === "response" && e.status === 429)).toHaveLength(0);
      expect(log.events.filter((e) => e.type === "response" && e.endpoint === "invoices.count")).toHaveLength(6);
    } finally {
      await sb.close();
    }
  });
});

describe("fault injection", () => {
  let sb: RunningSandbox;
  let c: ImsClient;
  beforeAll(async () => {
    sb = await apiSandbox({ rateLimit: { requests: 10_000, windowMs: 60_000 } });
    c = await signedInClient(sb.url, MH, { rateLimit: { limit: 10_000, windowMs: 60_000 }, retry: { ...FAST_RETRY, maxRetries: 8 } });
  });
  afterAll(() => sb.close());
  afterEach(() => clearFaults(sb));

  async function untouched(section: SectionCode, n: number): Promise<ImsRecord[]> {
    const touched = new Set(auditFor(sb, MH).map((e) => e.key));
    const list = (await c.getInvoices(section)).filter((r) => r.action === "N" && !touched.has(imsRecordKey(r))).slice(0, n);
    expect(list).toHaveLength(n);
    return list;
  }

  /** What the submit step will do: re-read the portal and send again only what did not happen. */
  async function settle(intended: { record: ImsRecord; action: SaveAction }[]): Promise<void> {
    const current = new Map((await c.getInvoices(intended[0]!.record.section)).map((r) => [imsRecordKey(r), r]));
    const missing = intended.filter((i) => current.get(imsRecordKey(i.record))?.action !== i.action);
    if (missing.length === 0) return;
    const receipt = await c.save(missing.map((i) => ({ record: current.get(imsRecordKey(i.record))!, intent: { action: i.action } })));
    expect((await c.waitForRequest(receipt.referenceId, { initialDelayMs: 10 })).state).toBe("P");
  }

  /** Each record changed exactly once since `auditFrom`, to the intended action. */
  function appliedOnce(intended: { record: ImsRecord; action: SaveAction }[], auditFrom: number): void {
    const entries = auditFor(sb, MH).slice(auditFrom);
    for (const i of intended) {
      const mine = entries.filter((e) => e.key === imsRecordKey(i.record));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.to).toBe(i.action);
      expect(storedFor(sb, MH, i.record)!.action).toBe(i.action);
    }
  }

  test("latency past the timeout: reads fail as timeouts; a save is outcome-unknown and settles to exactly once", async () => {
    const records = await untouched("B2B", 2);
    const intended = records.map((record) => ({ record, action: "A" as const }));
    const auditFrom = auditFor(sb, MH).length;
    await setFaults(sb, { latencyMs: 300 });
    expect(await expectError(c.getCounts("others", { timeoutMs: 100 }), RequestTimeoutError)).toMatchObject({ kind: "timeout", timeoutMs: 100 });
    const e = await expectError(c.save(intended.map((i) => ({ record: i.record, intent: { action: i.action } })), { timeoutMs: 100 }), OutcomeUnknownError);
    expect(e).toMatchObject({ causeKind: "timeout", itemCount: 2 });
    await clearFaults(sb);
    await delay(500); // let the portal finish whatever reached it
    await settle(intended);
    appliedOnce(intended, auditFrom);
  });

  test("5xx on reads is retried until the data is complete", async () => {
    await setFaults(sb, { errorRate: 0.3, errorStatus: 503 });
    const log = eventLog();
    const flaky = new ImsClient({ baseUrl: sb.api, store: storeOf(c), retry: { ...FAST_RETRY, maxRetries: 10 }, rateLimit: { limit: 10_000, windowMs: 60_000 }, onEvent: log.onEvent });
    for (const code of SECTION_CODES) expect(await flaky.getInvoices(code)).toHaveLength(stored(sb, MH).filter((r) => r.section === code).length);
    expect(log.events.filter((e) => e.type === "retry" && e.reason === "server").length).toBeGreaterThan(0);
    await setFaults(sb, { errorRate: 1, errorStatus: 502 });
    expect(await expectError(c.getCounts(), PlatformHttpError)).toMatchObject({ status: 502, category: "server" });
  });

  test("5xx on a save: outcome unknown, not retried; the portal shows nothing applied; settling applies it once", async () => {
    const records = await untouched("B2B", 3);
    const intended = records.map((record) => ({ record, action: "R" as const }));
    const auditFrom = auditFor(sb, MH).length;
    const jobs = sb.state.jobs.size;
    await setFaults(sb, { errorRate: 1, errorStatus: 503 });
    const e = await expectError(c.save(intended.map((i) => ({ record: i.record, intent: { action: i.action } }))), OutcomeUnknownError);
    expect(e).toMatchObject({ causeKind: "http", operation: "save", itemCount: 3 });
    expect(e.underlying).toMatchObject({ status: 503 });
    expect(sb.state.jobs.size).toBe(jobs);
    expect(auditFor(sb, MH).length).toBe(auditFrom);
    await clearFaults(sb);
    await settle(intended);
    appliedOnce(intended, auditFrom);
  });

  test("429 bursts: reads and saves wait and go through, a save exactly once", async () => {
    const log = eventLog();
    const patient = new ImsClient({ baseUrl: sb.api, store: storeOf(c), retry: FAST_RETRY, rateLimit: { limit: 10_000, windowMs: 60_000 }, onEvent: log.onEvent });
    await setFaults(sb, { rateLimitBurst: 1 });
    expect((await patient.getCounts()).total).toBe(stored(sb, MH).length);
    const records = await untouched("B2B", 2);
    const intended = records.map((record) => ({ record, action: "P" as const }));
    const auditFrom = auditFor(sb, MH).length;
    const jobs = sb.state.jobs.size;
    await setFaults(sb, { rateLimitBurst: 1 });
    const receipt = await patient.save(intended.map((i) => ({ record: i.record, intent: { action: i.action } })));
    expect((await patient.waitForRequest(receipt.referenceId, { initialDelayMs: 10 })).state).toBe("P");
    expect(sb.state.jobs.size).toBe(jobs + 1);
    expect(log.events.filter((e) => e.type === "retry" && e.reason === "rate-limited")).toHaveLength(2);
    appliedOnce(intended, auditFrom);
  });

  test("a response dropped after the save applied: outcome unknown, nothing sent again, applied once", async () => {
    const records = await untouched("B2B", 3);
    const intended = records.map((record) => ({ record, action: "A" as const }));
    const auditFrom = auditFor(sb, MH).length;
    const jobs = sb.state.jobs.size;
    await setFaults(sb, { dropResponses: 1 });
    const e = await expectError(c.save(intended.map((i) => ({ record: i.record, intent: { action: i.action } }))), OutcomeUnknownError);
    expect(e).toMatchObject({ causeKind: "network", operation: "save" });
    expect(e.items.map((i) => i.record)).toEqual(records);
    expect(sb.state.jobs.size).toBe(jobs + 1);
    const refs = new Set(auditFor(sb, MH).slice(auditFrom).map((a) => a.by));
    expect(refs.size).toBe(1);
    await settle(intended); // finds everything applied, sends nothing
    expect(sb.state.jobs.size).toBe(jobs + 1);
    appliedOnce(intended, auditFrom);
  });

  test("the same for a reset", async () => {
    const accepted = (await c.getInvoices("B2B")).filter((r) => r.action === "A").slice(0, 2);
    const auditFrom = auditFor(sb, MH).length;
    await setFaults(sb, { dropResponses: 1 });
    expect(await expectError(c.reset(accepted), OutcomeUnknownError)).toMatchObject({ operation: "reset", causeKind: "network" });
    const entries = auditFor(sb, MH).slice(auditFrom);
    for (const r of accepted) {
      expect(entries.filter((x) => x.key === imsRecordKey(r))).toEqual([expect.objectContaining({ from: "A", to: "N" })]);
      expect(storedFor(sb, MH, r)!.action).toBe("N");
    }
  });
});
