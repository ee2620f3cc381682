/**
 * The reconciliation as report rows: the real matcher's result on a small set, then one row per
 * link with both sides, the differences, the names and the suggestions; the supplier summary and
 * the Suppliers sheet's match counts.
 */
import { CATEGORIES, reconcile, type Category } from "../../src/ims/reconcile";
import { CATEGORY_WORDS, matchCountsBySupplier, reconciliationRows, REPORT_HEADS, supplierReconRows, taxOf, type ReconRow, type ReconRowsInput } from "../../src/ims/reconcile/report-rows";
import type { ImsRecord } from "../../src/ims/records";
import type { PrLine } from "../../src/ims/register";
import { readRegister } from "../../src/ims/register";
import { imsRecord, OTHER_SUPPLIER, rows as prRows, SUPPLIER } from "./helpers";
import { generateSynthetic } from "./synthetic";

/** A third supplier, found only in IMS, with no name anywhere. */
const UNNAMED = "07AAFCU1111A1Z3";

const IMS: ImsRecord[] = [
  /* 0 */ imsRecord({ docNumber: "INV-1", docDate: "2025-07-02", value: 118000, taxableValue: 100000, igst: 18000 }),
  /* 1 */ imsRecord({ docNumber: "B/101", docDate: "2025-07-01", value: 118000, taxableValue: 100000, igst: 18000 }),
  /* 2 */ imsRecord({ docNumber: "B/102", docDate: "2025-07-03", value: 59000, taxableValue: 50000, igst: 9000 }),
  /* 3 */ imsRecord({ docNumber: "INV-3", docDate: "2025-07-05", value: 118000, taxableValue: 100000, igst: 18000 }),
  /* 4 */ imsRecord({ docNumber: "INV-9", docDate: "2025-07-09", value: 23600, taxableValue: 20000, igst: 3600 }),
  /* 5 */ imsRecord({ section: "CN", docNumber: "CN/25-26/014", docDate: "2025-07-12", value: 11800, taxableValue: 10000, igst: 1800 }),
  /* 6 */ imsRecord({ supplierGstin: OTHER_SUPPLIER, docNumber: "X-2", docDate: "2025-07-15", value: 11200, taxableValue: 10000, igst: 0, cgst: 600, sgst: 600 }),
  /* 7 */ imsRecord({ supplierGstin: OTHER_SUPPLIER, docNumber: "Y-5", docDate: "2025-07-20", value: 5600, taxableValue: 5000, igst: 0, cgst: 300, sgst: 300 }),
  /* 8 */ imsRecord({ supplierGstin: UNNAMED, docNumber: "00123", docDate: "2025-07-21", value: 1180, taxableValue: 1000, igst: 180 }),
];

const PR: PrLine[] = prRows(
  /* row 1 */ { docNumber: "INV-1", docDate: "2025-07-02", value: 118000, taxableValue: 100000, igst: 18000 },
  /* row 2 */ { docNumber: "B/101", docDate: "2025-07-01", value: 177000, taxableValue: 150000, igst: 27000 },
  /* row 3 */ { docNumber: "INV-3", docDate: "2025-07-05", value: 106200, taxableValue: 90000, igst: 16200 },
  /* row 4: a credit note booked negative */ { docNumber: "CN/25-26/014", docDate: "2025-07-12", value: -11800, taxableValue: -10000, igst: -1800 },
  /* row 5 */ { supplierGstin: OTHER_SUPPLIER, supplierName: "D Traders", docNumber: "X-2", docDate: "2025-07-15", value: 11200, taxableValue: 10000, igst: 0, cgst: 600, sgst: 600 },
  /* row 6: row 5 again */ { supplierGstin: OTHER_SUPPLIER, supplierName: "D Traders", docNumber: "X-2", docDate: "2025-07-15", value: 11200, taxableValue: 10000, igst: 0, cgst: 600, sgst: 600 },
  /* rows 7, 8: rate lines of one document IMS does not have */
  { supplierGstin: OTHER_SUPPLIER, supplierName: "", docNumber: "Z-77", docDate: "2025-07-18", rate: 18, value: 16300, taxableValue: 5000, igst: 900 },
  { supplierGstin: OTHER_SUPPLIER, supplierName: "", docNumber: "Z-77", docDate: "2025-07-18", rate: 5, value: 16300, taxableValue: 10000, igst: 500 },
  /* row 9: unreadable */ {
    supplierGstin: "",
    supplierName: "Nobody",
    docNumber: "Q-1",
    taxableValue: 700,
    igst: 0,
    usable: false,
    problems: [{ dataRow: 9, cellRow: 9, field: "supplierGstin", column: 0, value: "", message: "Supplier GSTIN is empty", fatal: true }],
  },
);

