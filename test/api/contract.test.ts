/**
 * The client against a hand-written server: malformed and unexpected answers must become
 * typed errors naming the endpoint and field; statuses map to the error taxonomy; retries
 * happen only where they are safe.
 */
import type { ServerResponse } from "node:http";
import {
  GstnError,
  ImsClient,
  NetworkError,
  OutcomeUnknownError,
  PlatformHttpError,
  RateLimitedError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  SessionExpiredError,
  type ImsClientOptions,
} from "../../src/api";
import type { ImsRecord } from "../../src/ims/records";
import {
  craftedServer,
  eventLog,
  expectError,
  FAKE_TAXPAYER_TOKEN,
  FAST_RETRY,
  gstnFail,
  gstnOk,
  json,
  MH,
  platformFail,
  signedInStore,
  WIRE_B2B as WIRE,
  type Crafted,
} from "./helpers";



const RECORD: ImsRecord = {
  section: "B2B",
  supplierGstin: "24ABCCU0123M1YZ",
  docNumber: "AO2SA2425002517",
  docDate: "2024-11-05",
  invoiceType: "R",
  sourceForm: "R1",
  returnPeriod: "2024-11",
  placeOfSupply: "24",
  value: 14270000,
  taxableValue: 12093218,
  igst: 0,
  cgst: 1088391,
  sgst: 1088391,
  cess: 0,
  action: "N",
  pendingBlocked: false,
  supplierFiled: true,
  hash: "dbd0f1b676e2",
  remarksBlocked: false,
  itcReductionBlocked: null,
};

const SESSION = { status_cd: "1", access_token: "eyJhbGciOiJIUzI1NiJ9.eyJuZXcidHJ1ZX0.bmV3LXNpZ25hdHVyZQ", token_expiry: Date.now() + 6 * 3600_000, session_expiry: Date.now() + 6 * 3600_000 };

let server: Crafted;
beforeAll(async () => {
  server = await craftedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
});

function client(options: Partial<ImsClientOptions> = {}): ImsClient {
  return new ImsClient({ baseUrl: server.url, store: signedInStore(), retry: FAST_RETRY, timeoutMs: 2000, ...options });
}

function answerInvoices(body: unknown): void {
  server.handle((_req, _body, res) => json(res, 200, body));
}

async function invalid(body: unknown, section: "B2B" | "CNA" = "B2B"): Promise<ResponseValidationError> {
  answerInvoices(body);
  return expectError(client().getInvoices(section), ResponseValidationError);
}

