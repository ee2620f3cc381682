/**
 * The client against the in-process sandbox over real HTTP, through the add-in server (as a
 * pane does): the whole auth flow, every
 * endpoint, and polling to P, PE and ER, each checked against the sandbox's state.
 */
import {
  GstnError,
  ImsClient,
  InvalidRequestError,
  PlatformHttpError,
  PollDeadlineError,
  RequestAbortedError,
  SessionExpiredError,
  type RequestStatus,
} from "../../src/api";
import { filingPeriodOf } from "../../src/ims/periods";
import type { ImsRecord } from "../../src/ims/records";
import { SECTION_CODES, sectionInfo, type SectionCode } from "../../src/ims/sections";
import {
  apiSandbox,
  auditFor,
  expectError,
  FAST_RETRY,
  KA,
  KEY,
  keyOfStored,
  MH,
  OTP,
  signedInClient,
  storeOf,
  stored,
  storedFor,
  type RunningSandbox,
} from "./helpers";
import { imsRecordKey } from "../../src/ims/records";
import { PlatformCredentials } from "../../src/server/config";
import { testServer } from "../server/harness";

let sb: RunningSandbox;
let mh: ImsClient;
beforeAll(async () => {
  sb = await apiSandbox();
  mh = await signedInClient(sb.url, MH);
});
afterAll(() => sb.close());

describe("auth flow", () => {
  const who = { gstin: MH, username: "demo.mh" };

  test("a server with the wrong secret → 401; wrong username → GSTN error; no OTP asked → RETOTPREQUEST; wrong OTP → AUTH4033", async () => {
    const badServer = await testServer(sb.url, { credentials: new PlatformCredentials(KEY, "not-the-secret"), log: () => undefined });
    try {
      const bad = new ImsClient({ baseUrl: badServer.apiUrl, retry: FAST_RETRY });
      expect(await expectError(bad.generateOtp({ gstin: MH, username: "demo.mh" }), PlatformHttpError)).toMatchObject({ status: 401, category: "unauthorized", endpoint: "otp.generate" });
    } finally {
      await badServer.close();
    }
    const c = new ImsClient({ baseUrl: sb.api, retry: FAST_RETRY });
    // The code for an unknown username is the sandbox's own (no real one is documented).
    expect(await expectError(c.generateOtp({ gstin: MH, username: "someone.else" }), GstnError)).toMatchObject({ kind: "gstn", endpoint: "otp.generate" });
    expect(await expectError(c.verifyOtp({ gstin: KA, username: "demo.ka" }, OTP), GstnError)).toMatchObject({ errorCode: "RETOTPREQUEST" });
    await c.generateOtp(who);
    expect(await expectError(c.verifyOtp(who, "111111"), GstnError)).toMatchObject({ errorCode: "AUTH4033", endpoint: "otp.verify" });
    expect(c.session).toBeNull();
    expect(await expectError(c.verifyOtp(who, "12ab"), InvalidRequestError)).toMatchObject({ field: "otp" });
  });

  test("not signed in → SessionExpiredError before any request; OTP → session; sign out ends it", async () => {
    const c = new ImsClient({ baseUrl: sb.api, retry: FAST_RETRY });
    expect(await expectError(c.getCounts(), SessionExpiredError)).toMatchObject({ reason: "not-signed-in" });
    await c.generateOtp(who);
    const session = await c.verifyOtp(who, OTP);
    expect(session).toMatchObject({ gstin: MH, username: "demo.mh" });
    expect(session.tokenExpiry).toBeGreaterThan(Date.now());
    expect(JSON.stringify(session)).not.toMatch(/eyJ/);
    expect((await c.getCounts()).total).toBe(stored(sb, MH).length);
    const before = c.session!.tokenExpiry;
    await new Promise((r) => setTimeout(r, 5));
    expect((await c.refreshSession()).tokenExpiry).toBeGreaterThanOrEqual(before);
    c.signOut();
    expect(c.session).toBeNull();
    expect(await expectError(c.getCounts(), SessionExpiredError)).toMatchObject({ reason: "not-signed-in" });
  });
});

