/**
 * Contract tests: the client replays the provider's documented requests and answers
 * (test/api/fixtures/provider/, each naming its source in GitHub in-co-sandbox/in-co-sandbox-docs).
 * A crafted server checks that the request is the documented one (method, path, query, body)
 * and answers exactly what the provider documents. One block per item of issue 10's list that
 * concerns the provider's contract.
 */
import {
  DEFAULT_API_VERSION,
  GstnError,
  ImsClient,
  LargeSectionError,
  OutcomeUnknownError,
  ResponseValidationError,
  SessionExpiredError,
  type ImsClientOptions,
} from "../../src/api";
import { toImsRecord } from "../../src/api/convert";
import { invoicesSchema } from "../../src/api/schemas";
import type { ImsRecord } from "../../src/ims/records";
import { sectionByPayloadKey, type SectionCode } from "../../src/ims/sections";
import { answer, craftedProvider, fixture, payloadOf, sendJson as json, signedInSession, type CraftedProvider, type FixtureResponse, type ProviderFixture } from "./provider-fixtures";

const MH = "27AAACI1234F1Z2";
const FAST_RETRY = { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20, maxRateLimitRetries: 3, maxRateLimitWaitMs: 5_000 };

function platformFail(status: number, message: string) {
  return { code: status, message, timestamp: Date.now(), transaction_id: "t" };
}

async function expectError<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof type) return e;
    throw new Error(`expected ${type.name}, got ${String(e)}`);
  }
  throw new Error(`expected ${type.name}, but it resolved`);
}

let server: CraftedProvider;
beforeAll(async () => {
  server = await craftedProvider();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
});

function client(options: Partial<ImsClientOptions> = {}): ImsClient {
  return new ImsClient({ baseUrl: server.url, store: signedInSession(MH), retry: FAST_RETRY, timeoutMs: 2000, ...options });
}

/** Answers the documented exchange: the documented answer to the documented request, 404 to anything else. */
function replay(f: ProviderFixture, response: FixtureResponse | (() => FixtureResponse) = answer(f)): void {
  server.handle((req, _body, res) => {
    const url = new URL(req.url ?? "/", "http://provider");
    if (req.method !== f.request.method || url.pathname !== f.request.path) return json(res, 404, platformFail(404, `No such endpoint: ${req.method} ${url.pathname}`));
    const r = typeof response === "function" ? response() : response;
    json(res, r.status, r.body, r.headers ?? {});
  });
}

/** The request the client sent, in the fixture's terms. */
function sent(i = 0) {
  const s = server.seen[i];
  if (!s) throw new Error(`no request #${i}`);
  const url = new URL(s.url, "http://provider");
  return { method: s.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: s.headers, body: s.body ? (JSON.parse(s.body) as unknown) : undefined };
}

function expectDocumentedRequest(f: ProviderFixture, i = 0): void {
  const s = sent(i);
  expect({ method: s.method, path: s.path, query: s.query }).toEqual({ method: f.request.method, path: f.request.path, query: f.request.query ?? {} });
  if (f.request.body !== undefined) expect(s.body).toEqual(f.request.body);
  // x-api-key (and the platform token on the OTP calls) are added by the add-in server (src/server), not the pane.
  for (const h of f.request.requiredHeaders ?? []) if (h !== "x-api-key") expect([h, s.headers[h]]).toEqual([h, expect.any(String)]);
  expect(s.headers["x-api-version"]).toBe(DEFAULT_API_VERSION);
}

/** A record as GET invoices would give it, for a documented save/reset entry (current action = prev_status). */
function recordOfEntry(payloadKey: string, entry: Record<string, unknown>): ImsRecord {
  const section = sectionByPayloadKey(payloadKey)?.code as SectionCode;
  const { action: _a, prev_status, ...fields } = entry;
  const wire = { ...fields, action: prev_status, hash: "documented0example", ispendactblocked: "N", srcfilstatus: "Filed" };
  const [parsed] = invoicesSchema(section).parse({ [payloadKey]: [wire] });
  return toImsRecord(section, parsed!);
}

