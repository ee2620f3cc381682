import type { RunningSandbox } from "../../src/sandbox/server";
import type { SandboxRecord } from "../../src/sandbox/model";
import { filingPeriodOf, taxPeriodToReturnPeriod } from "../../src/ims/periods";
import { call, docNumOf, echo, KA, KEY, MH, Session, sim, testSandbox } from "./helpers";

describe("sandbox scenario hooks", () => {
  let sb: RunningSandbox;
  let mh: Session;
  beforeAll(async () => {
    sb = await testSandbox({ recordsPerGstin: 2000 });
    mh = await Session.open(sb.url, MH);
  });
  afterAll(() => sb.close());

  const stored = (gstin = MH): SandboxRecord[] => [...sb.state.recordsOf(gstin).values()];
  const wireOf = async (r: SandboxRecord) => (await mh.invoices(r.section)).find((x) => x.stin === r.stin && docNumOf(x) === r.docNum && x.rtnprd === taxPeriodToReturnPeriod(r.returnPeriod))!;
  const target = (r: SandboxRecord) => ({ gstin: MH, section: r.section, stin: r.stin, docNum: r.docNum, returnPeriod: r.returnPeriod });

  test("a supplier edit gives a new hash and puts the action back to N; the old version is refused", async () => {
    const r = stored().find((x) => x.section === "B2B" && x.action === "A")!;
    const before = await wireOf(r);
    const edited = await sim(sb.url, "POST", "/supplier/edit", target(r));
    expect(edited.status).toBe(200);
    const after = await wireOf(r);
    expect(after.hash).not.toBe(before.hash);
    expect(after.action).toBe("N");
    expect(after.txval).not.toBe(before.txval);
    const stale = await mh.save("b2b", [echo(before, { action: "R" })]);
    expect(stale.status_cd).toBe("PE");
    expect((Object.values(stale.error_report).flat() as any[])[0].error_cd).toBe("IMSSAV0010");
    const patched = await sim(sb.url, "POST", "/supplier/edit", { ...target(r), patch: { pos: "29" } });
    expect(patched.body.record.pos).toBe("29");
    expect(patched.body.record.version).toBe(r.version + 2);
  });

  test("a supplier amendment adds a record to the amendment section pointing at the original", async () => {
    const r = stored().find((x) => x.section === "B2B" && x.action === "A" && x.filed)!;
    const res = await sim(sb.url, "POST", "/supplier/amend", { ...target(r), newDocNum: `${r.docNum.slice(0, 12)}A` });
    expect(res.status).toBe(200);
    const amended = (await mh.invoices("B2BA")).find((x) => x.inum === res.body.record.docNum && x.stin === r.stin)!;
    expect(amended).toMatchObject({ oinum: r.docNum, action: "N", srcfilstatus: "Not Filed" });
    expect(amended.txval).toBeLessThan(r.txval / 100);
    expect(res.body.record.specified).toBe(true);
  });

  test("a supplier files: its saved records become Filed", async () => {
    const r = stored().find((x) => !x.filed)!;
    expect((await wireOf(r)).srcfilstatus).toBe("Not Filed");
    const res = await sim(sb.url, "POST", "/supplier/file", { stin: r.stin, returnPeriod: taxPeriodToReturnPeriod(r.returnPeriod) });
    expect(res.body.filed).toBeGreaterThan(0);
    expect((await wireOf(r)).srcfilstatus).toBe("Filed");
  });

  test("the clock moves", async () => {
    const before = (await sim(sb.url, "GET", "/state")).body;
    const moved = (await sim(sb.url, "POST", "/clock", { advanceDays: 3 })).body;
    expect(moved.now - before.now).toBeGreaterThanOrEqual(3 * 86400000 - 1000);
    await sim(sb.url, "POST", "/clock", { advanceDays: -3 });
    const set = (await sim(sb.url, "POST", "/clock", { setDate: "2026-11-21" })).body;
    expect(set.today).toBe("2026-11-21");
  });

  test("the recipient files GSTR-3B: decided and no-action records leave IMS, pending stay, rejected credit notes are added back", async () => {
    const profile = sb.state.profile(MH)!;
    const open = stored().filter((x) => x.filed).map((x) => filingPeriodOf(x.itcPeriod, profile.frequency)).filter((p) => !profile.filed3bPeriods.includes(p));
    const period = open.sort()[0]!;
    const inPeriod = stored().filter((x) => x.filed && filingPeriodOf(x.itcPeriod, profile.frequency) === period);
    const kaNote = inPeriod.find((x) => x.stin === KA && x.section === "CN" && x.action === "N" && !x.remarksBlocked);
    expect(kaNote).toBeDefined();
    const rejected = await mh.save("b2bcn", [echo(await wireOf(kaNote!), { action: "R", remarks: "Credit note not agreed" })]);
    expect(rejected.status_cd).toBe("P");
    const now = stored().filter((x) => x.filed && filingPeriodOf(x.itcPeriod, profile.frequency) === period);
    const pending = now.filter((x) => x.action === "P").length;
    const noAction = now.filter((x) => x.action === "N").length;
    const res = await sim(sb.url, "POST", "/recipient/file-gstr3b", { gstin: MH, period });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ removed: now.length - pending, deemedAccepted: noAction });
    const left = stored().filter((x) => x.filed && filingPeriodOf(x.itcPeriod, profile.frequency) === period);
    expect(left.every((x) => x.action === "P")).toBe(true);
    expect(left.length).toBe(pending);
    expect(sb.state.profile(MH)!.filed3bPeriods).toContain(period);
    const ka = await Session.open(sb.url, KA);
    const [y, m] = period.split("-");
    const added = await ka.get(`/invoices/added-back-liabilities/${y}/${m}?section=CDNR`);
    expect(added.body.data.status_cd).toBe("1");
    expect(added.body.data.data.rejInvAddBackLiab.cdnr).toContainEqual(expect.objectContaining({ ctin: MH, nt_num: kaNote!.docNum, remarks: "Credit note not agreed", ntty: "C" }));
    const again = await sim(sb.url, "POST", "/recipient/file-gstr3b", { gstin: MH, period });
    expect(again.body.error?.error_cd ?? again.body.data?.error?.error_cd).toBe("SIM012");
  });

  describe("fault injection", () => {
    afterEach(() => sim(sb.url, "DELETE", "/faults"));

    test("latency", async () => {
      await sim(sb.url, "POST", "/faults", { latencyMs: 300 });
      const t = Date.now();
      await mh.get("/invoices/count");
      expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    });

    test("a 5xx rate fails requests before they change anything", async () => {
      await sim(sb.url, "POST", "/faults", { errorRate: 1, errorStatus: 503 });
      const r = stored().find((x) => x.section === "DN" && x.action === "N")!;
      await sim(sb.url, "DELETE", "/faults");
      const w = await wireOf(r);
      await sim(sb.url, "POST", "/faults", { errorRate: 1, errorStatus: 503 });
      const res = await mh.post("/invoices/status/save", { rtin: MH, reqtyp: "SAVE", invdata: { b2bdn: [echo(w, { action: "A" })] } });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe(503);
      expect(sb.state.recordsOf(MH).get(`DN|${r.stin}|${r.docNum.toUpperCase()}|${r.returnPeriod}`)!.action).toBe("N");
      await sim(sb.url, "POST", "/faults", { errorRate: 0.5 });
      const statuses = await Promise.all(Array.from({ length: 20 }, () => mh.get("/invoices/count").then((x) => x.status)));
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(2);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(2);
    });

    test("a 429 burst", async () => {
      await sim(sb.url, "POST", "/faults", { rateLimitBurst: 2 });
      const a = await mh.get("/invoices/count");
      const b = await mh.get("/invoices/count");
      const c = await mh.get("/invoices/count");
      expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
      expect(a.headers.get("retry-after")).toBe("1");
    });

    test("a response dropped after the change was applied", async () => {
      const r = stored().find((x) => x.section === "DN" && x.action === "N")!;
      const w = await wireOf(r);
      await sim(sb.url, "POST", "/faults", { dropResponses: 1 });
      await expect(mh.post("/invoices/status/save", { rtin: MH, reqtyp: "SAVE", invdata: { b2bdn: [echo(w, { action: "A" })] } })).rejects.toThrow();
      expect(sb.state.recordsOf(MH).get(`DN|${r.stin}|${r.docNum.toUpperCase()}|${r.returnPeriod}`)!.action).toBe("A");
      // A blind retry now fails on prev_status, which is why clients must re-read instead.
      const retry = await mh.save("b2bdn", [echo(w, { action: "A" })]);
      expect((Object.values(retry.error_report).flat() as any[])[0].error_cd).toBe("IMSSAV0010");
      const audit = sb.state.audit.filter((e) => e.key.includes(r.docNum.toUpperCase()) && e.to === "A");
      expect(audit).toHaveLength(1);
    });

    test("bad fault settings are refused", async () => {
      expect((await sim(sb.url, "POST", "/faults", { errorRate: 2 })).status).toBe(400);
    });
  });

  test("hooks are off without --scenarios", async () => {
    const plain = await testSandbox({ scenarios: false, recordsPerGstin: 100 });
    try {
      expect((await sim(plain.url, "GET", "/state")).status).toBe(404);
      expect((await call(plain.url, "POST", "/_sim/faults", { body: { latencyMs: 1 }, headers: { "x-api-key": KEY } })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe("scenario hook errors", () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await testSandbox({ recordsPerGstin: 300 });
  });
  afterAll(() => sb.close());

  const errorCode = (body: any) => body.data?.error?.error_cd;

  test("SIM010 unknown taxpayer, SIM011 not a GSTR-3B period, SIM404 unknown record, SIM409 duplicate amendment, 400 bad input", async () => {
    expect(errorCode((await sim(sb.url, "POST", "/recipient/file-gstr3b", { gstin: "24ABCCU0123M1YZ", period: "2026-10" })).body)).toBe("SIM010");
    expect(errorCode((await sim(sb.url, "POST", "/recipient/file-gstr3b", { gstin: KA, period: "2026-10" })).body)).toBe("SIM011");
    const missing = await sim(sb.url, "POST", "/supplier/edit", { gstin: MH, section: "B2B", stin: KA, docNum: "NOPE", returnPeriod: "2026-10" });
    expect(errorCode(missing.body)).toBe("SIM404");
    const r = [...sb.state.recordsOf(MH).values()].find((x) => x.section === "B2B")!;
    const target = { gstin: MH, section: "B2B", stin: r.stin, docNum: r.docNum, returnPeriod: r.returnPeriod };
    expect((await sim(sb.url, "POST", "/supplier/amend", target)).status).toBe(200);
    expect(errorCode((await sim(sb.url, "POST", "/supplier/amend", target)).body)).toBe("SIM409");
    expect((await sim(sb.url, "POST", "/supplier/edit", { ...target, section: "XYZ" })).status).toBe(400);
    expect((await sim(sb.url, "POST", "/clock", { setDate: "21/11/2026" })).status).toBe(400);
  });
});
