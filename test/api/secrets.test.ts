/**
 * The pane holds no API credential (the add-in server does); its taxpayer session stays in
 * memory; and tokens, keys and secrets never show up in error messages, String(error), JSON of
 * errors, inspected errors or events.
 */
import { inspect } from "node:util";
import {
  GstnError,
  ImsApiError,
  ImsClient,
  MemorySessionStore,
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
import { createImsApp } from "../../src/app";
import { PlatformCredentials } from "../../src/server/config";
import { testServer } from "../server/harness";
import { creditNote } from "../ims/fixtures";

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
    const store = new MemorySessionStore();
    const log = eventLog();
    const c = await signedInClient(sb.url, MH, { store, onEvent: log.onEvent, retry: { ...FAST_RETRY, maxRetries: 0 } });
    const taxpayerToken = store.load()!.token;
    const secrets = [KEY, SECRET, taxpayerToken, ...sb.server.auth.secrets()];
    const errors: ImsApiError[] = [];

    // An add-in server whose credentials the platform refuses: the pane's error names neither.
    for (const [key, secret] of [[KEY, "wrong-secret-value"], ["key_unknown_999", SECRET]] as const) {
      const bad = await testServer(sb.url, { credentials: new PlatformCredentials(key, secret), log: () => undefined });
      try {
        errors.push(await expectError(new ImsClient({ baseUrl: bad.apiUrl, retry: FAST_RETRY }).generateOtp({ gstin: MH, username: "demo.mh" }), PlatformHttpError));
      } finally {
        await bad.close();
      }
    }
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
    const other = new MemorySessionStore();
    other.save(structuredClone(store.load()!));
    await c.refreshSession();
    errors.push(await expectError(new ImsClient({ baseUrl: sb.api, store: other, retry: FAST_RETRY }).getCounts(), SessionExpiredError));

    expectClean(errors, [...secrets, store.load()!.token, OTP]);
    const events = JSON.stringify(log.events);
    for (const s of [...secrets, store.load()!.token]) expect(events).not.toContain(s);
  });

  test("a server that echoes credentials back in its messages gets them redacted", async () => {
    const server = await craftedServer();
    try {
      const store = signedInStore();
      const accessKey = "access-key-of-the-firm-42f0c9";
      const secrets = [accessKey, FAKE_TAXPAYER_TOKEN, FAKE_PLATFORM_TOKEN];
      const c = new ImsClient({ baseUrl: server.url, store, accessKey, retry: FAST_RETRY });
      const tell = (h: Record<string, string | string[] | undefined>) => `auth=${String(h.authorization)} access=${String(h["x-ims-access-key"])} platform=${FAKE_PLATFORM_TOKEN}`;
      const errors: ImsApiError[] = [];
      server.handle((req, _b, res) => json(res, 400, platformFail(400, `Bad request: ${tell(req.headers)}`)));
      errors.push(await expectError(c.getCounts(), PlatformHttpError));
      errors.push(await expectError(c.generateOtp({ gstin: MH, username: "demo.mh" }), PlatformHttpError));
      server.handle((req, _b, res) => json(res, 200, gstnFail("X1", `GSTN says ${tell(req.headers)}`)));
      errors.push(await expectError(c.getRequestStatus("abc"), GstnError));
      server.handle((req, _b, res) => json(res, 200, gstnOk({ b2b: [{ stin: String(req.headers.authorization) }] })));
      errors.push(await expectError(c.getInvoices("B2B"), ResponseValidationError));
      server.handle((_req, _b, res) => json(res, 200, { code: 200, data: { status_cd: "1", access_token: FAKE_TAXPAYER_TOKEN, token_expiry: FAKE_TAXPAYER_TOKEN } }));
      errors.push(await expectError(c.verifyOtp({ gstin: MH, username: "demo.mh" }, "575757"), ResponseValidationError));
      server.handle((req, _b, res) => json(res, 500, platformFail(500, tell(req.headers))));
      const record: ImsRecord = creditNote({ section: "B2B", supplierGstin: "24ABCCU0123M1YZ", docNumber: "INV-1", docDate: "2026-10-05", placeOfSupply: "24", itcReductionBlocked: null });
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

describe("the pane keeps no credential", () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await apiSandbox({ recordsPerGstin: 100 });
  });
  afterAll(() => sb.close());

  test("the taxpayer session lives in memory only: a reopened pane starts signed out, and the store never shows its token", async () => {
    const store = new MemorySessionStore();
    const c = await signedInClient(sb.url, MH, { store });
    expect(c.session).not.toBeNull();
    expect(new ImsClient({ baseUrl: sb.api }).session).toBeNull();
    expect(JSON.stringify(store)).not.toContain(store.load()!.token);
    c.signOut();
    expect(store.load()).toBeNull();
  });

  test("browser storage holds only the GSTIN, username and filing frequency; credentials an earlier version kept there are removed", async () => {
    const storage = new FakeStorage();
    storage.setItem("ims-for-excel.credentials", JSON.stringify({ apiKey: KEY, apiSecret: SECRET }));
    const app = createImsApp({ apiUrl: sb.api, storage });
    expect(storage.items.has("ims-for-excel.credentials")).toBe(false);
    await app.connect({ gstin: MH, username: "demo.mh", frequency: "monthly" });
    const state = await app.verifyOtp(OTP);
    expect(state.status).toBe("signed-in");
    expect(JSON.parse(storage.items.get("ims-for-excel.settings") ?? "null")).toEqual({ gstin: MH, username: "demo.mh", frequency: "monthly" });
    const everything = [...storage.items.values()].join("\n");
    for (const s of [KEY, SECRET, OTP, ...sb.server.auth.secrets()]) expect(everything).not.toContain(s);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{4,}\./);
    expect(createImsApp({ apiUrl: sb.api, storage }).sessionState()).toEqual({ status: "signed-out" });
  });
});
