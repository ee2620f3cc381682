/**
 * The sandbox answers as the provider documents (test/api/fixtures/provider/, each naming its
 * source in GitHub in-co-sandbox/in-co-sandbox-docs), not as the add-in once assumed: the
 * GSTR-2B regeneration status path, x-api-version required on the supplier views, the nested
 * ECOM shapes of the sales schema, GSTN's large-section token form (behind a setting), AUTH4033
 * inside an HTTP 200, and error-report entries without inv (behind a setting).
 */
import { salesSchema } from "../../src/api/schemas";
import { sectionInfo } from "../../src/ims/sections";
import type { SandboxRecord } from "../../src/sandbox/model";
import type { RunningSandbox } from "../../src/sandbox/server";
import { answer, fixture, payloadOf } from "../api/provider-fixtures";
import { API_VERSION, BASE, call, echo, KA, KEY, MH, Session, sim, testSandbox } from "./helpers";

let sb: RunningSandbox;
let mh: Session;
beforeAll(async () => {
  sb = await testSandbox({ recordsPerGstin: 600 });
  mh = await Session.open(sb.url, MH);
});
afterAll(() => sb.close());

function stored(gstin: string): SandboxRecord[] {
  return [...sb.state.recordsOf(gstin).values()];
}

describe("GSTR-2B regeneration status at GET …/gstrs/gstr-2b/regenerate?reference_id=… (page gstr_2b_regeneration_status)", () => {
  test("the documented path answers, the invented one does not exist", async () => {
    const documented = fixture("gstr2b-regeneration-status").request;
    const unknown = await mh.get(`${documented.path.slice(BASE.length)}?reference_id=ffffffffffffff0`);
    expect(unknown.status).toBe(200);
    expect(unknown.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "SIM404" } });
    const invented = await mh.get("/gstrs/gstr-2b/2026/10/regenerate/status?reference_id=ffffffffffffff0");
    expect(invented.status).toBe(404);
  });

  test("a regeneration started with the documented body is followed at the documented path to P, in the schema's shape", async () => {
    const fresh = await testSandbox({ recordsPerGstin: 300 });
    try {
      const s = await Session.open(fresh.url, MH);
      const open = [...fresh.state.recordsOf(MH).values()].find((x) => x.filed && x.action === "N" && x.section === "B2B")!;
      const [y, m] = open.itcPeriod.split("-");
      const w = (await s.invoices("B2B")).find((x) => x.inum === open.docNum && x.rtnprd === `${m}${y}`)!;
      expect((await s.save("b2b", [echo(w, { action: "A" })])).status_cd).toBe("P");
      const started = await s.post(`/gstrs/gstr-2b/${y}/${m}/regenerate`, { rtin: MH, itcprd: `${m}${y}` });
      expect(started.body.data.status_cd).toBe("1");
      const ref = started.body.data.data.reference_id as string;
      await new Promise((r) => setTimeout(r, 20));
      const status = await s.get(`/gstrs/gstr-2b/regenerate?reference_id=${ref}`);
      expect(status.body.data.data).toEqual({ status_cd: "P", err_cd: "", err_msg: "" });
      // Only status_cd is required by the schema; everything else is one of its properties.
      const schemaKeys = ["status_cd", "err_cd", "err_msg"];
      expect(Object.keys(status.body.data.data).every((k) => schemaKeys.includes(k))).toBe(true);
      expect(Object.keys(payloadOf(answer(fixture("gstr2b-regeneration-status"), "failed"))).every((k) => schemaKeys.includes(k))).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

describe("x-api-version is required on sales and added-back (the OAS marks it so), optional elsewhere", () => {
  test("without it: 400 on the supplier views, and the IMS reads still answer", async () => {
    const bare = { "x-api-key": KEY, authorization: mh.token };
    for (const f of [fixture("sales-no-document"), fixture("added-back-none")]) {
      const query = new URLSearchParams(f.request.query).toString();
      const path = `${f.request.path.replace("/2026/10", "/2019/01")}?${query}`;
      const without = await call(sb.url, "GET", path, { headers: bare });
      expect([path, without.status, without.body.message]).toEqual([path, 400, "Missing required header x-api-version"]);
      const withIt = await call(sb.url, "GET", path, { headers: { ...bare, "x-api-version": API_VERSION } });
      expect(withIt.status).toBe(200);
      // The documented "nothing found" answers: RET11416 for sales, IMS0027 for added-back.
      expect(withIt.body.data).toMatchObject({ status_cd: "0", error: { error_cd: (answer(f).body as { data: { error: { error_cd: string } } }).data.error.error_cd } });
    }
    expect((await call(sb.url, "GET", `${BASE}/invoices/count`, { headers: bare })).status).toBe(200);
  });
});

describe("the supplier views in the sales schema's shapes", () => {
  test("ECOM and ECOMA are objects of parts (urp2b / urp2ba), each document carrying only the schema's properties", async () => {
    // The demo taxpayers are not e-commerce operators: KA becomes the operator of one ECOM and one ECOMA record of MH.
    const base = stored(MH).find((r) => r.section === "ECOM")!;
    const amended = stored(MH).find((r) => r.section === "ECOMA")!;
    const asKa = (r: SandboxRecord, docNum: string): SandboxRecord => ({ ...r, stin: KA, docNum, returnPeriod: "2026-10", srcForm: "R1", pos: "27", action: "A" });
    sb.state.commit([{ t: "records", gstin: MH, upsert: [asKa(base, "ECO-KA-1"), asKa(amended, "ECO-KA-2")], remove: [] }]);
    const ka = await Session.open(sb.url, KA);
    const allowed = ["val", "itms", "inv_typ", "flag", "pos", "idt", "inum", "sply_ty", "chksum", "imsactn"];
    for (const [section, key, part, extra] of [
      ["ECOM", "ecom", "urp2b", []],
      ["ECOMA", "ecoma", "urp2ba", ["oinum", "oidt"]],
    ] as const) {
      const r = await ka.get(`/invoices/2026/10/sales?section=${section}&return_type=gstr-1`);
      expect(r.body.data.status_cd).toBe("1");
      const body = r.body.data.data.gstr1[key];
      expect(Array.isArray(body)).toBe(false);
      expect(Object.keys(body)).toEqual([part]);
      const [group] = body[part];
      expect(group.rtin).toBe(MH);
      for (const doc of group.inv) {
        expect(Object.keys(doc).filter((k) => ![...allowed, ...extra].includes(k))).toEqual([]);
        for (const k of ["val", "itms", "inv_typ", "flag", "pos", "idt", "inum", "sply_ty", "chksum", ...extra]) expect([k, doc[k]]).toEqual([k, expect.anything()]);
        expect(doc.sply_ty).toBe("INTER");
        expect(doc.imsactn).toBe("A");
      }
      // And the client's reading of the sales schema accepts it.
      expect(salesSchema(section, "gstr-1").safeParse(r.body.data.data).success).toBe(true);
    }
  });

  test("B2B and CDNR documents carry the schema's required fields", async () => {
    const recs = stored(MH).filter((r) => r.stin === KA && r.srcForm !== "R1A");
    const ka = await Session.open(sb.url, KA);
    for (const [section, key, list, required] of [
      ["B2B", "b2b", "inv", ["inv_typ", "itms", "val", "rchrg", "idt", "updby", "pos", "inum", "cflag", "chksum"]],
      ["CDNR", "cdnr", "nt", ["cflag", "itms", "val", "nt_num", "updby", "nt_dt", "flag", "chksum", "ntty"]],
    ] as const) {
      const codes = section === "B2B" ? ["B2B"] : ["CN", "DN"];
      const rec = recs.find((r) => codes.includes(r.section))!;
      const [y, m] = rec.returnPeriod.split("-");
      const r = await ka.get(`/invoices/${y}/${m}/sales?section=${section}&return_type=gstr-1`);
      const groups = r.body.data.data.gstr1[key] as Record<string, unknown>[];
      expect(Array.isArray(groups)).toBe(true);
      for (const g of groups) {
        expect(typeof g.ctin).toBe("string");
        for (const doc of g[list] as Record<string, unknown>[]) for (const k of required) expect([k, doc[k]]).toEqual([k, expect.anything()]);
      }
      expect(salesSchema(section, "gstr-1").safeParse(r.body.data.data).success).toBe(true);
    }
  });
});

describe("GSTN's large-section form {token, est} (behind largeSectionThreshold / --large-section)", () => {
  afterEach(() => {
    sb.config.largeSectionThreshold = null;
  });

  test("off by default; on, an answer over the threshold is the token form, and a smaller filtered answer still carries records", async () => {
    const all = await mh.get("/invoices?section=B2B");
    const count = (all.body.data.data.b2b as unknown[]).length;
    const accepted = stored(MH).filter((r) => r.section === "B2B" && r.action === "A").length;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(count);
    sb.config.largeSectionThreshold = accepted;
    const large = await mh.get("/invoices?section=B2B");
    expect(large.status).toBe(200);
    expect(large.body.data.status_cd).toBe("1");
    const documented = payloadOf(answer(fixture("large-section-token")));
    expect(Object.keys(large.body.data.data).sort()).toEqual(Object.keys(documented).sort());
    expect(large.body.data.data.token).toMatch(/^[0-9a-f]{32}$/);
    expect(large.body.data.data.est).toMatch(/^\d+$/);
    const part = await mh.get("/invoices?section=B2B&status=accepted");
    expect(part.body.data.data.b2b).toHaveLength(accepted);
  });
});

describe("AUTH4033 / AUTH4038 inside an HTTP 200 when GSTN ends the GST session (scenario hook /_sim/gst-session/end)", () => {
  test.each(["AUTH4033", "AUTH4038"] as const)("%s: every taxpayer call, refresh included, answers the documented business error until a new OTP", async (code) => {
    const dl = await Session.open(sb.url, "07AAFCD4321M1ZN");
    expect((await sim(sb.url, "POST", "/gst-session/end", { gstin: "07AAFCD4321M1ZN", code })).status).toBe(200);
    const expected = answer(fixture("session-ended"), code).body as { data: unknown };
    for (const r of [await dl.get("/invoices/count"), await dl.get("/invoices?section=B2B"), await dl.post("/session/refresh", {})]) {
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual(expected.data);
    }
    await new Promise((r) => setTimeout(r, 2));
    const again = await Session.open(sb.url, "07AAFCD4321M1ZN");
    expect((await again.get("/invoices/count")).body.data.status_cd).toBe("1");
    expect((await mh.get("/invoices/count")).body.data.status_cd).toBe("1");
  });
});

describe("error-report entries (status.json requires only stin, error_cd, error_msg)", () => {
  afterEach(() => {
    sb.config.errorReportDocuments = "listed";
  });

  test("listed by default; with errorReportDocuments 'omitted' (--error-reports-without-inv) the entry names the supplier only", async () => {
    const wrong = async () => {
      const w = (await mh.invoices("CN")).find((x) => x.action === "N")!;
      return mh.save("b2bcn", [echo(w, { action: "A", prev_status: "R" })]);
    };
    const listed = await wrong();
    expect(listed.status_cd).toBe("PE");
    expect(listed.error_report.cn[0].inv).toHaveLength(1);
    sb.config.errorReportDocuments = "omitted";
    const omitted = await wrong();
    expect(omitted.status_cd).toBe("PE");
    expect(Object.keys(omitted.error_report.cn[0]).sort()).toEqual(["error_cd", "error_msg", "stin"]);
    expect(payloadOf(answer(fixture("status-entry-without-inv")))).toMatchObject({ error_report: { cn: [expect.not.objectContaining({ inv: expect.anything() })] } });
  });
});

describe("the documented save request", () => {
  test("is accepted by the sandbox's schema check (not ER IMSSAV005): its records are unknown here, so each is IMSSAV0010", async () => {
    const body = fixture("save").request.body as { invdata: Record<string, unknown[]> };
    const r = await mh.post("/invoices/status/save", { ...body, rtin: MH });
    expect(r.body.data.status_cd).toBe("1");
    const status = await mh.status(r.body.data.data.reference_id);
    expect(status).toMatchObject({ status_cd: "PE", proc_cnt: "8", err_cnt: "8" });
    const keys = Object.keys(status.error_report).sort();
    expect(keys).toEqual(Object.keys(body.invdata).map((k) => sectionInfo(k === "b2b" ? "B2B" : k === "b2ba" ? "B2BA" : k === "b2bcn" ? "CN" : k === "b2bcna" ? "CNA" : k === "b2bdn" ? "DN" : k === "b2bdna" ? "DNA" : k === "ecom" ? "ECOM" : "ECOMA").shortKey).sort());
  });
});
