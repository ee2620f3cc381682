/**
 * The reconciliation's two sheets in the Excel fake: both written, text stays text, amounts are
 * rupees and dates serials, a second write replaces everything, and a large write stays within
 * the payload limit.
 */
import type { Category } from "../../src/ims/reconcile";
import { supplierReconRows, type HeadAmounts, type ReconRow } from "../../src/ims/reconcile/report-rows";
import { isoDateToSerial } from "../../src/workbook/date-serial";
import { RECON_SUPPLIERS_SHEET, RECON_SUPPLIERS_TABLE, RECONCILIATION_SHEET, RECONCILIATION_TABLE, writeReconciliationSheets, WorkbookGstinMismatchError } from "../../src/workbook";
import { readTable } from "../app/report-helpers";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { GSTIN, T1, T2 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

const S1 = "29AABCB5678K1Z5";
const S2 = "07AAFCD4321M1ZN";
const NONE: HeadAmounts = { taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 };

function amounts(taxableValue: number, igst: number): HeadAmounts {
  return { taxableValue, igst, cgst: 0, sgst: 0, cess: 0 };
}

function minus(a: HeadAmounts, b: HeadAmounts): HeadAmounts {
  return { taxableValue: a.taxableValue - b.taxableValue, igst: a.igst - b.igst, cgst: a.cgst - b.cgst, sgst: a.sgst - b.sgst, cess: a.cess - b.cess };
}

/** A row as reconciliationRows makes it; a linked one unless the sides say otherwise. */
function row(o: { category: Category; gstin?: string; name?: string; imsNumber?: string; prNumber?: string; ims?: HeadAmounts; pr?: HeadAmounts; imsAt?: number; prAt?: number } & Partial<ReconRow>): ReconRow {
  const ims = o.imsNumber === undefined ? NONE : (o.ims ?? amounts(100000, 18000));
  const pr = o.prNumber === undefined ? NONE : (o.pr ?? ims);
  const prNumbers = o.prNumber === undefined ? [] : [o.prNumber];
  return {
    category: o.category,
    reasons: o.reasons ?? "",
    supplierGstin: o.gstin ?? S1,
    supplierName: o.name ?? "Bharat Traders",
    imsIndices: o.imsNumber === undefined ? [] : [o.imsAt ?? 0],
    prIndices: o.prNumber === undefined ? [] : [o.prAt ?? 0],
    imsSections: o.imsNumber === undefined ? "" : "B2B",
    imsDocNumbers: o.imsNumber ?? "",
    imsDate: o.imsNumber === undefined ? "" : "2025-07-10",
    imsSheetRows: o.imsNumber === undefined ? "" : `B2B ${5 + (o.imsAt ?? 0)}`,
    ims,
    prSheetRows: o.prNumber === undefined ? "" : String(2 + (o.prAt ?? 0)),
    prNumbers,
    prDocNumbers: prNumbers.join(", "),
    prDate: o.prNumber === undefined ? "" : "2025-07-11",
    pr,
    difference: minus(ims, pr),
    suggestedAction: o.suggestedAction ?? null,
    suggestedRemarks: o.suggestedRemarks ?? "",
  };
}

const ROWS: ReconRow[] = [
  row({ category: "exact", imsNumber: "00123", prNumber: "00123", suggestedAction: "A" }),
  row({ category: "mismatch", imsNumber: "-12A", prNumber: "-12A", imsAt: 1, prAt: 1, pr: amounts(90000, 16200), reasons: "taxable value differs by ₹100.00", suggestedAction: "P", suggestedRemarks: "Differs from our books" }),
  row({ category: "missing_in_ims", gstin: S2, name: "=HYPERLINK(\"x\")", prNumber: "1E5", prAt: 2, pr: amounts(5000, 900) }),
];

async function write(rows: readonly ReconRow[], at = T1, budgetBytes?: number): Promise<{ sheets: string[]; syncs: number }> {
  return writeReconciliationSheets({ gstin: GSTIN, reconciledAt: at, rows, suppliers: supplierReconRows(rows), imsDocuments: 2, prLines: 3 }, budgetBytes === undefined ? {} : { budgetBytes });
}

test("both sheets: their tables, titles, frozen headers", async () => {
  const result = await write(ROWS);
  expect(result.sheets).toEqual([RECONCILIATION_SHEET, RECON_SUPPLIERS_SHEET]);
  expect(result.syncs).toBeGreaterThan(0);
  expect(fake.inspect.tables(RECONCILIATION_SHEET).map((t) => t.name)).toEqual([RECONCILIATION_TABLE]);
  expect(fake.inspect.tables(RECON_SUPPLIERS_SHEET).map((t) => t.name)).toEqual([RECON_SUPPLIERS_TABLE]);
  const title = fake.inspect.values(RECONCILIATION_SHEET, "A1:A4").map((r) => r[0]);
  expect(title[1]).toBe(`Reconciled 21-11-2025 10:30 IST · GSTIN ${GSTIN} · 2 IMS documents · 3 purchase-register lines`);
  expect(String(title[2])).toMatch(/^Category and Reasons explain each row/);
  expect(String(title[3])).toContain('"Apply suggestions"');
  const view = readTable(fake, RECONCILIATION_SHEET, "Category");
  expect(fake.inspect.frozenRows(RECONCILIATION_SHEET)).toBe(view.headerRow);
  expect(fake.inspect.sheetNames().filter((n) => n.startsWith("IMS build"))).toEqual([]);
});

test("one row each, in the order given: categories in words, numbers and sheet rows as text, amounts in rupees, dates as serials", async () => {
  await write(ROWS);
  const view = readTable(fake, RECONCILIATION_SHEET, "Category");
  expect(view.rows).toHaveLength(3);
  const [exact, mismatch, missing] = view.rows;
  expect(exact).toMatchObject({ Category: "Exact", "Supplier GSTIN": S1, "IMS document no.": "00123", "PR document no.": "00123", "IMS sheet row": "B2B 5", "PR sheet row": "2", "Suggested action": "Accept" });
  expect(exact?.["IMS taxable value (₹)"]).toBe(1000);
  expect(exact?.["IMS IGST (₹)"]).toBe(180);
  expect(exact?.["IMS date"]).toBe(isoDateToSerial("2025-07-10"));
  expect(exact?.["PR date"]).toBe(isoDateToSerial("2025-07-11"));
  expect(mismatch).toMatchObject({ Category: "Mismatch", Reasons: "taxable value differs by ₹100.00", "IMS document no.": "-12A", "PR taxable value (₹)": 900, "Difference taxable value (₹)": 100, "Difference IGST (₹)": 18, "Suggested action": "Keep pending", "Suggested remarks": "Differs from our books" });
  expect(missing).toMatchObject({ Category: "Missing in IMS", "Supplier name": '=HYPERLINK("x")', "IMS document no.": "", "IMS date": "", "PR document no.": "1E5", "Difference taxable value (₹)": -50, "Suggested action": "" });
  for (const header of ["Supplier GSTIN", "Supplier name", "IMS document no.", "PR document no.", "IMS sheet row", "PR sheet row"]) {
    const cell = fake.inspect.cell(RECONCILIATION_SHEET, view.address(missing?.sheetRow ?? 0, header));
    expect([header, cell.numberFormat, cell.formula]).toEqual([header, "@", null]);
  }
  expect(fake.inspect.cell(RECONCILIATION_SHEET, view.address(exact?.sheetRow ?? 0, "PR sheet row")).value).toBe("2");
});

test("by supplier: totals, tax, differences and the match counts", async () => {
  await write(ROWS);
  const view = readTable(fake, RECON_SUPPLIERS_SHEET, "Supplier GSTIN");
  expect(view.rows.map((r) => r["Supplier GSTIN"])).toEqual([S1, S2]);
  expect(view.rows[0]).toMatchObject({
    "Supplier name": "Bharat Traders",
    "IMS documents": 2,
    "IMS taxable value (₹)": 2000,
    "IMS tax (₹)": 360,
    "PR documents (distinct numbers)": 2,
    "PR lines": 2,
    "PR taxable value (₹)": 1900,
    "PR tax (₹)": 342,
    "Difference taxable value (₹)": 100,
    "Difference tax (₹)": 18,
    "Match: exact": 1,
    "Match: mismatch": 1,
    "Match: missing in IMS": 0,
  });
  expect(view.rows[1]).toMatchObject({ "IMS documents": 0, "PR lines": 1, "Difference tax (₹)": -9, "Match: missing in IMS": 1, "Match: exact": 0 });
});

test("a second write replaces both sheets: fewer rows leave none behind", async () => {
  await write(ROWS);
  await write([row({ category: "suggested", gstin: S2, name: "D Traders", imsNumber: "X-9", prNumber: "X/9", reasons: "number format" })], T2);
  const view = readTable(fake, RECONCILIATION_SHEET, "Category");
  expect(view.rows.map((r) => [r.Category, r["IMS document no."], r["PR document no."]])).toEqual([["Suggested", "X-9", "X/9"]]);
  expect(fake.inspect.values(RECONCILIATION_SHEET, `A${view.headerRow + 2}:AB${view.headerRow + 4}`).flat().every((v) => v === "")).toBe(true);
  expect(fake.inspect.values(RECONCILIATION_SHEET, "A2:A2")[0]?.[0]).toMatch(/^Reconciled 22-11-2025/);
  expect(readTable(fake, RECON_SUPPLIERS_SHEET, "Supplier GSTIN").rows.map((r) => r["Supplier GSTIN"])).toEqual([S2]);
  expect(fake.inspect.sheetNames().filter((n) => n.startsWith("Reconciliation"))).toEqual([RECONCILIATION_SHEET, RECON_SUPPLIERS_SHEET]);
});

test("a workbook of another GSTIN is refused before either sheet is put in place", async () => {
  await write(ROWS);
  await expect(writeReconciliationSheets({ gstin: "29AAFCD4321M1ZN", reconciledAt: T2, rows: [], suppliers: [], imsDocuments: 0, prLines: 0 })).rejects.toBeInstanceOf(WorkbookGstinMismatchError);
  expect(readTable(fake, RECONCILIATION_SHEET, "Category").rows).toHaveLength(3);
  expect(readTable(fake, RECON_SUPPLIERS_SHEET, "Supplier GSTIN").rows).toHaveLength(2);
  expect(fake.inspect.sheetNames().filter((n) => n.startsWith("IMS build"))).toEqual([]);
});

test("20,000 rows against a 1 MB limit (as 100,000 against Excel's 5 MB): every request under it, in many syncs", async () => {
  fake.uninstall();
  fake = installExcelFake({ today: "2025-11-21", payloadLimitBytes: 1_000_000 });
  const many = Array.from({ length: 20_000 }, (_, i) =>
    row({
      category: i % 7 === 0 ? "mismatch" : "exact",
      gstin: `27AAAAA${String(i % 500).padStart(4, "0")}A1Z5`,
      name: `Supplier ${i % 500} Private Limited, Unit ${i % 13}`,
      imsNumber: `INV/2025-26/${String(i).padStart(6, "0")}`,
      prNumber: `INV/2025-26/${String(i).padStart(6, "0")}`,
      imsAt: i,
      prAt: i,
      pr: i % 7 === 0 ? amounts(99000, 17820) : undefined,
      reasons: i % 7 === 0 ? "taxable value differs by ₹10.00 (IMS ₹1,000.00, PR ₹990.00); IGST differs by ₹1.80 (IMS ₹180.00, PR ₹178.20)" : "",
      suggestedAction: i % 7 === 0 ? "P" : "A",
      suggestedRemarks: i % 7 === 0 ? "Differs from our books: taxable value differs by ₹10.00 (IMS ₹1,000.00, PR ₹990.00)" : "",
    }),
  );
  fake.resetStats();
  const result = await write(many, T1, 800_000);
  const stats = fake.stats();
  expect(stats.rejectedForSize).toBe(0);
  expect(stats.maxRequestBytes).toBeLessThan(1_000_000);
  expect(stats.totalRequestBytes).toBeGreaterThan(4_000_000); // four requests' worth at least: it had to be split
  expect(result.syncs).toBe(stats.syncs);
  expect(result.syncs).toBeGreaterThanOrEqual(8);
  const view = readTable(fake, RECONCILIATION_SHEET, "Category");
  expect(view.rows).toHaveLength(20_000);
  const last = view.rows[19_999];
  expect(last?.["IMS document no."]).toBe("INV/2025-26/019999");
  expect(fake.inspect.cell(RECONCILIATION_SHEET, view.address(last?.sheetRow ?? 0, "PR document no.")).numberFormat).toBe("@");
  expect(readTable(fake, RECON_SUPPLIERS_SHEET, "Supplier GSTIN").rows).toHaveLength(500);
}, 120_000);