describe("the documented reads", () => {
  test("GET invoices: the documented B2B answer (12 records) becomes paise and ISO dates; echoed back, every amount is the documented number to the bit", async () => {
    const f = fixture("invoices-b2b");
    replay(f);
    const records = await client().getInvoices("B2B");
    expectDocumentedRequest(f);
    const wire = payloadOf(answer(f)).b2b as Record<string, unknown>[];
    expect(records).toHaveLength(wire.length);
    expect(records[1]).toMatchObject({ docNumber: "5096411148", docDate: "2024-10-31", returnPeriod: "2024-10", value: 260544, igst: 39744, taxableValue: 220800, supplierFiled: true, pendingBlocked: false });
    const { toSaveEntry } = await import("../../src/api/convert");
    records.forEach((r, i) => {
      const entry = toSaveEntry(r, { action: "A" });
      for (const k of ["val", "txval", "iamt", "camt", "samt", "cess", "stin", "inum", "idt", "inv_typ", "srcform", "rtnprd", "pos"]) expect([k, entry[k]]).toEqual([k, wire[i]![k]]);
      expect(entry.prev_status).toBe(wire[i]!.action);
    });
  });

  test("GET invoices with the status filter: the documented accepted-only answer", async () => {
    const f = fixture("invoices-b2b-accepted");
    replay(f);
    const [r] = await client().getInvoices("B2B", { status: "accepted" });
    expectDocumentedRequest(f);
    expect(r).toMatchObject({ docNumber: "AO2SA2425002517", action: "A", value: 14270000, cgst: 1088391, sgst: 1088391 });
  });

  test("GET invoices/count: the documented answer", async () => {
    const f = fixture("invoice-count");
    replay(f);
    const counts = await client().getCounts("others");
    expectDocumentedRequest(f);
    expect(counts.total).toBe(12);
    expect(counts.sections.B2B).toEqual({ noAction: 11, accepted: 1, rejected: 0, pending: 0 });
    expect(Object.keys(counts.sections).sort()).toEqual(["B2B", "B2BA", "CN", "CNA", "DN", "DNA", "ECOM", "ECOMA"]);
  });
});

describe("the documented save and reset requests", () => {
  test("save: the client sends exactly the documented body for the documented records of all eight sections", async () => {
    const f = fixture("save");
    replay(f);
    const body = f.request.body as { rtin: string; invdata: Record<string, Record<string, unknown>[]> };
    const items = Object.entries(body.invdata).flatMap(([key, entries]) => entries.map((e) => ({ record: recordOfEntry(key, e), intent: { action: e.action as "A" | "R" | "P" } })));
    const c = client({ store: signedInSession(body.rtin) });
    const receipt = await c.save(items);
    expectDocumentedRequest(f);
    expect(receipt.referenceId).toBe("0032e479bcb644c");
  });

  test("reset: the client sends exactly the documented body (no action, prev_status)", async () => {
    const f = fixture("reset");
    replay(f);
    const body = f.request.body as { rtin: string; invdata: Record<string, Record<string, unknown>[]> };
    const records = Object.entries(body.invdata).flatMap(([key, entries]) => entries.map((e) => recordOfEntry(key, e)));
    const c = client({ store: signedInSession(body.rtin) });
    const receipt = await c.reset(records);
    expectDocumentedRequest(f);
    expect(receipt.referenceId).toBe("b34b5a43e4b1");
  });

  test("request status: the three documented answers (P, PE with short keys, ER IMSSAV005)", async () => {
    const f = fixture("status");
    replay(f, answer(f, "processed"));
    expect(await client().getRequestStatus("0032e479bcb644c")).toMatchObject({ state: "P", operation: "save", processed: 8, errored: 0, recordErrors: [], supplierErrors: [] });
    expectDocumentedRequest(f);
    replay(f, answer(f, "processedWithError"));
    const pe = await client().getRequestStatus("0032e479bcb644c");
    expect(pe).toMatchObject({ state: "PE", processed: 10, errored: 2 });
    expect(pe.recordErrors).toEqual([
      { section: "B2B", supplierGstin: "32TAAOA2947A1Z7", docNumber: "invoice-b2b", returnPeriod: "2023-04", errorCode: "IMSSAV0010", message: "Either previous action is incorrect/ invoice might have edited by supplier" },
      { section: "DN", supplierGstin: "32TAAOA2947A1Z7", docNumber: "invoice-dn", returnPeriod: "2023-04", errorCode: "IMSSAV0010", message: "Either previous action is incorrect/ invoice might have edited by supplier" },
    ]);
    replay(f, answer(f, "schemaFailure"));
    expect(await client().getRequestStatus("0032e479bcb644c")).toMatchObject({ state: "ER", errorCode: "IMSSAV005", errorMessage: "Schema validation failure", processed: 0 });
  });
});