/** Section sheets start their records on row 5; the register's header is on sheet row 3. */
const IMS_SHEET_ROWS = IMS.map((_, i) => 5 + i);
const prSheetRow = (line: PrLine): number => line.dataRow + 3;

const NAMES = new Map([[SUPPLIER, "Bharat Traders"]]);

function input(over: Partial<ReconRowsInput> = {}): ReconRowsInput {
  return { ims: IMS, imsSheetRows: IMS_SHEET_ROWS, pr: PR, prSheetRow, result: reconcile(IMS, PR), names: NAMES, ...over };
}

const ROWS = reconciliationRows(input());

function rowWithIms(docNumber: string): ReconRow {
  const row = ROWS.find((r) => r.imsIndices.some((i) => IMS[i]?.docNumber === docNumber));
  if (!row) throw new Error(`no row for IMS ${docNumber}`);
  return row;
}

function rowsWithPr(docNumber: string): ReconRow[] {
  return ROWS.filter((r) => r.prIndices.some((p) => PR[p]?.docNumber === docNumber));
}

test("the matcher sees the set as the tests below expect", () => {
  expect(ROWS.map((r) => [r.category, r.imsDocNumbers, r.prDocNumbers])).toEqual([
    ["exact", "CN/25-26/014", "CN/25-26/014"],
    ["exact", "INV-1", "INV-1"],
    ["exact", "X-2", "X-2"],
    ["suggested", "B/101, B/102", "B/101"],
    ["mismatch", "INV-3", "INV-3"],
    ["missing_in_pr", "00123", ""],
    ["missing_in_pr", "INV-9", ""],
    ["missing_in_pr", "Y-5", ""],
    ["missing_in_ims", "", "Q-1"],
    ["missing_in_ims", "", "Z-77"],
    ["duplicate", "", "X-2"],
  ]);
});

test("one row per link; every IMS record and every PR line on exactly one row, by index and by sheet row", () => {
  const result = reconcile(IMS, PR);
  expect(ROWS).toHaveLength(result.links.length);
  expect(ROWS.flatMap((r) => r.imsIndices).sort((a, b) => a - b)).toEqual(IMS.map((_, i) => i));
  expect(ROWS.flatMap((r) => r.prIndices).sort((a, b) => a - b)).toEqual(PR.map((_, i) => i));
  const imsPlaces = ROWS.flatMap((r) => (r.imsSheetRows === "" ? [] : r.imsSheetRows.split(", ")));
  expect(imsPlaces.sort()).toEqual(IMS.map((r, i) => `${r.section} ${5 + i}`).sort());
  const prPlaces = ROWS.flatMap((r) => (r.prSheetRows === "" ? [] : r.prSheetRows.split(", ").map(Number)));
  expect(prPlaces.sort((a, b) => a - b)).toEqual(PR.map((l) => l.dataRow + 3));
});