describe("malformed responses become ResponseValidationError naming endpoint and field", () => {
  test("a well-formed answer passes", async () => {
    answerInvoices(gstnOk({ b2b: [WIRE] }));
    expect(await client().getInvoices("B2B")).toEqual([RECORD]);
  });

  test("wrong types", async () => {
    const e = await invalid(gstnOk({ b2b: [{ ...WIRE, txval: "120932.18" }] }));
    expect(e).toMatchObject({ endpoint: "invoices.list", problem: "schema", field: "data.data.b2b[0].txval", httpStatus: 200 });
    expect(e.message).toContain("invoices.list");
    expect(e.message).toContain("data.data.b2b[0].txval");
    expect((await invalid(gstnOk({ b2b: [WIRE, { ...WIRE, action: "X" }] }))).field).toBe("data.data.b2b[1].action");
    expect((await invalid(gstnOk({ b2b: {} }))).field).toBe("data.data.b2b");
    expect((await invalid({ code: 200, data: { status_cd: 1, data: { b2b: [] } } })).field).toBe("data.status_cd");
  });

  test("missing fields", async () => {
    const { hash: _h, ...noHash } = WIRE;
    expect((await invalid(gstnOk({ b2b: [noHash] }))).field).toBe("data.data.b2b[0].hash");
    const { ispendactblocked: _p, ...noFlag } = WIRE;
    expect((await invalid(gstnOk({ b2b: [noFlag] }))).field).toBe("data.data.b2b[0].ispendactblocked");
    const { inv_typ: _t, ...noType } = WIRE;
    expect((await invalid(gstnOk({ b2b: [noType] }))).field).toBe("data.data.b2b[0].inv_typ");
    expect((await invalid(gstnOk({ b2ba: [WIRE] }))).field).toBe("data.data.b2b");
    expect((await invalid({ code: 200, data: { status_cd: "0" } })).field).toBe("data.error");
    expect((await invalid({ code: 200 })).field).toBe("data");
    expect((await invalid(gstnOk({ b2bcna: [{ ...WIRE }] }), "CNA")).field).toMatch(/^data\.data\.b2bcna\[0\]\.(nt_num|nt_dt|ont_num|ont_dt)$/);
  });

  test("amounts that are not 2-decimal rupees, dates that are not DD-MM-YYYY", async () => {
    expect(await invalid(gstnOk({ b2b: [{ ...WIRE, txval: 10.123 }] }))).toMatchObject({ field: "data.data.b2b[0].txval", detail: expect.stringContaining("2 decimals") });
    expect((await invalid(gstnOk({ b2b: [{ ...WIRE, camt: -5 }] }))).field).toBe("data.data.b2b[0].camt");
    expect((await invalid(gstnOk({ b2b: [{ ...WIRE, idt: "2024-11-05" }] }))).field).toBe("data.data.b2b[0].idt");
    expect((await invalid(gstnOk({ b2b: [{ ...WIRE, idt: "31-02-2024" }] }))).field).toBe("data.data.b2b[0].idt");
    expect((await invalid(gstnOk({ b2b: [{ ...WIRE, rtnprd: "132024" }] }))).field).toBe("data.data.b2b[0].rtnprd");
  });

  test("an HTML error page with status 200", async () => {
    server.handle((_req, _body, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    });
    const e = await expectError(client().getInvoices("B2B"), ResponseValidationError);
    expect(e).toMatchObject({ problem: "not-json", field: "(body)", endpoint: "invoices.list" });
    expect(e.detail).toContain("text/html");
  });

  test("truncated JSON and an empty body", async () => {
    const full = JSON.stringify(gstnOk({ b2b: [WIRE, WIRE] }));
    server.handle((_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(full.slice(0, Math.floor(full.length / 2)));
    });
    expect(await expectError(client().getInvoices("B2B"), ResponseValidationError)).toMatchObject({ problem: "not-json" });
    server.handle((_req, _body, res) => {
      res.writeHead(200);
      res.end();
    });
    expect(await expectError(client().getInvoices("B2B"), ResponseValidationError)).toMatchObject({ problem: "not-json", detail: "empty body" });
  });

  test("a huge body, declared or streamed, is refused without reading it all", async () => {
    const chunk = "x".repeat(64 * 1024);
    server.handle((_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once("drain", pump);
        else res.end();
      };
      res.on("close", () => (sent = 200));
      pump();
    });
    const small = client({ maxResponseBytes: 512 * 1024 });
    expect(await expectError(small.getInvoices("B2B"), ResponseValidationError)).toMatchObject({ problem: "too-large", field: "(body)" });
    server.handle((_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(100 * 1024 * 1024) });
      res.write("{");
      setTimeout(() => res.destroy(), 50);
    });
    expect(await expectError(small.getInvoices("B2B"), ResponseValidationError)).toMatchObject({ problem: "too-large" });
  });

  test("counts, status, sales, added-back and session answers are checked too", async () => {
    const c = client();
    server.handle((_req, _body, res) => json(res, 200, gstnOk({ all_oth: { ttl_cnt: -1 } })));
    expect(await expectError(c.getCounts(), ResponseValidationError)).toMatchObject({ endpoint: "invoices.count", field: "data.data.all_oth.ttl_cnt" });
    server.handle((_req, _body, res) => json(res, 200, gstnOk({ all_oth: { ttl_cnt: 1, b2b: { noaction: "1", accept: 0, reject: 0, pending: 0 } } })));
    expect((await expectError(c.getCounts(), ResponseValidationError)).field).toBe("data.data.all_oth.b2b.noaction");
    server.handle((_req, _body, res) => json(res, 200, gstnOk({ status_cd: "DONE" })));
    expect(await expectError(c.getRequestStatus("abc123"), ResponseValidationError)).toMatchObject({ endpoint: "invoices.status", field: "data.data.status_cd" });
    server.handle((_req, _body, res) => json(res, 200, gstnOk({ status_cd: "PE", proc_cnt: "ten" })));
    expect((await expectError(c.getRequestStatus("abc123"), ResponseValidationError)).field).toBe("data.data.proc_cnt");
    server.handle((_req, _body, res) => json(res, 200, gstnOk({ status_cd: "PE", error_report: { e_b2b: [] } })));
    expect((await expectError(c.getRequestStatus("abc123"), ResponseValidationError)).field).toBe("data.data.error_report.e_b2b");
    server.handle((_req, _body, res) => json(res, 200, gstnOk({ gstin: MH, rtnprd: "102026", gstr1: { b2b: [{ ctin: "29AABCB5678K1Z5", inv: [{ inum: "A1", idt: "01-10-2026", val: "1", pos: "29", itms: [] }] }] } })));
    expect(await expectError(c.getSales("2026-10", "B2B"), ResponseValidationError)).toMatchObject({ endpoint: "supplier.sales", field: "data.data.gstr1.b2b[0].inv[0].val" });
    server.handle((_req, _body, res) => json(res, 200, gstnOk({ gstin: MH, rtnprd: "102026", rejInvAddBackLiab: { cdnr: [{ ctin: "29AABCB5678K1Z5", val: 1, txval: 1, iamt: 0, camt: 0, samt: 0, cess: 0, nt_num: "C1", nt_dt: "01-10-2026" }] } })));
    expect((await expectError(c.getAddedBackLiabilities("2026-10", "CDNR"), ResponseValidationError)).field).toBe("data.data.rejInvAddBackLiab.cdnr[0].csamt");
    server.handle((_req, _body, res) => json(res, 200, { code: 200, data: { status_cd: "1", access_token: SESSION.access_token } }));
    const e = await expectError(c.verifyOtp({ gstin: MH, username: "demo.mh" }, "575757"), ResponseValidationError);
    expect(e).toMatchObject({ endpoint: "otp.verify", field: "data.token_expiry" });
  });

  test("accepted variants: ispendactnallwd, long error-report keys, unknown extra fields", async () => {
    const { ispendactblocked: _p, ...rest } = WIRE;
    answerInvoices(gstnOk({ b2b: [{ ...rest, ispendactnallwd: "N", newField2026: { x: 1 } }] }));
    const [r] = await client().getInvoices("B2B");
    expect(r?.pendingBlocked).toBe(true);
    const report = (key: string) => gstnOk({ status_cd: "PE", transTypCd: "SAV", proc_cnt: "3", err_cnt: "1", err_cd: "", err_msg: "", error_report: { [key]: [{ stin: WIRE.stin, error_cd: "IMSSAV0010", error_msg: "edited", inv: [{ inum: "CN-1", rtnprd: "112024" }] }] } });
    server.handle((_req, _body, res) => json(res, 200, report("cn")));
    const short = await client().getRequestStatus("abc");
    server.handle((_req, _body, res) => json(res, 200, report("b2bcn")));
    const long = await client().getRequestStatus("abc");
    expect(short).toEqual(long);
    expect(short.recordErrors[0]).toMatchObject({ section: "CN", docNumber: "CN-1", returnPeriod: "2024-11" });
  });
});