describe("issue 10: GSTR-2B regeneration status is GET …/gstrs/gstr-2b/regenerate?reference_id=…", () => {
  test("regenerate posts the documented body; the status is polled at the documented path until it is no longer IP", async () => {
    const start = fixture("gstr2b-regenerate");
    const status = fixture("gstr2b-regeneration-status");
    let reads = 0;
    server.handle((req, _body, res) => {
      const url = new URL(req.url ?? "/", "http://provider");
      if (req.method === "POST" && url.pathname === start.request.path) return json(res, 200, answer(start).body);
      if (req.method === "GET" && url.pathname === status.request.path) return json(res, 200, answer(status, reads++ === 0 ? "inProgress" : "processed").body);
      json(res, 404, platformFail(404, `No such endpoint: ${req.method} ${url.pathname}`));
    });
    const c = client();
    const ref = await c.regenerateGstr2b("2026-10");
    expectDocumentedRequest(start);
    expect(ref).toBe("a1b2c3d4e5f6a7b");
    expect(await c.waitForGstr2b("2026-10", ref, { initialDelayMs: 5 })).toEqual({ referenceId: ref, period: "2026-10", state: "P", errorCode: null, errorMessage: null });
    expectDocumentedRequest(status, 1);
    expectDocumentedRequest(status, 2);
    expect(server.seen).toHaveLength(3);
  });

  test("a failed regeneration carries GSTN's code and message", async () => {
    const f = fixture("gstr2b-regeneration-status");
    replay(f, answer(f, "failed"));
    expect(await client().getGstr2bStatus("2026-10", "a1b2c3d4e5f6a7b")).toEqual({ referenceId: "a1b2c3d4e5f6a7b", period: "2026-10", state: "ER", errorCode: "IMS2B007", errorMessage: "Incorrect ITC period or 3B already filed" });
  });
});

describe("issue 10: a large section answered with {token, est}", () => {
  test("is a typed LargeSectionError, not a validation crash, from getInvoices and getInvoicesChecked", async () => {
    const f = fixture("large-section-token");
    replay(f);
    const e = await expectError(client().getInvoices("B2B"), LargeSectionError);
    expectDocumentedRequest(f);
    expect(e).toMatchObject({ kind: "large-section", endpoint: "invoices.list", section: "B2B", status: null, estimateMinutes: 20 });
    expect(JSON.stringify(e)).not.toContain("9f1c2b7a5e3d4c8b9a0f1e2d3c4b5a69");
    expect(await expectError(client().getInvoicesChecked("B2B", { status: "no_action_taken" }), LargeSectionError)).toMatchObject({ status: "no_action_taken" });
  });

  test("est may be a number, or absent; a token form without a token is still a validation error", async () => {
    replay(fixture("large-section-token"), { status: 200, body: { code: 200, data: { status_cd: "1", data: { token: "abc123", est: 45 } } } });
    expect(await expectError(client().getInvoices("B2B"), LargeSectionError)).toMatchObject({ estimateMinutes: 45 });
    replay(fixture("large-section-token"), { status: 200, body: { code: 200, data: { status_cd: "1", data: { token: "abc123" } } } });
    expect(await expectError(client().getInvoices("B2B"), LargeSectionError)).toMatchObject({ estimateMinutes: null });
    replay(fixture("large-section-token"), { status: 200, body: { code: 200, data: { status_cd: "1", data: { token: "", est: "20" } } } });
    expect(await expectError(client().getInvoices("B2B"), ResponseValidationError)).toMatchObject({ field: "data.data.token" });
  });
});