test("ordered by category as CATEGORIES, then supplier GSTIN, then document number", () => {
  const firstNumber = (r: ReconRow): string => (IMS[r.imsIndices[0] ?? -1]?.docNumber ?? PR[r.prIndices[0] ?? -1]?.docNumber ?? "").trim();
  const keys = ROWS.map((r) => [CATEGORIES.indexOf(r.category), r.supplierGstin, firstNumber(r)] as const);
  const sorted = [...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  expect(keys).toEqual(sorted);
  // The order does not come from the input's: reversed input, same rows.
  const imsReversed = [...IMS].reverse();
  const prReversed = [...PR].reverse();
  const again = reconciliationRows(input({ ims: imsReversed, imsSheetRows: [...IMS_SHEET_ROWS].reverse(), pr: prReversed, result: reconcile(imsReversed, prReversed) }));
  expect(again.map((r) => [r.category, r.imsDocNumbers, r.prDocNumbers, r.imsSheetRows, r.prSheetRows])).toEqual(ROWS.map((r) => [r.category, r.imsDocNumbers, r.prDocNumbers, r.imsSheetRows, r.prSheetRows]));
});

test("category words for the sheets", () => {
  expect(CATEGORIES.map((c) => CATEGORY_WORDS[c])).toEqual(["Exact", "Suggested", "Mismatch", "Missing in PR", "Missing in IMS", "Duplicate in PR"]);
});

test("a mismatch: both sides' sums, IMS minus PR per head, the reasons joined, Keep pending with the difference as remark", () => {
  const row = rowWithIms("INV-3");
  expect(row.category).toBe("mismatch");
  expect(row.ims).toEqual({ taxableValue: 100000, igst: 18000, cgst: 0, sgst: 0, cess: 0 });
  expect(row.pr).toEqual({ taxableValue: 90000, igst: 16200, cgst: 0, sgst: 0, cess: 0 });
  expect(row.difference).toEqual({ taxableValue: 10000, igst: 1800, cgst: 0, sgst: 0, cess: 0 });
  expect(row.reasons).toBe("taxable value differs by ₹100.00 (IMS ₹1,000.00, PR ₹900.00); IGST differs by ₹18.00 (IMS ₹180.00, PR ₹162.00); document value differs by ₹118.00 (IMS ₹1,180.00, PR ₹1,062.00)");
  expect(row.suggestedAction).toBe("P");
  expect(row.suggestedRemarks).toBe(`Differs from our books: ${row.reasons}`);
  expect(row.imsSheetRows).toBe("B2B 8");
  expect(row.prSheetRows).toBe("6");
  expect(row.imsDate).toBe("2025-07-05");
  expect(row.prDate).toBe("2025-07-05");
});

test("a credit note booked negative: PR amounts without sign, no difference", () => {
  const row = rowWithIms("CN/25-26/014");
  expect(row.category).toBe("exact");
  expect(row.imsSections).toBe("CN");
  expect(row.ims).toEqual({ taxableValue: 10000, igst: 1800, cgst: 0, sgst: 0, cess: 0 });
  expect(row.pr).toEqual(row.ims);
  expect(row.difference).toEqual({ taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 });
  expect(row.suggestedAction).toBe("A");
  expect(row.suggestedRemarks).toBe("");
});

test("a clubbed link: numbers, sheet rows and sums of both IMS records, the first date", () => {
  const row = rowWithIms("B/101");
  expect(row).toMatchObject({
    category: "suggested",
    reasons: "clubbed",
    imsSections: "B2B",
    imsDocNumbers: "B/101, B/102",
    imsSheetRows: "B2B 6, B2B 7",
    imsDate: "2025-07-01",
    prDocNumbers: "B/101",
    prSheetRows: "5",
    ims: { taxableValue: 150000, igst: 27000, cgst: 0, sgst: 0, cess: 0 },
    pr: { taxableValue: 150000, igst: 27000, cgst: 0, sgst: 0, cess: 0 },
    difference: { taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 },
    suggestedAction: "A",
  });
});

test("unmatched documents: the difference is the side present, with its sign", () => {
  const missingInPr = rowWithIms("INV-9");
  expect(missingInPr.pr).toEqual({ taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 });
  expect(missingInPr.difference).toEqual({ taxableValue: 20000, igst: 3600, cgst: 0, sgst: 0, cess: 0 });
  expect(missingInPr.prSheetRows).toBe("");
  expect(missingInPr.prDate).toBe("");
  expect(missingInPr.suggestedAction).toBe("P");
  expect(missingInPr.suggestedRemarks).toBe("Not in our books");

  const [rateLines] = rowsWithPr("Z-77");
  expect(rateLines).toMatchObject({ category: "missing_in_ims", prDocNumbers: "Z-77", prSheetRows: "10, 11", imsDocNumbers: "", imsSheetRows: "", imsDate: "", suggestedAction: null, suggestedRemarks: "" });
  expect(rateLines?.pr).toEqual({ taxableValue: 15000, igst: 1400, cgst: 0, sgst: 0, cess: 0 });
  expect(rateLines?.difference).toEqual({ taxableValue: -15000, igst: -1400, cgst: 0, sgst: 0, cess: 0 });

  const [unreadable] = rowsWithPr("Q-1");
  expect(unreadable).toMatchObject({ category: "missing_in_ims", supplierGstin: "", supplierName: "Nobody", reasons: "unreadable: Supplier GSTIN is empty" });
});

test("a duplicate PR line: its own row, naming the row it repeats", () => {
  const rows = rowsWithPr("X-2");
  expect(rows.map((r) => r.category).sort()).toEqual(["duplicate", "exact"]);
  const duplicate = rows.find((r) => r.category === "duplicate") as ReconRow;
  expect(duplicate.reasons).toBe("duplicate of PR row 5");
  expect(duplicate.prSheetRows).toBe("9");
  expect(duplicate.suggestedAction).toBeNull();
});

test("names: the map first, else the PR line's, else the register's for that GSTIN, else empty", () => {
  expect(rowWithIms("INV-1").supplierName).toBe("Bharat Traders"); // the PR says "B Ltd"
  expect(rowWithIms("X-2").supplierName).toBe("D Traders");
  expect(rowWithIms("Y-5").supplierName).toBe("D Traders"); // IMS only; the register names the GSTIN elsewhere
  expect(rowsWithPr("Z-77")[0]?.supplierName).toBe("D Traders"); // its own lines have no name
  expect(rowWithIms("00123")).toMatchObject({ supplierGstin: UNNAMED, supplierName: "", imsDocNumbers: "00123" });
});

test("a branch-GSTIN link takes the IMS side's GSTIN", () => {
  const branch = "27AABCB5678K2Z8";
  const ims = [imsRecord()];
  const pr = prRows({ supplierGstin: branch });
  const [row] = reconciliationRows({ ims, imsSheetRows: [5], pr, prSheetRow, result: reconcile(ims, pr), names: new Map() });
  expect(row).toMatchObject({ category: "suggested", reasons: "branch GSTIN", supplierGstin: SUPPLIER, supplierName: "B Ltd" });
});

test("sheet rows must be given for every IMS record", () => {
  expect(() => reconciliationRows(input({ imsSheetRows: IMS_SHEET_ROWS.slice(1) }))).toThrow(/8 sheet rows given for 9 IMS records/);
});

describe("by supplier", () => {
  const suppliers = supplierReconRows(ROWS);

  test("each supplier's totals are the sums of its rows, and add up to the whole sheet", () => {
    expect(suppliers.map((s) => s.supplierGstin).sort()).toEqual([...new Set(ROWS.map((r) => r.supplierGstin))].sort());
    for (const s of suppliers) {
      const own = ROWS.filter((r) => r.supplierGstin === s.supplierGstin);
      expect(s.imsDocuments).toBe(own.reduce((n, r) => n + r.imsIndices.length, 0));
      expect(s.prLines).toBe(own.reduce((n, r) => n + r.prIndices.length, 0));
      expect(s.imsTaxableValue).toBe(own.reduce((n, r) => n + r.ims.taxableValue, 0));
      expect(s.prTax).toBe(own.reduce((n, r) => n + taxOf(r.pr), 0));
      expect(s.taxableValueDifference).toBe(s.imsTaxableValue - s.prTaxableValue);
      expect(s.taxDifference).toBe(s.imsTax - s.prTax);
    }
    const total = (f: (r: ReconRow) => number): number => ROWS.reduce((n, r) => n + f(r), 0);
    expect(suppliers.reduce((n, s) => n + s.imsDocuments, 0)).toBe(IMS.length);
    expect(suppliers.reduce((n, s) => n + s.prLines, 0)).toBe(PR.length);
    expect(suppliers.reduce((n, s) => n + s.imsTax, 0)).toBe(total((r) => taxOf(r.ims)));
    expect(suppliers.reduce((n, s) => n + s.prTaxableValue, 0)).toBe(total((r) => r.pr.taxableValue));
  });

  test("the main supplier's figures", () => {
    const s = suppliers.find((x) => x.supplierGstin === SUPPLIER);
    expect(s).toEqual({
      supplierGstin: SUPPLIER,
      supplierName: "Bharat Traders",
      imsDocuments: 6,
      imsTaxableValue: 100000 + 100000 + 50000 + 100000 + 20000 + 10000,
      imsTax: 18000 + 18000 + 9000 + 18000 + 3600 + 1800,
      prDocuments: 4,
      prLines: 4,
      prTaxableValue: 100000 + 150000 + 90000 + 10000,
      prTax: 18000 + 27000 + 16200 + 1800,
      taxableValueDifference: 10000 + 20000,
      taxDifference: 1800 + 3600,
      counts: { exact: 2, suggested: 2, mismatch: 1, missing_in_pr: 1, missing_in_ims: 0, duplicate: 0 },
    });
  });

  test("PR documents count distinct numbers: rate lines and a repeated line count once", () => {
    const s = suppliers.find((x) => x.supplierGstin === OTHER_SUPPLIER);
    expect(s).toMatchObject({ supplierName: "D Traders", prLines: 4, prDocuments: 2, imsDocuments: 2 });
    expect(s?.counts).toEqual({ exact: 1, suggested: 0, mismatch: 0, missing_in_pr: 1, missing_in_ims: 1, duplicate: 1 });
  });

  test("sorted by the tax difference without sign, largest first, ties by GSTIN", () => {
    const order = suppliers.map((s) => [Math.abs(s.taxDifference), s.supplierGstin] as const);
    expect(order).toEqual([...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1)));
    // OTHER_SUPPLIER: IMS 1200 + 600 against PR 1200 + 1200 + 1400: -2000; SUPPLIER: +5400.
    expect(suppliers.map((s) => [s.supplierGstin, s.taxDifference])).toEqual([
      [SUPPLIER, 5400],
      [OTHER_SUPPLIER, -2000],
      [UNNAMED, 180],
      ["", 0],
    ]);
    const tied = supplierReconRows([...ROWS.filter((r) => r.supplierGstin === ""), { ...rowWithIms("00123"), supplierGstin: "01AAAAA0000A1Z1", ims: { taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 }, difference: { taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 } }]);
    expect(tied.map((s) => s.supplierGstin)).toEqual(["", "01AAAAA0000A1Z1"]);
  });
});

