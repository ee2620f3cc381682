import type { RunningSandbox } from "../../src/sandbox/server";
import type { SandboxRecord } from "../../src/sandbox/model";
import { sectionInfo, type SectionCode } from "../../src/ims/sections";
import { taxPeriodToReturnPeriod } from "../../src/ims/periods";
import { docNumOf, echo, MH, Session, sim, testSandbox } from "./helpers";

/** Each portal rule, driven over HTTP, checked against the error report and the store afterwards. */
describe("sandbox portal rules on save and reset", () => {
  let sb: RunningSandbox;
  let mh: Session;
  beforeAll(async () => {
    sb = await testSandbox({ recordsPerGstin: 3000 });
    mh = await Session.open(sb.url, MH);
  });
  afterAll(() => sb.close());

  const stored = (): SandboxRecord[] => [...sb.state.recordsOf(MH).values()];
  const wireOf = async (r: SandboxRecord) => {
    const list = await mh.invoices(r.section);
    const w = list.find((x) => x.stin === r.stin && docNumOf(x) === r.docNum && x.rtnprd === taxPeriodToReturnPeriod(r.returnPeriod));
    if (!w) throw new Error(`record ${r.docNum} not served`);
    return w;
  };
  const current = (r: SandboxRecord) => sb.state.recordsOf(MH).get(`${r.section}|${r.stin}|${r.docNum.toUpperCase()}|${r.returnPeriod}`)!;
  const key = (section: SectionCode) => sectionInfo(section).payloadKey;
  const pick = (pred: (r: SandboxRecord) => boolean, what: string): SandboxRecord => {
    const r = stored().find(pred);
    if (!r) throw new Error(`the demo data has no ${what}`);
    return r;
  };
  const expectError = (status: any, code: string, r: SandboxRecord) => {
    expect(status.status_cd).toBe("PE");
    expect(status.err_cnt).toBe("1");
    const entries = Object.values(status.error_report).flat() as any[];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ stin: r.stin, error_cd: code, inv: [{ inum: r.docNum, rtnprd: taxPeriodToReturnPeriod(r.returnPeriod) }] });
    expect(typeof entries[0].error_msg).toBe("string");
  };

  test("a valid save is processed (P, SAV) and changes the record; a reset (RST) takes it back to N", async () => {
    const r = pick((x) => x.section === "B2B" && x.action === "N", "B2B record without action");
    const w = await wireOf(r);
    const status = await mh.save("b2b", [echo(w, { action: "R", remarks: "Goods not received" })]);
    expect(status).toMatchObject({ status_cd: "P", transTypCd: "SAV", proc_cnt: "1", err_cnt: "0" });
    expect(current(r)).toMatchObject({ action: "R", remarks: "Goods not received", hash: r.hash });
    const w2 = await wireOf(r);
    expect(w2).toMatchObject({ action: "R", remarks: "Goods not received" });
    const reset = await mh.reset("b2b", [echo(w2)]);
    expect(reset).toMatchObject({ status_cd: "P", transTypCd: "RST" });
    expect(current(r).action).toBe("N");
    expect(current(r).remarks).toBeUndefined();
    const audit = (await sim(sb.url, "GET", `/audit?gstin=${MH}`)).body.entries.filter((e: any) => e.key.includes(r.docNum.toUpperCase()));
    expect(audit.map((e: any) => `${e.from}>${e.to}`)).toEqual(["N>R", "R>N"]);
  });

  test("IMSSAV0010: wrong prev_status, a changed value, a record that does not exist", async () => {
    const r = pick((x) => x.section === "B2B" && x.action === "N" && x.txval > 100, "B2B record");
    const w = await wireOf(r);
    expectError(await mh.save("b2b", [echo(w, { action: "A", prev_status: "A" })]), "IMSSAV0010", r);
    expectError(await mh.save("b2b", [echo(w, { action: "A", txval: Math.round(w.txval * 100 + 1) / 100 })]), "IMSSAV0010", r);
    // 0.1 + 0.2 drift in an echoed amount is a different amount.
    expectError(await mh.save("b2b", [echo(w, { action: "A", val: w.val + 1e-9 })]), "IMSSAV0010", r);
    const ghost = await mh.save("b2b", [echo(w, { action: "A", inum: "NOPE-0001" })]);
    expect(ghost.status_cd).toBe("PE");
    expect(current(r).action).toBe("N");
  });

  test("SIM001: Pending refused where ispendactblocked is Y", async () => {
    const r = pick((x) => x.pendingBlocked && x.action !== "P", "pending-blocked record");
    const w = await wireOf(r);
    expect(w.ispendactblocked).toBe("Y");
    expectError(await mh.save(key(r.section), [echo(w, { action: "P" })]), "SIM001", r);
    expect(current(r).action).toBe(r.action);
  });

  test("SIM006: Pending refused on a specified record once its one-period window has passed", async () => {
    const r = pick((x) => x.specified && !x.pendingBlocked && x.action === "N" && x.section === "CN" && x.filed, "open specified credit note");
    const w = await wireOf(r);
    expect(w.ispendactblocked).toBe("N");
    const before = sb.state.clockOffsetMs;
    await sim(sb.url, "POST", "/clock", { advanceDays: 120 });
    try {
      const late = await wireOf(r);
      expect(late.ispendactblocked).toBe("Y");
      expectError(await mh.save("b2bcn", [echo(late, { action: "P" })]), "SIM006", r);
    } finally {
      await sim(sb.url, "POST", "/clock", { advanceMs: before - sb.state.clockOffsetMs });
    }
    const ok = await mh.save("b2bcn", [echo(await wireOf(r), { action: "P", remarks: "Awaiting debit note reconciliation" })]);
    expect(ok.status_cd).toBe("P");
    expect(current(r).action).toBe("P");
  });

  test("SIM002: remarks refused on remarks-blocked records", async () => {
    const r = pick((x) => x.remarksBlocked && !x.pendingBlocked && x.action !== "R", "remarks-blocked record");
    const w = await wireOf(r);
    expect(w.isRemarksBlocked).toBe("Y");
    expectError(await mh.save(key(r.section), [echo(w, { action: "R", remarks: "No" })]), "SIM002", r);
  });

  test("SIM005 and SIM008: remarks longer than 250 characters, remarks with Accept", async () => {
    const r = pick((x) => x.section === "B2B" && x.action === "N" && !x.remarksBlocked, "B2B record");
    const w = await wireOf(r);
    expectError(await mh.save("b2b", [echo(w, { action: "R", remarks: "x".repeat(251) })]), "SIM005", r);
    expectError(await mh.save("b2b", [echo(w, { action: "A", remarks: "fine" })]), "SIM008", r);
    const exactly = await mh.save("b2b", [echo(w, { action: "R", remarks: "ऋ".repeat(250) })]);
    expect(exactly.status_cd).toBe("P");
  });

  test("SIM003: the ITC-reduction declaration only with Accept on specified records that allow it", async () => {
    const plain = pick((x) => x.section === "B2B" && x.action === "N", "B2B record");
    expectError(await mh.save("b2b", [echo(await wireOf(plain), { action: "A", itcRedReq: "Y" })]), "SIM003", plain);
    const cn = pick((x) => x.section === "CN" && x.specified && !x.itcReductionBlocked && x.action === "N" && !x.remarksBlocked, "open credit note");
    expectError(await mh.save("b2bcn", [echo(await wireOf(cn), { action: "R", itcRedReq: "Y" })]), "SIM003", cn);
    expectError(await mh.save("b2bcn", [echo(await wireOf(cn), { action: "A", itcRedReq: "N", declIgst: 0 })]), "SIM003", cn);
    const blocked = pick((x) => x.specified && x.itcReductionBlocked && x.action === "N", "ITC-reduction-blocked specified record");
    const bw = await wireOf(blocked);
    expect(bw.isItcRedReqBlocked).toBe("Y");
    expectError(await mh.save(key(blocked.section), [echo(bw, { action: "A", itcRedReq: "Y" })]), "SIM003", blocked);
  });

  test("SIM004 and SIM007: declared amounts within the tax per head, CGST equal to SGST; full reversal by default", async () => {
    const intra = pick((x) => x.section === "CN" && x.specified && !x.itcReductionBlocked && x.action === "N" && x.camt > 2, "intra-state open credit note");
    const w = await wireOf(intra);
    expectError(await mh.save("b2bcn", [echo(w, { action: "A", itcRedReq: "Y", declCgst: Math.round(w.camt * 100 + 1) / 100, declSgst: Math.round(w.samt * 100 + 1) / 100 })]), "SIM004", intra);
    expectError(await mh.save("b2bcn", [echo(w, { action: "A", itcRedReq: "Y", declCgst: 0.01, declSgst: 0.02 })]), "SIM007", intra);
    const half = Math.floor(intra.camt / 2) / 100;
    const ok = await mh.save("b2bcn", [echo(w, { action: "A", itcRedReq: "Y", declIgst: 0, declCgst: half, declSgst: half, declCess: 0 })]);
    expect(ok.status_cd).toBe("P");
    expect(current(intra)).toMatchObject({ action: "A", itcRedReq: "Y", declCgst: Math.round(half * 100), declSgst: Math.round(half * 100) });
    const other = pick((x) => x.section === "CN" && x.specified && !x.itcReductionBlocked && x.action === "N" && x.docNum !== intra.docNum, "second open credit note");
    expect((await mh.save("b2bcn", [echo(await wireOf(other), { action: "A", itcRedReq: "Y" })])).status_cd).toBe("P");
    expect(current(other)).toMatchObject({ declIgst: other.iamt, declCgst: other.camt, declSgst: other.samt, declCess: other.cess });
  });

  test("IMSSAV005: a request that fails the schema ends ER and changes nothing", async () => {
    const r = pick((x) => x.section === "B2B" && x.action === "N", "B2B record");
    const w = await wireOf(r);
    const bad = [
      { b2b: [echo(w, { action: "A", hash: w.hash })] },
      { b2b: [echo(w, { action: "X" })] },
      { b2b: [echo(w, { action: "A", idt: "31-02-2026" })] },
      { b2b: [echo(w, { action: "A", val: "100" })] },
      { b2b: [echo(w, { action: "A", txval: -1 })] },
      { imports: [echo(w, { action: "A" })] },
    ];
    for (const invdata of bad) {
      const res = await mh.post("/invoices/status/save", { rtin: MH, reqtyp: "SAVE", invdata });
      const status = await mh.status(res.body.data.data.reference_id);
      expect(status).toMatchObject({ status_cd: "ER", err_cd: "IMSSAV005", proc_cnt: "0", transTypCd: "SAV" });
    }
    const wrongType = await mh.post("/invoices/status/reset", { rtin: MH, reqtyp: "SAVE", invdata: { b2b: [echo(w)] } });
    expect((await mh.status(wrongType.body.data.data.reference_id)).status_cd).toBe("ER");
    expect(current(r).action).toBe("N");
  });

  test("a mixed request is PE: good records applied, bad ones listed under short section keys", async () => {
    const good = stored().filter((x) => x.section === "DN" && x.action === "N").slice(0, 2);
    const badNote = stored().find((x) => x.section === "DN" && x.action === "N" && !good.includes(x))!;
    const payload = [...(await Promise.all(good.map(wireOf))).map((w) => echo(w, { action: "A" })), echo(await wireOf(badNote), { action: "A", prev_status: "R" })];
    const status = await mh.save("b2bdn", payload);
    expect(status).toMatchObject({ status_cd: "PE", proc_cnt: "3", err_cnt: "1" });
    expect(Object.keys(status.error_report)).toEqual(["dn"]);
    for (const g of good) expect(current(g).action).toBe("A");
    expect(current(badNote).action).toBe("N");
  });

  test("long error-report keys when configured, and the legacy pending flag name", async () => {
    const other = await testSandbox({ errorReportKeys: "long", pendingFlagName: "ispendactnallwd", recordsPerGstin: 300 });
    try {
      const s = await Session.open(other.url, MH);
      const cn = (await s.invoices("CN"))[0]!;
      expect(cn).toHaveProperty("ispendactnallwd");
      expect(cn).not.toHaveProperty("ispendactblocked");
      const status = await s.save("b2bcn", [echo(cn, { action: "A", prev_status: cn.action === "R" ? "A" : "R" })]);
      expect(Object.keys(status.error_report)).toEqual(["b2bcn"]);
    } finally {
      await other.close();
    }
  });

  test("SIM009: more records than a request may carry is refused at once", async () => {
    const small = await testSandbox({ maxRecordsPerRequest: 2, recordsPerGstin: 300 });
    try {
      const s = await Session.open(small.url, MH);
      const three = (await s.invoices("B2B")).slice(0, 3).map((w) => echo(w, { action: "A" }));
      const r = await s.post("/invoices/status/save", { rtin: MH, reqtyp: "SAVE", invdata: { b2b: three } });
      expect(r.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "SIM009" } });
    } finally {
      await small.close();
    }
  });

  test("a request reads IP until its delay has passed, then is processed without polling", async () => {
    const slow = await testSandbox({ jobDelayMs: 400, recordsPerGstin: 300 });
    try {
      const s = await Session.open(slow.url, MH);
      const w = (await s.invoices("B2B")).find((x) => x.action === "N")!;
      const r = await s.post("/invoices/status/save", { rtin: MH, reqtyp: "SAVE", invdata: { b2b: [echo(w, { action: "A" })] } });
      const ref = r.body.data.data.reference_id;
      expect(ref).toMatch(/^[0-9a-f]{15}$/);
      expect((await s.get(`/invoices/status?reference_id=${ref}`)).body.data.data.status_cd).toBe("IP");
      await new Promise((res) => setTimeout(res, 600));
      const rec = [...slow.state.recordsOf(MH).values()].find((x) => x.docNum === w.inum && x.stin === w.stin)!;
      expect(rec.action).toBe("A");
      expect((await s.get(`/invoices/status?reference_id=${ref}`)).body.data.data.status_cd).toBe("P");
    } finally {
      await slow.close();
    }
  });

  test("GSTR-2B regeneration: refused without changes (IMS0005), accepted after an action, status to P", async () => {
    const profile = sb.state.profile(MH)!;
    const open = stored().find((x) => x.filed && x.action === "N" && x.section === "B2B")!;
    const [y, m] = open.itcPeriod.split("-");
    const fresh = await testSandbox({ recordsPerGstin: 300 });
    try {
      const s = await Session.open(fresh.url, MH);
      const before = await s.post(`/gstrs/gstr-2b/${y}/${m}/regenerate`, { rtin: MH, itcprd: `${m}${y}` });
      expect(before.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "IMS0005" } });
      const filedPeriod = profile.filed3bPeriods[profile.filed3bPeriods.length - 1]!;
      const [fy, fm] = filedPeriod.split("-");
      const filed = await s.post(`/gstrs/gstr-2b/${fy}/${fm}/regenerate`, { rtin: MH, itcprd: `${fm}${fy}` });
      expect(filed.body.data.error.error_cd).toBe("IMS2B007");
      const future = await s.post(`/gstrs/gstr-2b/2027/06/regenerate`, { rtin: MH, itcprd: "062027" });
      expect(future.body.data.error.error_cd).toBe("IMS2B009");
      const w = (await s.invoices("B2B")).find((x) => x.action === "N" && x.srcfilstatus === "Filed" && x.rtnprd === `${m}${y}`)!;
      expect((await s.save("b2b", [echo(w, { action: "A" })])).status_cd).toBe("P");
      const after = await s.post(`/gstrs/gstr-2b/${y}/${m}/regenerate`, { rtin: MH, itcprd: `${m}${y}` });
      expect(after.body.data.status_cd).toBe("1");
      const ref = after.body.data.data.reference_id;
      await new Promise((res) => setTimeout(res, 20));
      const st = await s.get(`/gstrs/gstr-2b/regenerate?reference_id=${ref}`);
      expect(st.body.data.data).toEqual({ status_cd: "P", err_cd: "", err_msg: "" });
      const again = await s.post(`/gstrs/gstr-2b/${y}/${m}/regenerate`, { rtin: MH, itcprd: `${m}${y}` });
      expect(again.body.data.error.error_cd).toBe("IMS0005");
    } finally {
      await fresh.close();
    }
  });
});