describe("issue 10: AUTH4033 / AUTH4038 inside an HTTP 200 mean the GST session ended", () => {
  test.each(["AUTH4033", "AUTH4038"])("%s on a read is SessionExpiredError (ended) and the session is dropped", async (code) => {
    const f = fixture("session-ended");
    replay(f, answer(f, code));
    const c = client();
    expect(c.session).not.toBeNull();
    const e = await expectError(c.getInvoices("B2B"), SessionExpiredError);
    expect(e).toMatchObject({ kind: "session-expired", reason: "ended", gstnCode: code, endpoint: "invoices.list" });
    expect(e).not.toBeInstanceOf(GstnError);
    expect(c.session).toBeNull();
    expect(server.seen).toHaveLength(1);
  });

  test("on a save it is a definite refusal (session ended), not an unknown outcome", async () => {
    const f = fixture("session-ended");
    const r = answer(f, "AUTH4033");
    server.handle((_req, _body, res) => json(res, r.status, r.body));
    const record = recordOfEntry("b2b", (fixture("save").request.body as { invdata: { b2b: Record<string, unknown>[] } }).invdata.b2b[0]!);
    const e = await expectError(client().save([{ record, intent: { action: "R" } }]), SessionExpiredError);
    expect(e).not.toBeInstanceOf(OutcomeUnknownError);
    expect(e.reason).toBe("ended");
  });

  test("on the OTP verify call (platform token) AUTH4033 stays the GSTN answer: the OTP was not accepted", async () => {
    const r = answer(fixture("session-ended"), "AUTH4033");
    server.handle((_req, _body, res) => json(res, 200, { code: 200, data: (r.body as { data: unknown }).data }));
    const c = new ImsClient({ baseUrl: server.url, retry: FAST_RETRY });
    expect(await expectError(c.verifyOtp({ gstin: MH, username: "demo.mh" }, "111111"), GstnError)).toMatchObject({ errorCode: "AUTH4033", endpoint: "otp.verify" });
  });
});