test("match counts for the Suppliers sheet: IMS records per category, PR-only categories per document", () => {
  const counts = matchCountsBySupplier(ROWS);
  expect(counts.get(SUPPLIER)).toEqual({ exact: 2, suggested: 2, mismatch: 1, missing_in_pr: 1, missing_in_ims: 0, duplicate: 0 });
  expect(counts.get(OTHER_SUPPLIER)).toEqual({ exact: 1, suggested: 0, mismatch: 0, missing_in_pr: 1, missing_in_ims: 1, duplicate: 1 });
  expect(counts.get(UNNAMED)).toEqual({ exact: 0, suggested: 0, mismatch: 0, missing_in_pr: 1, missing_in_ims: 0, duplicate: 0 });
  // The IMS-side counts add up to the IMS records.
  const imsSide: Category[] = ["exact", "suggested", "mismatch", "missing_in_pr"];
  expect([...counts.values()].reduce((n, c) => n + imsSide.reduce((m, k) => m + c[k], 0), 0)).toBe(IMS.length);
  // Straight from the matcher's result, the same counts.
  expect(matchCountsBySupplier({ ims: IMS, pr: PR, result: reconcile(IMS, PR) })).toEqual(counts);
});

test("a synthetic register: every record and line once, differences agree with the sides, supplier totals add up", () => {
  const set = generateSynthetic({ seed: 7, docs: 400 });
  const pr = readRegister(set.cells).lines;
  const result = reconcile(set.ims, pr);
  const rows = reconciliationRows({ ims: set.ims, imsSheetRows: set.ims.map((_, i) => i + 5), pr, prSheetRow: (l) => l.cellRow + 1, result, names: new Map() });
  expect(rows).toHaveLength(result.links.length);
  expect(rows.flatMap((r) => r.imsIndices).sort((a, b) => a - b)).toEqual(set.ims.map((_, i) => i));
  expect(rows.flatMap((r) => r.prIndices).sort((a, b) => a - b)).toEqual(pr.map((_, i) => i));
  for (const row of rows) {
    for (const head of REPORT_HEADS) expect([row.imsDocNumbers, head, row.difference[head]]).toEqual([row.imsDocNumbers, head, row.ims[head] - row.pr[head]]);
    if (row.category === "exact") expect(row.difference).toEqual({ taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 });
    expect(row.pr.taxableValue).toBeGreaterThanOrEqual(0);
  }
  const suppliers = supplierReconRows(rows);
  expect(suppliers.reduce((n, s) => n + s.imsDocuments, 0)).toBe(set.ims.length);
  expect(suppliers.reduce((n, s) => n + s.prLines, 0)).toBe(pr.length);
  expect(suppliers.reduce((n, s) => n + s.taxDifference, 0)).toBe(rows.reduce((n, r) => n + taxOf(r.difference), 0));
  const counted = suppliers.reduce((n, s) => n + CATEGORIES.reduce((m, c) => m + s.counts[c], 0), 0);
  expect(counted).toBe(rows.reduce((n, r) => n + (r.imsIndices.length || 1), 0));
  expect(matchCountsBySupplier({ ims: set.ims, pr, result })).toEqual(matchCountsBySupplier(rows));
});