describe("status codes and GSTN errors", () => {
  test("platform HTTP errors carry status, category and message; 4xx are not retried", async () => {
    for (const [status, category] of [
      [400, "bad-request"],
      [401, "unauthorized"],
      [404, "not-found"],
      [413, "payload-too-large"],
      [422, "unprocessable"],
    ] as const) {
      server.seen.length = 0;
      server.handle((_req, _body, res) => json(res, status, platformFail(status, `platform says ${status}`)));
      const e = await expectError(client().getInvoices("B2B"), PlatformHttpError);
      expect(e).toMatchObject({ kind: "http", status, category, serverMessage: `platform says ${status}`, endpoint: "invoices.list" });
      expect(server.seen).toHaveLength(1);
    }
  });

  test("a 403 that is not about the token is a plain error, without a refresh", async () => {
    server.handle((_req, _body, res) => json(res, 403, platformFail(403, "Insufficient credits")));
    const e = await expectError(client().getCounts(), PlatformHttpError);
    expect(e).toMatchObject({ status: 403, category: "forbidden", serverMessage: "Insufficient credits" });
    expect(server.seen.map((s) => s.url)).toEqual(["/gst/compliance/tax-payer/invoices/count?type_of_goods=others"]);
  });

  test("5xx on a read is retried with backoff; an HTML 502 page still gives a typed error", async () => {
    let n = 0;
    server.handle((_req, _body, res) => (n++ < 2 ? json(res, 503, platformFail(503, "Source down")) : json(res, 200, gstnOk({ b2b: [WIRE] }))));
    const log = eventLog();
    expect(await client({ onEvent: log.onEvent }).getInvoices("B2B")).toHaveLength(1);
    expect(server.seen).toHaveLength(3);
    expect(log.events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && e.reason)).toEqual(["server", "server"]);
    server.seen.length = 0;
    server.handle((_req, _body, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad gateway</html>");
    });
    expect(await expectError(client().getInvoices("B2B"), PlatformHttpError)).toMatchObject({ status: 502, category: "server", serverMessage: "" });
    expect(server.seen).toHaveLength(1 + FAST_RETRY.maxRetries);
  });

  test("GSTN business errors; 'no records' is an empty result", async () => {
    server.handle((_req, _body, res) => json(res, 200, gstnFail("RET11416", "No document found")));
    expect(await client().getInvoices("CN")).toEqual([]);
    expect(await client().getCounts("imports")).toEqual({ goodsType: "imports", total: 0, sections: {} });
    expect((await client().getSales("2026-10", "CDNR")).documents).toEqual([]);
    server.handle((_req, _body, res) => json(res, 200, gstnFail("IMS0027", "No added back liability records")));
    expect(await client().getAddedBackLiabilities("2026-10", "CDNR")).toEqual([]);
    server.handle((_req, _body, res) => json(res, 200, gstnFail("IMS2B007", "Incorrect ITC period or 3B already filed")));
    const e = await expectError(client().regenerateGstr2b("2026-10"), GstnError);
    expect(e).toMatchObject({ kind: "gstn", errorCode: "IMS2B007", serverMessage: "Incorrect ITC period or 3B already filed", endpoint: "gstr2b.regenerate" });
    server.handle((_req, _body, res) => json(res, 200, gstnFail("SIM404", "No request")));
    expect(await expectError(client().getRequestStatus("abc"), GstnError)).toMatchObject({ errorCode: "SIM404" });
  });

  test("429 waits as told (the later of Retry-After and X-RateLimit-Reset) and retries; past the cap it is RateLimitedError", async () => {
    let n = 0;
    server.handle((_req, _body, res) =>
      n++ === 0 ? json(res, 429, platformFail(429, "Too many"), { "Retry-After": "0", "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000)) }) : json(res, 200, gstnOk({ b2b: [WIRE] })),
    );
    const log = eventLog();
    expect(await client({ onEvent: log.onEvent }).getInvoices("B2B")).toHaveLength(1);
    expect(log.events.some((e) => e.type === "retry" && e.reason === "rate-limited")).toBe(true);
    server.handle((_req, _body, res) => json(res, 429, platformFail(429, "Too many"), { "Retry-After": "3600" }));
    const e = await expectError(client().getInvoices("B2B"), RateLimitedError);
    expect(e).toMatchObject({ status: 429, category: "rate-limited", retryAfterMs: 3_600_000 });
    const waits = eventLog();
    server.handle((_req, _body, res) => json(res, 429, platformFail(429, "Too many"), { "Retry-After": "2" }));
    await expectError(client({ onEvent: waits.onEvent, retry: { ...FAST_RETRY, maxRateLimitRetries: 0 } }).getInvoices("B2B"), RateLimitedError);
    server.handle((_req, _body, res) => json(res, 429, platformFail(429, "Too many"), { "Retry-After": "1" }));
    const once = eventLog();
    await expectError(client({ onEvent: once.onEvent, retry: { ...FAST_RETRY, maxRateLimitRetries: 1 } }).getInvoices("B2B"), RateLimitedError);
    const retry = once.events.find((x) => x.type === "retry");
    expect(retry && retry.type === "retry" && retry.delayMs).toBeGreaterThanOrEqual(1000);
  });

  test("timeouts, refused connections and cancellation", async () => {
    server.handle(() => undefined); // never answers
    const e = await expectError(client({ timeoutMs: 100 }).getInvoices("B2B"), RequestTimeoutError);
    expect(e).toMatchObject({ kind: "timeout", timeoutMs: 100, endpoint: "invoices.list" });
    expect(server.seen).toHaveLength(1 + FAST_RETRY.maxRetries);
    const closed = await craftedServer();
    const url = closed.url;
    await closed.close();
    expect(await expectError(new ImsClient({ baseUrl: url, store: signedInStore(), retry: FAST_RETRY }).getCounts(), NetworkError)).toMatchObject({ kind: "network" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await expectError(client().getInvoices("B2B", { signal: controller.signal }), RequestAbortedError)).toMatchObject({ kind: "aborted" });
  });
});

describe("saves and resets are never retried blindly", () => {
  const items = [{ record: RECORD, intent: { action: "A" as const } }];

  function respond(fn: (res: ServerResponse) => void): void {
    server.handle((_req, _body, res) => fn(res));
  }

  test("5xx → OutcomeUnknownError carrying what was sent; one request only", async () => {
    respond((res) => json(res, 503, platformFail(503, "Source down")));
    const e = await expectError(client().save(items), OutcomeUnknownError);
    expect(e).toMatchObject({ kind: "outcome-unknown", operation: "save", causeKind: "http", itemCount: 1, endpoint: "invoices.save" });
    expect(e.items[0]?.record).toBe(RECORD);
    expect(server.seen).toHaveLength(1);
  });

  test("a dropped connection, a timeout, or an unreadable 200 → OutcomeUnknownError", async () => {
    respond((res) => res.destroy());
    expect(await expectError(client().reset([RECORD]), OutcomeUnknownError)).toMatchObject({ operation: "reset", causeKind: "network" });
    respond(() => undefined);
    expect(await expectError(client({ submitTimeoutMs: 100 }).save(items), OutcomeUnknownError)).toMatchObject({ causeKind: "timeout" });
    respond((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"code":200,"data":{"data":{"reference_id":');
    });
    expect(await expectError(client().save(items), OutcomeUnknownError)).toMatchObject({ causeKind: "invalid-response" });
    expect(server.seen).toHaveLength(3);
  });

  test("a save cancelled before it is sent is just cancelled, and nothing goes out", async () => {
    respond((res) => json(res, 200, gstnOk({ reference_id: "abc" })));
    const controller = new AbortController();
    controller.abort();
    expect(await expectError(client().save(items, { signal: controller.signal }), RequestAbortedError)).toMatchObject({ kind: "aborted" });
    expect(server.seen).toHaveLength(0);
  });

  test("a 429 was refused before processing, so it is retried; 4xx and GSTN errors are definite refusals", async () => {
    let n = 0;
    respond((res) => (n++ === 0 ? json(res, 429, platformFail(429, "Too many"), { "Retry-After": "0" }) : json(res, 200, gstnOk({ reference_id: "0032e479bcb644c" }))));
    const receipt = await client().save(items);
    expect(receipt).toMatchObject({ operation: "save", referenceId: "0032e479bcb644c" });
    expect(server.seen).toHaveLength(2);
    const sent = JSON.parse(server.seen[1]!.body) as { rtin: string; reqtyp: string; invdata: Record<string, unknown[]> };
    expect(sent).toEqual({ rtin: MH, reqtyp: "SAVE", invdata: { b2b: [{ ...withoutServerOnly(WIRE), action: "A", prev_status: "N" }] } });
    respond((res) => json(res, 413, platformFail(413, "Request body exceeds 4194304 bytes")));
    expect(await expectError(client().save(items), PlatformHttpError)).toMatchObject({ category: "payload-too-large" });
    respond((res) => json(res, 200, gstnFail("SIM009", "Too many records")));
    expect(await expectError(client().save(items), GstnError)).toMatchObject({ errorCode: "SIM009" });
  });
});

function withoutServerOnly(w: typeof WIRE): Record<string, unknown> {
  const { hash: _h, ispendactblocked: _p, srcfilstatus: _s, action: _a, ...rest } = w;
  return rest;
}

describe("session: headers, refresh before expiry and once on a 403", () => {
  const counts = gstnOk({ all_oth: { ttl_cnt: 0 } });

  test("the pane sends no API key, secret or platform token (the add-in server adds them); data calls carry the raw taxpayer token (no Bearer)", async () => {
    server.handle((req, _body, res) => {
      if (req.url?.startsWith("/gst/compliance/tax-payer/otp")) json(res, 200, { code: 200, data: { status_cd: "1" } });
      else json(res, 200, counts);
    });
    const c = client({ apiVersion: "1.0.0" });
    await c.generateOtp({ gstin: MH, username: "demo.mh" });
    await c.getCounts();
    const [otp, get] = server.seen;
    expect(server.seen.map((s) => s.url.split("?")[0])).toEqual(["/gst/compliance/tax-payer/otp", "/gst/compliance/tax-payer/invoices/count"]);
    expect(JSON.parse(otp!.body)).toEqual({ username: "demo.mh", gstin: MH });
    expect(otp!.headers.authorization).toBeUndefined();
    expect(get!.headers).toMatchObject({ authorization: FAKE_TAXPAYER_TOKEN, "x-api-version": "1.0.0" });
    for (const seen of server.seen) {
      expect(seen.headers["x-api-key"]).toBeUndefined();
      expect(seen.headers["x-api-secret"]).toBeUndefined();
    }
  });

  test("a 403 for an expired token: refresh once, repeat with the new token", async () => {
    let first = true;
    server.handle((req, _body, res) => {
      if (req.url === "/gst/compliance/tax-payer/session/refresh") return json(res, 200, { code: 200, data: SESSION });
      if (first) {
        first = false;
        return json(res, 403, platformFail(403, "Access token expired"));
      }
      json(res, 200, counts);
    });
    const store = signedInStore();
    const log = eventLog();
    await client({ store, onEvent: log.onEvent }).getCounts();
    expect(server.seen.map((s) => s.url.split("?")[0])).toEqual(["/gst/compliance/tax-payer/invoices/count", "/gst/compliance/tax-payer/session/refresh", "/gst/compliance/tax-payer/invoices/count"]);
    expect(server.seen[1]!.headers.authorization).toBe(FAKE_TAXPAYER_TOKEN);
    expect(server.seen[2]!.headers.authorization).toBe(SESSION.access_token);
    expect(store.load()?.token).toBe(SESSION.access_token);
    expect(log.events).toContainEqual({ type: "session-refreshed", trigger: "403" });
  });

  test("still 403 after the refresh → SessionExpiredError; refresh refused → SessionExpiredError and the session is dropped", async () => {
    server.handle((req, _body, res) => {
      if (req.url === "/gst/compliance/tax-payer/session/refresh") return json(res, 200, { code: 200, data: SESSION });
      json(res, 403, platformFail(403, "Access revoked"));
    });
    expect(await expectError(client().getCounts(), SessionExpiredError)).toMatchObject({ reason: "expired" });
    expect(server.seen).toHaveLength(3);
    server.handle((_req, _body, res) => json(res, 403, platformFail(403, "Access token expired")));
    const store = signedInStore();
    const c = client({ store });
    expect(await expectError(c.getCounts(), SessionExpiredError)).toMatchObject({ reason: "refresh-failed" });
    expect(store.load()).toBeNull();
    expect(c.session).toBeNull();
    expect(await expectError(c.getCounts(), SessionExpiredError)).toMatchObject({ reason: "not-signed-in" });
  });

  test("shortly before expiry the token is refreshed first, once for concurrent calls", async () => {
    server.handle((req, _body, res) => {
      if (req.url === "/gst/compliance/tax-payer/session/refresh") return setTimeout(() => json(res, 200, { code: 200, data: SESSION }), 30);
      json(res, 200, counts);
    });
    const store = signedInStore();
    const soon = Date.now() + 60_000;
    store.save({ ...store.load()!, tokenExpiry: soon });
    const c = client({ store, refreshMarginMs: 5 * 60_000 });
    await Promise.all([c.getCounts(), c.getCounts(), c.getCounts(), c.getCounts()]);
    const refreshes = server.seen.filter((s) => s.url === "/gst/compliance/tax-payer/session/refresh");
    expect(refreshes).toHaveLength(1);
    expect(server.seen.filter((s) => s.url.startsWith("/gst/compliance/tax-payer/invoices/count")).every((s) => s.headers.authorization === SESSION.access_token)).toBe(true);
    expect(c.session?.tokenExpiry).toBe(SESSION.token_expiry);
  });

  test("a proactive refresh that fails for a passing reason leaves the still-valid token in use", async () => {
    server.handle((req, _body, res) => (req.url === "/gst/compliance/tax-payer/session/refresh" ? json(res, 503, platformFail(503, "Source down")) : json(res, 200, counts)));
    const store = signedInStore();
    store.save({ ...store.load()!, tokenExpiry: Date.now() + 60_000 });
    await client({ store }).getCounts();
    expect(server.seen.at(-1)?.headers.authorization).toBe(FAKE_TAXPAYER_TOKEN);
  });

  test("the pane never calls /authenticate: the add-in server holds the platform token (test/server)", async () => {
    server.handle((_req, _body, res) => json(res, 200, { code: 200, data: { status_cd: "1" } }));
    await client().generateOtp({ gstin: MH, username: "demo.mh" });
    expect(server.seen.map((s) => s.url)).toEqual(["/gst/compliance/tax-payer/otp"]);
  });
});