describe("reads", () => {
  test("counts for the three groups match the portal", async () => {
    const others = await mh.getCounts("others");
    const records = stored(sb, MH);
    expect(others.total).toBe(records.length);
    for (const code of SECTION_CODES) {
      const inSection = records.filter((r) => r.section === code);
      expect(others.sections[code]).toEqual({
        noAction: inSection.filter((r) => r.action === "N").length,
        accepted: inSection.filter((r) => r.action === "A").length,
        rejected: inSection.filter((r) => r.action === "R").length,
        pending: inSection.filter((r) => r.action === "P").length,
      });
    }
    const groups = sb.state.countOnly.get(MH)!;
    const isd = await mh.getCounts("inward_supplies");
    expect(isd.sections.ISD).toEqual({ noAction: groups.isd.isd.noaction, accepted: groups.isd.isd.accept, rejected: groups.isd.isd.reject, pending: groups.isd.isd.pending });
    const imports = await mh.getCounts("imports");
    expect(Object.keys(imports.sections).sort()).toEqual(["IMPG", "IMPGA", "IMPGSEZ", "IMPGSEZA"]);
  });

  test("every section's records, in paise and ISO dates, match the portal's store", async () => {
    for (const code of SECTION_CODES) {
      const records = await mh.getInvoices(code);
      const expected = stored(sb, MH).filter((r) => r.section === code);
      expect(records).toHaveLength(expected.length);
      for (const r of records) {
        const s = storedFor(sb, MH, r)!;
        expect(s).toBeDefined();
        expect(r).toMatchObject({
          docDate: s.docDate,
          value: s.val,
          taxableValue: s.txval,
          igst: s.iamt,
          cgst: s.camt,
          sgst: s.samt,
          cess: s.cess,
          action: s.action,
          hash: s.hash,
          supplierFiled: s.filed,
          sourceForm: s.srcForm,
          placeOfSupply: s.pos,
        });
        if (sectionInfo(code).isAmendment) expect(r).toMatchObject({ originalDocNumber: s.origDocNum, originalDocDate: s.origDocDate });
      }
    }
  });

  test("a status filter; a filter with nothing in it is an empty list (RET11416)", async () => {
    const pending = await mh.getInvoices("B2B", { status: "pending" });
    expect(pending.length).toBe(stored(sb, MH).filter((r) => r.section === "B2B" && r.action === "P").length);
    expect(pending.every((r) => r.action === "P")).toBe(true);
    const empty = SECTION_CODES.flatMap((code) => (["accepted", "rejected", "pending"] as const).map((status) => ({ code, status }))).find(
      ({ code, status }) => !stored(sb, MH).some((r) => r.section === code && r.action === { accepted: "A", rejected: "R", pending: "P" }[status]),
    );
    expect(empty).toBeDefined();
    expect(await mh.getInvoices(empty!.code, { status: empty!.status })).toEqual([]);
  });

  test("supplier view: sales with the recipients' actions, and an empty period", async () => {
    const supplied = [...sb.state.records].flatMap(([recipient, map]) => [...map.values()].filter((r) => r.stin === MH).map((r) => ({ recipient, r })));
    const sample = supplied.find((x) => x.r.section === "B2B" && x.r.srcForm !== "R1A");
    expect(sample).toBeDefined();
    const period = sample!.r.returnPeriod;
    const expected = supplied.filter((x) => x.r.section === "B2B" && x.r.returnPeriod === period && x.r.srcForm !== "R1A");
    const view = await mh.getSales(period, "B2B", "gstr-1");
    expect(view).toMatchObject({ supplierGstin: MH, period, returnType: "gstr-1", section: "B2B" });
    expect(view.documents).toHaveLength(expected.length);
    const doc = view.documents.find((d) => d.docNumber === sample!.r.docNum && d.recipientGstin === sample!.recipient)!;
    expect(doc).toMatchObject({ docDate: sample!.r.docDate, value: sample!.r.val, imsAction: sample!.r.action, placeOfSupply: sample!.r.pos });
    expect(doc.items[0]).toMatchObject({ taxableValue: sample!.r.txval, igst: sample!.r.iamt, cgst: sample!.r.camt, cess: sample!.r.cess });
    expect((await mh.getSales("2020-01", "CDNR", "gstr-1a")).documents).toEqual([]);
  });

  test("supplier view: added-back liabilities, and none (IMS0027) is an empty list", async () => {
    const mine = sb.state.addedBack.filter((e) => e.supplierGstin === MH);
    expect(mine.length).toBeGreaterThan(0);
    const first = mine[0]!;
    const section = first.section.toUpperCase() as "CDNR" | "B2BA" | "CDNRA" | "ECOMA";
    const list = await mh.getAddedBackLiabilities(first.period, section);
    expect(list).toHaveLength(mine.filter((e) => e.period === first.period && e.section === first.section).length);
    expect(list.find((e) => e.docNumber === first.docNum)).toMatchObject({
      recipientGstin: first.recipientGstin,
      docDate: first.docDate,
      value: first.val,
      cess: first.cess,
      supplierPeriod: first.supplierPeriod,
    });
    expect(await mh.getAddedBackLiabilities("2020-01", "CDNR")).toEqual([]);
  });

  test("a wrong base path is a 404; a body over the portal's limit is a 413, refused before anything applied", async () => {
    const lost = new ImsClient({ baseUrl: `${sb.api}/v2`, store: storeOf(mh), retry: FAST_RETRY });
    expect(await expectError(lost.getCounts(), PlatformHttpError)).toMatchObject({ status: 404, category: "not-found" });
    const small = await apiSandbox({ maxBodyBytes: 2000, recordsPerGstin: 100 });
    try {
      const c = await signedInClient(small.url, MH);
      const records = (await c.getInvoices("B2B")).slice(0, 20);
      const auditBefore = small.state.audit.length;
      const e = await expectError(c.save(records.map((record) => ({ record, intent: { action: "R" as const } }))), PlatformHttpError);
      expect(e).toMatchObject({ status: 413, category: "payload-too-large", endpoint: "invoices.save" });
      expect(small.state.jobs.size).toBe(0);
      expect(small.state.audit.length).toBe(auditBefore);
    } finally {
      await small.close();
    }
  });

  test("an unknown reference is the portal's business error", async () => {
    expect(await expectError(mh.getRequestStatus("fffffffffffffff"), GstnError)).toMatchObject({ errorCode: "SIM404", endpoint: "invoices.status" });
  });
});

