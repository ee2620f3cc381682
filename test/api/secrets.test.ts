/**
 * Credentials and tokens stay in memory or, when remembered, in browser storage, and never
 * show up in error messages, String(error), JSON of errors, inspected errors or events.
 */
import { inspect } from "node:util";
import {
  BrowserCredentialStore,
  DEFAULT_STORAGE_KEY,
  GstnError,
  ImsApiError,
  ImsClient,
  MemoryCredentialStore,
  OutcomeUnknownError,
  PlatformHttpError,
  RequestTimeoutError,
  ResponseValidationError,
  SessionExpiredError,
  type StorageLike,
} from "../../src/api";
import {
  apiSandbox,
  clearFaults,
  craftedServer,
  eventLog,
  expectError,
  FAKE_PLATFORM_TOKEN,
  FAKE_TAXPAYER_TOKEN,
  FAST_RETRY,
  gstnFail,
  gstnOk,
  json,
  KEY,
  MH,
  OTP,
  platformFail,
  SECRET,
  setFaults,
  signedInClient,
  signedInStore,
  type RunningSandbox,
} from "./helpers";
import type { ImsRecord } from "../../src/ims/records";

class FakeStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

function renderings(e: ImsApiError): string[] {
  return [e.message, String(e), JSON.stringify(e), inspect(e, { depth: 6 }), e.stack ?? ""];
}

function expectClean(errors: ImsApiError[], secrets: string[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    for (const text of renderings(e)) {
      for (const s of secrets) expect(text).not.toContain(s);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{4,}\./);
    }
  }
}

describe("no credential in any error or event", () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await apiSandbox({ recordsPerGstin: 100 });
  });
  afterAll(() => sb.close());

  test("errors from the sandbox: bad secret, bad OTP, refused session, 5xx, timeout, dropped save", async () => {
    const store = new MemoryCredentialStore();
    const log = eventLog();
    const c = await signedInClient(sb.url, MH, { store, onEvent: log.onEvent, retry: { ...FAST_RETRY, maxRetries: 0 } });
    const taxpayerToken = store.load()!.taxpayer!.token;
    const platformToken = store.load()!.platform!.token;
    const secrets = [KEY, SECRET, taxpayerToken, platformToken];
    const errors: ImsApiError[] = [];

    errors.push(await expectError(new ImsClient({ baseUrl: sb.url, credentials: { apiKey: KEY, apiSecret: "wrong-secret-value" } }).authenticate(), PlatformHttpError));
    errors.push(await expectError(new ImsClient({ baseUrl: sb.url, credentials: { apiKey: "key_unknown_999", apiSecret: SECRET } }).authenticate(), PlatformHttpError));
    errors.push(await expectError(c.verifyOtp({ gstin: MH, username: "demo.mh" }, "000000"), GstnError));
    await setFaults(sb, { errorRate: 1, errorStatus: 503 });
    errors.push(await expectError(c.getCounts(), PlatformHttpError));
    await setFaults(sb, { errorRate: 0, latencyMs: 200 });
    errors.push(await expectError(c.getCounts("others", { timeoutMs: 50 }), RequestTimeoutError));
    await clearFaults(sb);
    const [record] = await c.getInvoices("B2B");
    await setFaults(sb, { dropResponses: 1 });
    errors.push(await expectError(c.save([{ record: record!, intent: { action: "A" } }]), OutcomeUnknownError));
    await clearFaults(sb);
    const other = new MemoryCredentialStore();
    other.save(structuredClone(store.load()!));
    await c.refreshSession();
    errors.push(await expectError(new ImsClient({ baseUrl: sb.url, store: other, retry: FAST_RETRY }).getCounts(), SessionExpiredError));

    expectClean(errors, [...secrets, store.load()!.taxpayer!.token, OTP]);
    const events = JSON.stringify(log.events);
    for (const s of [...secrets, store.load()!.taxpayer!.token]) expect(events).not.toContain(s);
  });

  test("a server that echoes credentials back in its messages gets them redacted", async () => {
    const server = await craftedServer();
    try {
      const store = signedInStore({ platform: { token: FAKE_PLATFORM_TOKEN, expiresAt: Date.now() + 3_600_000 } });
      const creds = store.load()!;
      const secrets = [creds.apiKey, creds.apiSecret, FAKE_TAXPAYER_TOKEN, FAKE_PLATFORM_TOKEN];
      const c = new ImsClient({ baseUrl: server.url, store, retry: FAST_RETRY });
      const tell = (h: Record<string, string | string[] | undefined>) => `auth=${String(h.authorization)} key=${String(h["x-api-key"])} secret=${String(h["x-api-secret"])}`;
      const errors: ImsApiError[] = [];
      server.handle((req, _b, res) => json(res, 400, platformFail(400, `Bad request: ${tell(req.headers)}`)));
      errors.push(await expectError(c.getCounts(), PlatformHttpError));
      errors.push(await expectError(c.authenticate(), PlatformHttpError));
      server.handle((req, _b, res) => json(res, 200, gstnFail("X1", `GSTN says ${tell(req.headers)}`)));
      errors.push(await expectError(c.getRequestStatus("abc"), GstnError));
      server.handle((req, _b, res) => json(res, 200, gstnOk({ b2b: [{ stin: String(req.headers.authorization) }] })));
      errors.push(await expectError(c.getInvoices("B2B"), ResponseValidationError));
      server.handle((_req, _b, res) => json(res, 200, { code: 200, data: { status_cd: "1", access_token: FAKE_TAXPAYER_TOKEN, token_expiry: FAKE_TAXPAYER_TOKEN } }));
      errors.push(await expectError(c.verifyOtp({ gstin: MH, username: "demo.mh" }, "575757"), ResponseValidationError));
      server.handle((req, _b, res) => json(res, 500, platformFail(500, tell(req.headers))));
      const record: ImsRecord = {
        section: "B2B",
        supplierGstin: "24ABCCU0123M1YZ",
        docNumber: "INV-1",
        docDate: "2026-10-05",
        invoiceType: "R",
        sourceForm: "R1",
        returnPeriod: "2026-10",
        placeOfSupply: "24",
        value: 118000,
        taxableValue: 100000,
        igst: 0,
        cgst: 9000,
        sgst: 9000,
        cess: 0,
        action: "N",
        pendingBlocked: false,
        supplierFiled: true,
        hash: "abc",
        remarksBlocked: false,
        itcReductionBlocked: null,
      };
      const unknown = await expectError(c.save([{ record, intent: { action: "A" } }]), OutcomeUnknownError);
      expect(unknown.underlying).toBeInstanceOf(PlatformHttpError);
      errors.push(unknown, unknown.underlying);
      expect(errors[0]!.message).toContain("[redacted]");
      expectClean(errors, secrets);
    } finally {
      await server.close();
    }
  });
});

