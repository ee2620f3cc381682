/**
 * Issue 12, the supplier view end to end: the real application (createImsApp) → the add-in
 * server → the sandbox over HTTP, into the Excel fake. MH is the supplier; its customers DL and
 * KA act on its documents through the IMS API as recipients, and suppliers report the rarer
 * documents through the sandbox's /_sim/supplier/report (refund vouchers, an operator's supplies
 * by a registered supplier, GSTR-1A).
 */
import type { ImsApp } from "../../src/app/types";
import { outwardKey } from "../../src/ims/outward";
import type { RunningSandbox } from "../../src/sandbox/server";
import type { SandboxRecord } from "../../src/sandbox/model";
import { SETTINGS_KEY } from "../../src/workbook";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { DL, KA, MH, Session, echo, sim, testSandbox } from "../sandbox/helpers";
import { keyOf, signIn } from "./helpers";
import { readTable } from "./report-helpers";

const PERIOD = "2026-10";
let sb: RunningSandbox;
let fake: FakeExcelHandle;
let app: ImsApp;
/** MH's documents as its customers hold them, after the setup. */
let rejected: SandboxRecord;
let pending: SandboxRecord;

/** A recipient acts on one of MH's documents through the IMS API. */
async function act(recipient: string, record: SandboxRecord, action: "A" | "R" | "P", remarks?: string): Promise<void> {
  const s = await Session.open(sb.url, recipient);
  const key = record.section === "CN" ? "b2bcn" : record.section === "DN" ? "b2bdn" : "b2b";
  const wire = (await s.invoices(record.section)).find((r) => r.stin === MH && (r.inum ?? r.nt_num) === record.docNum);
  if (!wire) throw new Error(`${record.docNum} not in ${recipient}'s IMS`);
  const status = await s.save(key, [echo(wire, { action, ...(remarks ? { remarks } : {}) })]);
  if (status.status_cd !== "P") throw new Error(`save ended ${JSON.stringify(status)}`);
}

function supplied(section: string, forms = ["R1", "IFF"]): { recipient: string; record: SandboxRecord }[] {
  return sb.portal.suppliedBy(MH, PERIOD).filter((s) => s.record.section === section && forms.includes(s.record.srcForm));
}

async function report(body: Record<string, unknown>): Promise<void> {
  const r = await sim(sb.url, "POST", "/supplier/report", { stin: MH, returnPeriod: PERIOD, docDate: "2026-10-20", ...body });
  if (r.status !== 200) throw new Error(`report: ${r.status} ${JSON.stringify(r.body)}`);
}

beforeAll(async () => {
  sb = await testSandbox({ recordsPerGstin: 400, jobDelayMs: 0, rateLimit: { requests: 10_000, windowMs: 60_000 } });
  const open = supplied("B2B").filter((s) => s.record.action === "N");
  rejected = open[0]!.record;
  pending = open[1]!.record;
  await act(open[0]!.recipient, rejected, "R", "=1+1 the rate is wrong");
  await act(open[1]!.recipient, pending, "P");
  await report({ gstin: DL, section: "CN", docNum: "RV-0001", noteType: "R", pos: "07", txval: 100_000_00, iamt: 18_000_00 });
  await report({ gstin: KA, section: "DN", docNum: "DN-0042", pos: "29", txval: 5_000_00, iamt: 900_00 });
  await report({ gstin: DL, section: "ECOM", docNum: "EC-1001", ecomSupplier: KA, pos: "07", txval: 2_000_00, iamt: 360_00 });
  await report({ gstin: KA, section: "ECOM", docNum: "EC-1002", pos: "29", txval: 1_000_00, iamt: 180_00 });
  await report({ gstin: DL, section: "B2B", docNum: "00123", srcForm: "R1A", pos: "07", txval: 7_000_00, iamt: 1_260_00 });
}, 60_000);

afterAll(async () => {
  await sb.close();
});

beforeEach(async () => {
  fake = installExcelFake({ today: sb.portal.clock.today() });
  app = await signIn(sb);
});
afterEach(() => fake.uninstall());