describe("save, reset and polling to P, PE and ER", () => {
  async function fresh(section: SectionCode, pick: (r: ImsRecord) => boolean, n: number): Promise<ImsRecord[]> {
    const list = (await mh.getInvoices(section)).filter(pick).slice(0, n);
    expect(list).toHaveLength(n);
    return list;
  }

  test("save → P: applied once, by that request", async () => {
    const records = await fresh("B2B", (r) => r.action === "N", 3);
    const receipt = await mh.save(records.map((record, i) => ({ record, intent: { action: (["A", "R", "P"] as const)[i]! } })));
    expect(receipt.referenceId).toMatch(/^[0-9a-f]{15}$/);
    const status = await mh.waitForRequest(receipt.referenceId, { initialDelayMs: 10 });
    expect(status).toMatchObject({ state: "P", operation: "save", processed: 3, errored: 0, recordErrors: [] });
    expect(records.map((r) => storedFor(sb, MH, r)!.action)).toEqual(["A", "R", "P"]);
    const audit = auditFor(sb, MH).filter((e) => e.by === receipt.referenceId);
    expect(audit.map((e) => e.key).sort()).toEqual(records.map((r) => imsRecordKey(r)).sort());
  });

  test("reset → P: back to N", async () => {
    const records = await fresh("B2B", (r) => r.action === "A", 2);
    const receipt = await mh.reset(records);
    const status = await mh.waitForRequest(receipt.referenceId, { initialDelayMs: 10 });
    expect(status).toMatchObject({ state: "P", operation: "reset", processed: 2, errored: 0 });
    expect(records.map((r) => storedFor(sb, MH, r)!.action)).toEqual(["N", "N"]);
  });

  test("a stale record → PE naming it (IMSSAV0010); the others are applied", async () => {
    const [stale, ok] = await fresh("CN", (r) => r.action === "N" && !r.remarksBlocked, 2);
    await mh.waitForRequest((await mh.save([{ record: stale!, intent: { action: "R" } }])).referenceId);
    const receipt = await mh.save([
      { record: stale!, intent: { action: "A" } },
      { record: ok!, intent: { action: "R", remarks: "Not agreed" } },
    ]);
    const status = await mh.waitForRequest(receipt.referenceId, { initialDelayMs: 10 });
    expect(status).toMatchObject({ state: "PE", processed: 2, errored: 1 });
    expect(status.recordErrors).toEqual([
      { section: "CN", supplierGstin: stale!.supplierGstin, docNumber: stale!.docNumber, returnPeriod: stale!.returnPeriod, errorCode: "IMSSAV0010", message: expect.any(String) },
    ]);
    expect(storedFor(sb, MH, stale!)!.action).toBe("R");
    expect(storedFor(sb, MH, ok!)).toMatchObject({ action: "R", remarks: "Not agreed" });
  });

  test("a request the portal's schema refuses → ER (IMSSAV005), nothing applied", async () => {
    const [r] = await fresh("B2B", (x) => x.action === "N", 1);
    const before = auditFor(sb, MH).length;
    const receipt = await mh.save([{ record: { ...r!, docNumber: "NOT A VALID NUMBER!" }, intent: { action: "A" } }]);
    const status = await mh.waitForRequest(receipt.referenceId, { initialDelayMs: 10 });
    expect(status).toMatchObject({ state: "ER", errorCode: "IMSSAV005", processed: 0, recordErrors: [] });
    expect(auditFor(sb, MH)).toHaveLength(before);
  });

  test("long error-report keys and the ispendactnallwd spelling, from a sandbox configured that way", async () => {
    const other = await apiSandbox({ errorReportKeys: "long", pendingFlagName: "ispendactnallwd", recordsPerGstin: 200 });
    try {
      const c = await signedInClient(other.url, MH);
      const cns = await c.getInvoices("CN");
      const profile = other.state.profile(MH)!;
      for (const r of cns) expect(r.pendingBlocked).toBe(other.portal.pendingBlocked(storedFor(other, MH, r)!, profile, other.portal.clock.now()));
      const target = cns.find((r) => r.action === "N")!;
      await c.waitForRequest((await c.save([{ record: target, intent: { action: "A" } }])).referenceId);
      const status = await c.waitForRequest((await c.save([{ record: target, intent: { action: "R" } }])).referenceId);
      expect(status.state).toBe("PE");
      expect(status.recordErrors[0]).toMatchObject({ section: "CN", docNumber: target.docNumber });
    } finally {
      await other.close();
    }
  });
});