describe("credential stores", () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await apiSandbox({ recordsPerGstin: 100 });
  });
  afterAll(() => sb.close());

  test("remembered in browser storage: a new client (a reopened task pane) carries on the session", async () => {
    const storage = new FakeStorage();
    await signedInClient(sb.url, MH, { store: new BrowserCredentialStore(storage) });
    expect(storage.items.has(DEFAULT_STORAGE_KEY)).toBe(true);
    const reopened = new ImsClient({ baseUrl: sb.url, store: new BrowserCredentialStore(storage) });
    expect(reopened.session).toMatchObject({ gstin: MH, username: "demo.mh" });
    expect((await reopened.getCounts()).total).toBeGreaterThan(0);
    reopened.signOut();
    expect(JSON.parse(storage.items.get(DEFAULT_STORAGE_KEY)!)).toEqual({ apiKey: KEY, apiSecret: SECRET });
    reopened.signOut({ forgetApiCredentials: true });
    expect(storage.items.size).toBe(0);
  });

  test("not remembered: nothing outlives the client", async () => {
    const c = await signedInClient(sb.url, MH);
    expect(c.session).not.toBeNull();
    expect(new ImsClient({ baseUrl: sb.url }).session).toBeNull();
    expect(JSON.stringify(new MemoryCredentialStore())).not.toContain(KEY);
  });

  test("damaged or unusable storage is survived", () => {
    const storage = new FakeStorage();
    storage.setItem(DEFAULT_STORAGE_KEY, "{not json");
    const store = new BrowserCredentialStore(storage);
    expect(store.load()).toBeNull();
    expect(storage.items.size).toBe(0);
    storage.setItem(DEFAULT_STORAGE_KEY, JSON.stringify({ apiKey: 42 }));
    expect(store.load()).toBeNull();
    const refusing: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => undefined,
    };
    const fallback = new BrowserCredentialStore(refusing);
    fallback.save({ apiKey: KEY, apiSecret: SECRET });
    expect(fallback.load()).toEqual({ apiKey: KEY, apiSecret: SECRET });
    expect(JSON.stringify(fallback)).not.toContain(SECRET);
  });
});
