import type { RunningSandbox } from "../../src/sandbox/server";
import { BASE, call, KA, KEY, MH, Session, sim, testSandbox } from "./helpers";

const SECTIONS: [string, string][] = [
  ["B2B", "b2b"], ["B2BA", "b2ba"], ["CN", "b2bcn"], ["CNA", "b2bcna"], ["DN", "b2bdn"], ["DNA", "b2bdna"], ["ECOM", "ecom"], ["ECOMA", "ecoma"],
];

describe("sandbox endpoints answer with the documented shapes", () => {
  let sb: RunningSandbox;
  let mh: Session;
  beforeAll(async () => {
    sb = await testSandbox({ recordsPerGstin: 1500 });
    mh = await Session.open(sb.url, MH);
  });
  afterAll(() => sb.close());

  test("count, for all three groups", async () => {
    const others = await mh.get("/invoices/count?type_of_goods=others");
    expect(others.body).toMatchObject({ code: 200, data: { status_cd: "1" } });
    const all = others.body.data.data.all_oth;
    let sum = 0;
    for (const [, key] of SECTIONS) {
      expect(Object.keys(all[key]).sort()).toEqual(["accept", "noaction", "pending", "reject"]);
      sum += all[key].accept + all[key].noaction + all[key].pending + all[key].reject;
    }
    expect(all.ttl_cnt).toBe(sum);
    expect(sum).toBe(1500);
    const def = await mh.get("/invoices/count");
    expect(def.body.data.data.all_oth.ttl_cnt).toBe(1500);
    const isd = (await mh.get("/invoices/count?type_of_goods=inward_supplies")).body.data.data.inv_supp_isd;
    expect(Object.keys(isd).sort()).toEqual(["isd", "isda", "isdcn", "isdcna", "ttl_cnt"]);
    const imp = (await mh.get("/invoices/count?type_of_goods=imports")).body.data.data.imp_gds;
    expect(Object.keys(imp).sort()).toEqual(["impg", "impga", "impgsez", "impgseza", "ttl_cnt"]);
    expect(imp.impg.reject).toBe(0);
    expect((await mh.get("/invoices/count?type_of_goods=services")).status).toBe(422);
  });

  test.each(SECTIONS)("invoices of %s, in any case, keyed by %s", async (section, key) => {
    const upper = await mh.get(`/invoices?section=${section}`);
    const lower = await mh.get(`/invoices?section=${section.toLowerCase()}`);
    expect(upper.status).toBe(200);
    expect(Object.keys(upper.body.data.data)).toEqual([key]);
    expect(lower.body.data.data[key]).toEqual(upper.body.data.data[key]);
    const records = upper.body.data.data[key] as Record<string, unknown>[];
    expect(records.length).toBeGreaterThan(0);
    const note = key.includes("cn") || key.includes("dn");
    const amendment = key.endsWith("a");
    const ecom = key.startsWith("ecom");
    for (const r of records) {
      expect(typeof r.stin).toBe("string");
      expect(typeof r[note ? "nt_num" : "inum"]).toBe("string");
      expect(r[note ? "nt_dt" : "idt"]).toMatch(/^\d{2}-\d{2}-\d{4}$/);
      if (amendment) expect(typeof r[note ? "ont_num" : "oinum"]).toBe("string");
      expect("inv_typ" in r).toBe(!ecom);
      expect(r.rtnprd).toMatch(/^(0[1-9]|1[0-2])\d{4}$/);
      for (const f of ["val", "txval", "iamt", "camt", "samt", "cess"]) expect(typeof r[f]).toBe("number");
      expect(["A", "R", "P", "N"]).toContain(r.action);
      expect(["Y", "N"]).toContain(r.ispendactblocked);
      expect(["Filed", "Not Filed"]).toContain(r.srcfilstatus);
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test("the status filter selects by action", async () => {
    const all = await mh.invoices("B2B");
    for (const [filter, action] of [["accepted", "A"], ["rejected", "R"], ["pending", "P"], ["no_action_taken", "N"]]) {
      const some = await mh.invoices("B2B", filter);
      expect(some.length).toBe(all.filter((r) => r.action === action).length);
      expect(some.every((r) => r.action === action)).toBe(true);
    }
    expect((await mh.get("/invoices?section=B2B&status=maybe")).status).toBe(422);
    expect((await mh.get("/invoices?section=IMPG")).status).toBe(422);
  });

  test("no records is the business error RET11416, not an empty success", async () => {
    const counts = (await mh.get("/invoices/count")).body.data.data.all_oth;
    const filters: [string, string][] = [["accept", "accepted"], ["reject", "rejected"], ["pending", "pending"], ["noaction", "no_action_taken"]];
    const empty = SECTIONS.flatMap(([section, key]) => filters.filter(([c]) => counts[key][c] === 0).map(([, f]) => [section, f] as const));
    expect(empty.length).toBeGreaterThan(0);
    const [section, filter] = empty[0]!;
    const r = await mh.get(`/invoices?section=${section}&status=${filter}`);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "RET11416", message: expect.any(String) } });
  });

  test("supplier view: sales with the recipients' actions", async () => {
    const kaSession = await Session.open(sb.url, KA);
    const recs = (await sim(sb.url, "GET", `/records?gstin=${MH}`)).body.records as { stin: string; returnPeriod: string; section: string; srcForm: string; action: string; docNum: string }[];
    const mine = recs.filter((r) => r.stin === KA && r.section === "B2B" && r.srcForm !== "R1A");
    expect(mine.length).toBeGreaterThan(0);
    const period = mine[0]!.returnPeriod;
    const [y, m] = period.split("-");
    const sales = await kaSession.get(`/invoices/${y}/${m}/sales?section=B2B&return_type=gstr-1`);
    expect(sales.body.data.status_cd).toBe("1");
    const data = sales.body.data.data;
    expect(data.gstin).toBe(KA);
    expect(data.rtnprd).toBe(`${m}${y}`);
    const group = data.gstr1.b2b.find((g: { ctin: string }) => g.ctin === MH);
    const expected = mine.filter((r) => r.returnPeriod === period);
    expect(group.inv.length).toBe(expected.length);
    for (const inv of group.inv) {
      const rec = expected.find((r) => r.docNum === inv.inum)!;
      expect(inv.imsactn).toBe(rec.action === "N" ? undefined : rec.action);
      expect(inv.itms[0].itm_det).toHaveProperty("csamt");
    }
    const none = await kaSession.get(`/invoices/2019/01/sales?section=B2B&return_type=gstr-1`);
    expect(none.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "RET11416" } });
    expect((await kaSession.get(`/invoices/2026/10/sales?section=XYZ&return_type=gstr-1`)).status).toBe(422);
    expect((await kaSession.get(`/invoices/2026/10/sales?section=B2B`)).status).toBe(400);
  });

  test("supplier view: added-back liabilities, and IMS0027 when there are none", async () => {
    const entries = sb.state.addedBack.filter((e) => e.supplierGstin === KA);
    expect(entries.length).toBeGreaterThan(0);
    const e = entries[0]!;
    const [y, m] = e.period.split("-");
    const ka = await Session.open(sb.url, KA);
    const r = await ka.get(`/invoices/added-back-liabilities/${y}/${m}?section=${e.section.toUpperCase()}`);
    expect(r.body.data.status_cd).toBe("1");
    const list = r.body.data.data.rejInvAddBackLiab[e.section];
    expect(list.length).toBe(entries.filter((x) => x.period === e.period && x.section === e.section).length);
    expect(list[0]).toHaveProperty("csamt");
    expect(list[0].supPrd).toMatch(/^\d{6}$/);
    const none = await ka.get(`/invoices/added-back-liabilities/2019/01?section=CDNR`);
    expect(none.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "IMS0027", message: expect.any(String) } });
  });

  test("unknown paths are 404 and wrong methods 405, in the platform envelope", async () => {
    const r = await mh.get("/invoices/nothing/here");
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 404, message: expect.any(String) });
    const m = await call(sb.url, "DELETE", `${BASE}/invoices/count`, { headers: { "x-api-key": KEY, authorization: mh.token } });
    expect(m.status).toBe(405);
  });

  test("bodies over the limit get 413 and malformed JSON 422", async () => {
    const small = await testSandbox({ maxBodyBytes: 2048 });
    try {
      const s = await Session.open(small.url, MH);
      const big = await s.post("/invoices/status/save", { rtin: MH, reqtyp: "SAVE", invdata: { b2b: [{ pad: "x".repeat(4000) }] } });
      expect(big.status).toBe(413);
      expect(big.body.code).toBe(413);
      const bad = await call(small.url, "POST", `${BASE}/invoices/status/save`, { headers: { "x-api-key": KEY, authorization: s.token }, raw: '{"rtin": "27AA' });
      expect(bad.status).toBe(422);
    } finally {
      await small.close();
    }
  });
});

describe("sandbox CORS for the task pane", () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await testSandbox({ recordsPerGstin: 100 });
  });
  afterAll(() => sb.close());

  test("preflight allows the pane's origin, its headers, and private-network access", async () => {
    const res = await fetch(`${sb.url}${BASE}/invoices/status/save`, {
      method: "OPTIONS",
      headers: { origin: "https://localhost:3000", "access-control-request-method": "POST", "access-control-request-headers": "authorization,x-api-key,content-type", "access-control-request-private-network": "true" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://localhost:3000");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/x-api-key/);
    expect(res.headers.get("access-control-allow-private-network")).toBe("true");
    const answer = await call(sb.url, "POST", "/authenticate", { headers: { origin: "https://localhost:3000", "x-api-key": KEY, "x-api-secret": "secret_demo_ims" } });
    expect(answer.headers.get("access-control-allow-origin")).toBe("https://localhost:3000");
    expect(answer.headers.get("access-control-expose-headers")).toMatch(/X-RateLimit-Remaining/);
  });
});