describe("the supplier view: one read-only sheet per GSTR-1 section", () => {
  test("sales with the customers' actions, in sheets named apart from the IMS sections' sheets", async () => {
    await app.pull(["B2B", "CN"], null);
    const imsB2b = fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string);
    const out = await app.pullSales(PERIOD, "GSTR-1");

    expect(out.sections.map((s) => s.sheetName)).toEqual(["Sales B2B", "Sales B2BA", "Sales CDNR", "Sales CDNRA", "Sales ECOM", "Sales ECOMA"]);
    // The IMS section sheets are untouched.
    expect(fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string)).toEqual(imsB2b);
    expect(fake.inspect.sheetNames()).toEqual(expect.arrayContaining(["B2B", "CN", "Sales B2B", "Sales CDNR", "Follow-up", "Customers", "Summary"]));

    const b2b = readTable(fake, "Sales B2B", "Customer GSTIN");
    const portal = supplied("B2B");
    expect(b2b.rows).toHaveLength(portal.length);
    for (const { recipient, record } of portal) {
      const row = b2b.rows.find((r) => r["Invoice no."] === record.docNum && r["Customer GSTIN"] === recipient);
      expect(row).toMatchObject({
        "Invoice value (₹)": record.val / 100,
        "Taxable value (₹)": record.txval / 100,
        "IGST (₹)": record.iamt / 100,
        "Customer's action": { N: "No action", A: "Accepted", R: "Rejected", P: "Pending" }[record.action],
        "Return period": PERIOD,
        Return: "GSTR-1",
      });
    }
    // The customer's remarks stay text, never a formula.
    const r = b2b.rows.find((x) => x["Invoice no."] === rejected.docNum)!;
    expect(r["Customer's remarks"]).toBe("=1+1 the rate is wrong");
    expect(fake.inspect.cell("Sales B2B", b2b.address(r.sheetRow, "Customer's remarks"))).toMatchObject({ formula: null, numberFormat: "@" });
    expect(fake.inspect.cell("Sales B2B", b2b.address(r.sheetRow, "Invoice no.")).numberFormat).toBe("@");
    expect(fake.inspect.tables("Sales B2B").map((t) => t.name)).toEqual(["IMS_Sales_B2B"]);
    expect(fake.inspect.settings()[SETTINGS_KEY]).toMatchObject({ layoutVersion: 3, outward: { period: PERIOD, form: "GSTR-1", pulledAt: out.pulledAt } });
  });

  test("credit notes, debit notes and refund vouchers: ntty C, D and R", async () => {
    await app.pullSales(PERIOD, "GSTR-1");
    const cdnr = readTable(fake, "Sales CDNR", "Customer GSTIN");
    const expected = [...supplied("CN"), ...supplied("DN")];
    expect(cdnr.rows).toHaveLength(expected.length);
    const typeOf = (doc: string) => cdnr.rows.find((r) => r["Note no."] === doc)?.["Note type"];
    expect(typeOf("RV-0001")).toBe("Refund voucher");
    expect(typeOf("DN-0042")).toBe("Debit note");
    for (const { record } of supplied("CN").filter((s) => s.record.docNum !== "RV-0001")) expect(typeOf(record.docNum)).toBe("Credit note");
    expect(cdnr.rows.find((r) => r["Note no."] === "RV-0001")).toMatchObject({ "Customer GSTIN": DL, "Note value (₹)": 118_000, "IGST (₹)": 18_000 });
  });

  test("nested e-commerce sales: a registered supplier's supply under b2b with its GSTIN, an unregistered one's under urp2b", async () => {
    await app.pullSales(PERIOD, "GSTR-1");
    const ecom = readTable(fake, "Sales ECOM", "Recipient GSTIN");
    expect(ecom.rows.map((r) => [r["Invoice no."], r["Recipient GSTIN"], r["Supplier GSTIN"], r.Part, r["Supply type"]]).sort()).toEqual([
      ["EC-1001", DL, KA, "b2b", "INTER"],
      ["EC-1002", KA, "", "urp2b", "INTER"],
    ]);
  });

  test('"no records" from the portal is an empty sheet that says so', async () => {
    const out = await app.pullSales(PERIOD, "GSTR-1");
    expect(out.sections.find((s) => s.section === "ECOMA")!.documents).toBe(0);
    expect(fake.inspect.values("Sales ECOMA", "A3:A3")[0]![0]).toMatch(/^No documents: the portal has none/);
    expect(readTable(fake, "Sales ECOMA", "Recipient GSTIN").rows).toEqual([]);
    expect(fake.inspect.tables("Sales ECOMA")).toHaveLength(1);
  });

  test("the return type: GSTR-1A shows only what was reported in GSTR-1A", async () => {
    const out = await app.pullSales(PERIOD, "GSTR-1A");
    expect(out.form).toBe("GSTR-1A");
    const b2b = readTable(fake, "Sales B2B", "Customer GSTIN");
    expect(b2b.rows.map((r) => [r["Invoice no."], r.Return])).toEqual([["00123", "GSTR-1A"]]);
    // "00123" stays text: a document number is never a number.
    expect(fake.inspect.cell("Sales B2B", b2b.address(b2b.rows[0]!.sheetRow, "Invoice no."))).toMatchObject({ value: "00123", numberFormat: "@" });
  });
});