describe("polling", () => {
  let slow: RunningSandbox;
  let client: ImsClient;
  beforeAll(async () => {
    slow = await apiSandbox({ jobDelayMs: 400, regenerateDelayMs: 300, recordsPerGstin: 200 });
    client = await signedInClient(slow.url, MH);
  });
  afterAll(() => slow.close());

  // First, while no action has touched the period yet.
  test("GSTR-2B: refused without changes (IMS0005) and before the draft (IMS2B009); regenerated after an action", async () => {
    const profile = slow.state.profile(MH)!;
    const open = stored(slow, MH).find((x) => x.filed && x.action === "N" && x.section === "B2B")!;
    const period = filingPeriodOf(open.itcPeriod, profile.frequency);
    expect(await expectError(client.regenerateGstr2b(period), GstnError)).toMatchObject({ errorCode: "IMS0005" });
    expect(await expectError(client.regenerateGstr2b("2027-06"), GstnError)).toMatchObject({ errorCode: "IMS2B009" });
    const record = (await client.getInvoices("B2B")).find((r) => imsRecordKey(r) === keyOfStored(open))!;
    await client.waitForRequest((await client.save([{ record, intent: { action: "A" } }])).referenceId, { initialDelayMs: 50 });
    const ref = await client.regenerateGstr2b(period);
    const first = await client.getGstr2bStatus(period, ref);
    expect(first).toMatchObject({ referenceId: ref, period, state: "IP" });
    expect(await client.waitForGstr2b(period, ref, { initialDelayMs: 50 })).toEqual({ referenceId: ref, period, state: "P", errorCode: null, errorMessage: null });
  });

  test("IP, then P, with backoff", async () => {
    const [r] = (await client.getInvoices("B2B")).filter((x) => x.action === "N");
    const receipt = await client.save([{ record: r!, intent: { action: "A" } }]);
    const seen: string[] = [];
    const status = await client.waitForRequest(receipt.referenceId, { initialDelayMs: 50, onProgress: (s) => seen.push((s as RequestStatus).state) });
    expect(status.state).toBe("P");
    expect(seen[0]).toBe("IP");
    expect(seen.at(-1)).toBe("P");
  });

  test("a deadline while still IP → PollDeadlineError; an abort → RequestAbortedError", async () => {
    const [a, b] = (await client.getInvoices("B2B")).filter((x) => x.action === "N");
    const first = await client.save([{ record: a!, intent: { action: "A" } }]);
    const e = await expectError(client.waitForRequest(first.referenceId, { deadlineMs: 100, initialDelayMs: 20 }), PollDeadlineError);
    expect(e).toMatchObject({ kind: "deadline", referenceId: first.referenceId, lastState: "IP" });
    const second = await client.save([{ record: b!, intent: { action: "A" } }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    await expectError(client.waitForRequest(second.referenceId, { signal: controller.signal, initialDelayMs: 20 }), RequestAbortedError);
    // Giving up on polling changes nothing on the portal: both still complete.
    expect((await client.waitForRequest(first.referenceId, { initialDelayMs: 50 })).state).toBe("P");
    expect((await client.waitForRequest(second.referenceId, { initialDelayMs: 50 })).state).toBe("P");
  });

});