describe("issue 10: the supplier views as the provider's sales schema has them", () => {
  test("B2B: val with 3 decimals becomes paise rounded half away from zero", async () => {
    const f = fixture("sales-b2b");
    replay(f);
    const view = await client().getSales("2026-10", "B2B", "gstr-1");
    expectDocumentedRequest(f);
    expect(view).toMatchObject({ supplierGstin: "29AABCB5678K1Z5", period: "2026-10", section: "B2B" });
    expect(view.documents[0]).toMatchObject({ recipientGstin: MH, docNumber: "KA/26/0042", value: 118013, imsAction: "R", items: [{ rate: 18, taxableValue: 100011, igst: 18002, cgst: 0, sgst: 0, cess: 0 }] });
    expect(view.documents[1]).toMatchObject({ value: 260544, imsAction: "N" });
  });

  test("CDNR: ntty R (refund voucher) is read", async () => {
    const f = fixture("sales-cdnr");
    replay(f);
    const view = await client().getSales("2026-10", "CDNR", "gstr-1");
    expectDocumentedRequest(f);
    expect(view.documents.map((d) => [d.docNumber, d.noteType, d.value])).toEqual([
      ["RV-7", "R", 5900],
      ["CN-8", "C", 11800],
    ]);
  });

  test("ECOM: an object {b2b, urp2b}, not an array; b2b carries the supplier", async () => {
    const f = fixture("sales-ecom");
    replay(f);
    const view = await client().getSales("2026-10", "ECOM", "gstr-1");
    expectDocumentedRequest(f);
    expect(view.documents).toEqual([
      expect.objectContaining({ recipientGstin: MH, supplierGstin: "07AAFCD4321M1ZN", ecomPart: "b2b", docNumber: "EC-1", value: 23600, supplyType: "INTER", imsAction: "A" }),
      expect.objectContaining({ recipientGstin: "07AAFCD4321M1ZN", ecomPart: "urp2b", docNumber: "EC-2", value: 11800, imsAction: "N" }),
    ]);
    expect(view.documents[1]).not.toHaveProperty("supplierGstin");
  });

  test("ECOMA: an object {b2ba, urp2ba} with the original document", async () => {
    const f = fixture("sales-ecoma");
    replay(f);
    const view = await client().getSales("2026-10", "ECOMA", "gstr-1");
    expectDocumentedRequest(f);
    expect(view.documents.map((d) => [d.ecomPart, d.docNumber, d.originalDocNumber, d.originalDocDate, d.value, d.imsAction])).toEqual([
      ["b2ba", "EC-1A", "EC-1", "2026-10-09", 21240, "N"],
      ["urp2ba", "EC-2A", "EC-2", "2026-10-10", 10620, "P"],
    ]);
  });

  test("the old array shape of ecom, and amounts with 4 decimals, are refused naming the field", async () => {
    const ecom = payloadOf(answer(fixture("sales-ecom")));
    const asArray = { ...ecom, gstr1: { ecom: [{ rtin: MH, inv: [] }] } };
    replay(fixture("sales-ecom"), { status: 200, body: { code: 200, data: { status_cd: "1", data: asArray } } });
    expect(await expectError(client().getSales("2026-10", "ECOM"), ResponseValidationError)).toMatchObject({ field: "data.data.gstr1.ecom" });
    const b2b = payloadOf(answer(fixture("sales-b2b"))) as { gstr1: { b2b: { inv: Record<string, unknown>[] }[] } };
    const fourDecimals = { ...b2b, gstr1: { b2b: [{ ...b2b.gstr1.b2b[0], inv: [{ ...b2b.gstr1.b2b[0]!.inv[0], val: 1180.1251 }] }] } };
    replay(fixture("sales-b2b"), { status: 200, body: { code: 200, data: { status_cd: "1", data: fourDecimals } } });
    expect(await expectError(client().getSales("2026-10", "B2B"), ResponseValidationError)).toMatchObject({ field: "data.data.gstr1.b2b[0].inv[0].val", detail: expect.stringContaining("3 decimals") });
  });

  test("no documents (RET11416, IMS0027) is an empty view; x-api-version, required there, is sent", async () => {
    const sales = fixture("sales-no-document");
    replay(sales);
    expect((await client().getSales("2026-10", "CDNR", "gstr-1")).documents).toEqual([]);
    expectDocumentedRequest(sales);
    server.seen.length = 0;
    const added = fixture("added-back-none");
    replay(added);
    expect(await client().getAddedBackLiabilities("2026-10", "CDNR")).toEqual([]);
    expectDocumentedRequest(added);
  });
});