describe("Follow-up and Customers", () => {
  test("rejected, pending and no-action documents by customer, highest value first, with remarks, days since filing and what to do", async () => {
    await app.pullSales(PERIOD, "GSTR-1");
    const view = readTable(fake, "Follow-up", "Customer GSTIN");
    const docs = sb.portal.suppliedBy(MH, PERIOD).filter((s) => ["R1", "IFF"].includes(s.record.srcForm));
    const open = docs.filter((s) => s.record.action !== "A");
    expect(view.rows).toHaveLength(open.length);
    expect(view.rows.every((r) => r["Customer's action"] !== "Accepted")).toBe(true);
    // Grouped by customer: each customer's rows together, highest value first within it.
    const customers = view.rows.map((r) => r["Customer GSTIN"]);
    expect(customers).toEqual([...customers].sort((a, b) => customers.indexOf(a) - customers.indexOf(b)));
    for (const c of new Set(customers)) {
      const values = view.rows.filter((r) => r["Customer GSTIN"] === c).map((r) => r["Value (₹)"] as number);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
    const r = view.rows.find((x) => x["Document no."] === rejected.docNum)!;
    expect(r).toMatchObject({ "Customer's action": "Rejected", "Customer's remarks": "=1+1 the rate is wrong", "Days since filing": 10 });
    expect(String(r["What to do"])).toMatch(/GSTR-1A/);
    expect(String(view.rows.find((x) => x["Document no."] === pending.docNum)!["What to do"])).toMatch(/^Kept pending/);
    const rv = view.rows.find((x) => x["Document no."] === "RV-0001")!;
    expect(rv).toMatchObject({ Section: "CDNR", "Note type": "Refund voucher", "Customer's action": "No action" });
  });

  test("the user's follow-up column is kept by every refresh, by document, whatever the order or period pulled", async () => {
    await app.pullSales(PERIOD, "GSTR-1");
    let view = readTable(fake, "Follow-up", "Customer GSTIN");
    const note = "Follow-up (called, emailed, amended)";
    const onRejected = view.rows.find((x) => x["Document no."] === rejected.docNum)!;
    const onPending = view.rows.find((x) => x["Document no."] === pending.docNum)!;
    fake.user.typeInto("Follow-up", view.address(onRejected.sheetRow, note), "called Mr. Rao 22-11; =amend in 1A");
    fake.user.typeInto("Follow-up", view.address(onPending.sheetRow, note), "emailed");

    // The customer accepts the pending one; MH pulls again, then another period, then this one again.
    await act(sb.portal.suppliedBy(MH, PERIOD).find((s) => s.record.docNum === pending.docNum)!.recipient, { ...pending, action: "P" }, "A");
    await app.pullSales(PERIOD, "GSTR-1");
    await app.pullSales("2026-11", "GSTR-1");
    await app.pullSales(PERIOD, "GSTR-1");

    view = readTable(fake, "Follow-up", "Customer GSTIN");
    const rej = view.rows.filter((x) => x["Document no."] === rejected.docNum);
    expect(rej).toHaveLength(1);
    expect(rej[0]![note]).toBe("called Mr. Rao 22-11; =amend in 1A");
    expect(fake.inspect.cell("Follow-up", view.address(rej[0]!.sheetRow, note))).toMatchObject({ formula: null });
    // Accepted since: kept for the note, saying there is nothing left to do.
    const acc = view.rows.find((x) => x["Document no."] === pending.docNum)!;
    expect(acc).toMatchObject({ [note]: "emailed", "Customer's action": "Accepted" });
    expect(String(acc["What to do"])).toMatch(/^Accepted by the customer since/);
    // November's open documents are there too, with October's.
    const nov = sb.portal.suppliedBy(MH, "2026-11").filter((s) => s.record.action !== "A" && ["R1", "IFF"].includes(s.record.srcForm));
    expect(view.rows.filter((x) => x["Return period"] === "2026-11")).toHaveLength(nov.length);
    // The key column ties each row to its document.
    expect(view.rows.find((x) => x["Document no."] === rejected.docNum)!["Document key (do not edit)"]).toBe(
      outwardKey({ form: "GSTR-1", section: "B2B", recipientGstin: sb.portal.suppliedBy(MH, PERIOD).find((s) => s.record.docNum === rejected.docNum)!.recipient, docNumber: rejected.docNum, period: PERIOD }),
    );
  });

  test("customer-wise totals: documents and value by the customer's action", async () => {
    await app.pullSales(PERIOD, "GSTR-1");
    const view = readTable(fake, "Customers", "Customer GSTIN");
    const docs = sb.portal.suppliedBy(MH, PERIOD).filter((s) => ["R1", "IFF"].includes(s.record.srcForm));
    for (const c of new Set(docs.map((d) => d.recipient))) {
      const mine = docs.filter((d) => d.recipient === c);
      const sign = (r: SandboxRecord) => (r.section === "CN" ? -1 : 1);
      const row = view.rows.find((r) => r["Customer GSTIN"] === c)!;
      expect(row.Documents).toBe(mine.length);
      expect(row["Value (₹)"]).toBeCloseTo(mine.reduce((n, d) => n + sign(d.record) * d.record.val, 0) / 100, 2);
      for (const [a, word] of [["N", "No action"], ["A", "Accepted"], ["R", "Rejected"], ["P", "Pending"]] as const) {
        expect(row[`${word}: documents`]).toBe(mine.filter((d) => d.record.action === a).length);
      }
    }
  });
});

describe("added-back liabilities", () => {
  test("a period's documents and totals per head", async () => {
    const period = sb.state.addedBack.find((e) => e.supplierGstin === MH)!.period;
    const entries = sb.state.addedBack.filter((e) => e.supplierGstin === MH && e.period === period);
    const out = await app.pullAddedBack(period);
    expect(out.documents).toBe(entries.length);
    const docs = readTable(fake, "Added back", "Section", 1);
    expect(docs.rows.map((r) => r["Document no."]).sort()).toEqual(entries.map((e) => e.docNum).sort());
    const totals = readTable(fake, "Added back", "Section", 0);
    const total = totals.rows.find((r) => r.Section === "Total")!;
    expect(total).toMatchObject({ Documents: entries.length });
    for (const [h, k] of [["IGST (₹)", "iamt"], ["CGST (₹)", "camt"], ["SGST (₹)", "samt"], ["Cess (₹)", "cess"], ["Taxable value (₹)", "txval"]] as const) {
      expect(total[h]).toBeCloseTo(entries.reduce((n, e) => n + e[k], 0) / 100, 2);
    }
    expect(totals.rows.map((r) => r.Section)).toEqual(["CDNR (credit notes)", "B2BA (amended invoices)", "CDNRA (amended notes)", "ECOMA (amended e-commerce)", "Total"]);
  });

  test('"no records" (IMS0027) is an empty sheet with zero totals', async () => {
    const out = await app.pullAddedBack("2020-01");
    expect(out.documents).toBe(0);
    expect(readTable(fake, "Added back", "Section", 1).rows).toEqual([]);
    expect(readTable(fake, "Added back", "Section", 0).rows.find((r) => r.Section === "Total")).toMatchObject({ Documents: 0, "IGST (₹)": 0 });
    expect(String(fake.inspect.values("Added back", "A2:A2")[0]![0])).toMatch(/none: the portal has no added-back liabilities/);
  });
});

describe("the Summary's charts", () => {
  test("documents and tax by action, outward from the sales and inward from the supplier-wise review, in native charts", async () => {
    await app.loadCounts();
    await app.pull(["B2B", "CN"], null);
    const out = await app.pullSales(PERIOD, "GSTR-1");
    await app.reviewSuppliers();
    const charts = fake.inspect.charts("Summary");
    expect(charts.map((c) => [c.name, c.type, c.source])).toEqual([
      ["IMS documents by action", "ColumnClustered", "Summary!J5:L9"],
      ["IMS tax by action", "ColumnClustered", "Summary!J12:L16"],
    ]);
    const docs = charts[0]!;
    expect(docs.categories).toEqual(["No action", "Accepted", "Rejected", "Pending"]);
    expect(docs.series.map((s) => s.name)).toEqual(["Inward", "Outward"]);
    expect(docs.series[1]!.values).toEqual([out.byAction.N.documents, out.byAction.A.documents, out.byAction.R.documents, out.byAction.P.documents]);
    const inward = [...sb.state.recordsOf(MH).values()].filter((r) => r.section === "B2B" || r.section === "CN");
    expect(docs.series[0]!.values).toEqual(["N", "A", "R", "P"].map((a) => inward.filter((r) => r.action === a).length));
    const tax = charts[1]!;
    const itc = (r: SandboxRecord) => (r.section === "CN" ? -1 : 1) * (r.iamt + r.camt + r.samt + r.cess);
    (tax.series[0]!.values as number[]).forEach((v, i) => expect(v).toBeCloseTo(inward.filter((r) => r.action === "NARP"[i]).reduce((n, r) => n + itc(r), 0) / 100, 2));
    // The counts table is still there, and refreshing it leaves the charts.
    await app.loadCounts();
    expect(fake.inspect.tables("Summary").map((t) => t.name).sort()).toEqual(["IMS_DocsByAction", "IMS_Summary", "IMS_TaxByAction"]);
    expect(fake.inspect.charts("Summary")).toHaveLength(2);
    expect(keyOf(inward[0]!)).toBeTruthy();
  });
});