describe("issue 10: x-api-version on every call", () => {
  test("every endpoint, the OTP calls included, carries x-api-version (default 1.0.0, configurable)", async () => {
    const session = { status_cd: "1", access_token: "eyJhbGciOiJIUzI1NiJ9.eyJuZXcidHJ1ZX0.bmV3LXNpZ25hdHVyZQ", token_expiry: Date.now() + 6 * 3600_000, session_expiry: Date.now() + 6 * 3600_000 };
    server.handle((req, _body, res) => {
      const path = new URL(req.url ?? "/", "http://provider").pathname;
      if (path.endsWith("/otp")) return json(res, 200, { code: 200, data: { status_cd: "1" } });
      if (path.endsWith("/otp/verify") || path.endsWith("/session/refresh")) return json(res, 200, { code: 200, data: session });
      if (path.endsWith("/invoices/count")) return json(res, 200, answer(fixture("invoice-count")).body);
      if (path.endsWith("/invoices")) return json(res, 200, answer(fixture("invoices-b2b")).body);
      if (path.endsWith("/invoices/status")) return json(res, 200, answer(fixture("status"), "processed").body);
      if (path.endsWith("/sales")) return json(res, 200, answer(fixture("sales-no-document")).body);
      if (path.includes("added-back")) return json(res, 200, answer(fixture("added-back-none")).body);
      if (path.endsWith("/regenerate") && req.method === "POST") return json(res, 200, answer(fixture("gstr2b-regenerate")).body);
      if (path.endsWith("/status/save")) return json(res, 200, answer(fixture("save")).body);
      if (path.endsWith("/gstr-2b/regenerate")) return json(res, 200, answer(fixture("gstr2b-regeneration-status"), "processed").body);
      json(res, 404, platformFail(404, "no"));
    });
    const c = new ImsClient({ baseUrl: server.url, retry: FAST_RETRY });
    await c.generateOtp({ gstin: MH, username: "demo.mh" });
    await c.verifyOtp({ gstin: MH, username: "demo.mh" }, "575757");
    await c.getCounts();
    await c.getInvoices("B2B");
    await c.getRequestStatus("abc");
    await c.getSales("2026-10", "CDNR");
    await c.getAddedBackLiabilities("2026-10", "CDNR");
    await c.getGstr2bStatus("2026-10", "abc");
    await c.regenerateGstr2b("2026-10");
    await c.save([{ record: recordOfEntry("b2b", (fixture("save").request.body as { invdata: { b2b: Record<string, unknown>[] } }).invdata.b2b[0]!), intent: { action: "R" } }]);
    await c.refreshSession();
    expect(server.seen).toHaveLength(11);
    expect(server.seen.filter((s) => s.headers["x-api-version"] !== "1.0.0").map((s) => s.url)).toEqual([]);
    server.seen.length = 0;
    await client({ apiVersion: "1.0" }).getCounts();
    expect(server.seen[0]!.headers["x-api-version"]).toBe("1.0");
  });
});

describe("issue 10: error-report entries may lack inv", () => {
  test("an entry without inv is read (no validation error): the supplier's error, and each of its records this client sent is failed", async () => {
    const f = fixture("status-entry-without-inv");
    const record = (docNumber: string, supplierGstin: string): ImsRecord => ({
      ...recordOfEntry("b2bcn", (fixture("save").request.body as { invdata: { b2bcn: Record<string, unknown>[] } }).invdata.b2bcn[0]!),
      docNumber,
      supplierGstin,
    });
    const mine = [record("CN-1", "32TAAOA2947A1Z7"), record("CN-2", "32TAAOA2947A1Z7"), record("CN-3", "24MAYAS0100J1JD")];
    server.handle((req, _body, res) => {
      const path = new URL(req.url ?? "/", "http://provider").pathname;
      if (path.endsWith("/status/save")) return json(res, 200, { code: 200, data: { status_cd: "1", data: { reference_id: "0032e479bcb644c" } } });
      if (path === f.request.path) return json(res, 200, answer(f).body);
      json(res, 404, platformFail(404, "no"));
    });
    const fresh = client();
    const alone = await fresh.getRequestStatus("0032e479bcb644c");
    expect(alone).toMatchObject({ state: "PE", errored: 1, recordErrors: [], supplierErrors: [{ section: "CN", supplierGstin: "32TAAOA2947A1Z7", errorCode: "IMSSAV0010" }] });
    const c = client();
    await c.save(mine.map((r) => ({ record: r, intent: { action: "A" as const } })));
    const status = await c.getRequestStatus("0032e479bcb644c");
    expect(status.recordErrors.map((e) => [e.docNumber, e.supplierOnly, e.errorCode])).toEqual([
      ["CN-1", true, "IMSSAV0010"],
      ["CN-2", true, "IMSSAV0010"],
    ]);
    expect(status.recordErrors[0]!.message).toMatch(/named the supplier 32TAAOA2947A1Z7 but not which of its documents/);
  });
});
