/** The matcher, rule by rule (rules.ts), with the categories, reasons and suggested actions. */
import { CATEGORIES, DEFAULT_CONFIG, reconcile, RULES } from "../../src/ims/reconcile";
import { BRANCH, dayAfter, imsRecord, OTHER_SUPPLIER, prLine, rows, run, SUPPLIER } from "./helpers";

const linked = (category: string, reasons: string[] = [], rule?: string) => expect.objectContaining({ category, reasons, ...(rule ? { rule } : {}) });

describe("the rules file", () => {
  test("rules are data, in order, each saying what it does", () => {
    expect(RULES.map((r) => r.id)).toEqual([
      "exact",
      "normalised",
      "serial",
      "split",
      "clubbed",
      "branch",
      "branch-serial",
      "duplicates",
      "similar",
      "mismatch",
      "branch-mismatch",
      "serial-mismatch",
      "branch-serial-mismatch",
      "duplicates-late",
    ]);
    for (const r of RULES) expect(r.says.length).toBeGreaterThan(20);
  });
});

describe("exact", () => {
  test("the same document as booked: exact, no reasons, Accept", () => {
    const result = reconcile([imsRecord()], rows({}));
    expect(result.links).toEqual([expect.objectContaining({ category: "exact", ims: [0], pr: [0], reasons: [], rule: "exact", suggestions: [{ action: "A" }] })]);
  });

  test("every IMS record and every PR line appears exactly once", () => {
    const ims = [imsRecord(), imsRecord({ docNumber: "X-1" })];
    const pr = rows({}, { docNumber: "Y-9" }, {});
    const result = reconcile(ims, pr);
    expect(result.links.flatMap((l) => l.ims).sort()).toEqual([0, 1]);
    expect(result.links.flatMap((l) => l.pr).sort()).toEqual([0, 1, 2]);
    expect(Object.values(result.counts).reduce((a, b) => a + b, 0)).toBe(result.links.length);
    expect(Object.keys(result.counts)).toEqual([...CATEGORIES]);
  });
});

describe("document numbers: normalised, then serial, then similar", () => {
  test.each([
    ["INV/2025-26/123", "leading zeros dropped"],
    ["INV/2025-26/0000123", "leading zeros added"],
    ["INV-2025-26-00123", "'-' for '/'"],
    ["INV20252600123", "separators dropped"],
    ["inv/2025-26/00123", "case"],
    ["INV / 2025-26 / 00123", "spaces"],
    ["INV/00123", "FY dropped"],
    ["INV/25-26/00123", "FY changed"],
    ["INV/2526/00123", "FY changed (compact)"],
    ["00123", "prefix and FY dropped"],
    ["BILL-INV/2025-26/00123", "prefix added"],
    ["123", "only the serial"],
    ["PUR/INV/2025-26/00123", "decorated"],
  ])("%s (%s) → suggested, number format", (pr) => {
    expect(run([imsRecord()], rows({ docNumber: pr }))).toEqual([linked("suggested", ["number_format"])]);
  });

  test("the supplier reports only the serial digits", () => {
    expect(run([imsRecord({ docNumber: "123" })], rows({}))).toEqual([linked("suggested", ["number_format"], "normalised")]);
    expect(run([imsRecord({ docNumber: "123" })], rows({ docNumber: "MH/2025-26/123" }))).toEqual([linked("suggested", ["number_format"], "serial")]);
  });

  test("two neighbouring characters swapped, every amount the same: a typing slip", () => {
    expect(run([imsRecord({ docNumber: "INV-1720" })], rows({ docNumber: "INV-1270" }))).toEqual([linked("suggested", ["number_format"], "similar")]);
  });

  test("a number one digit off is another document, even with the same amounts", () => {
    for (const other of ["INV/2025-26/00124", "INV/2025-26/01123", "INV/2025-26/1230"]) {
      expect(run([imsRecord()], rows({ docNumber: other })).map((e) => e.category).sort()).toEqual(["missing_in_ims", "missing_in_pr"]);
    }
  });

  test("the same serial under another prefix links only when the amounts agree", () => {
    expect(run([imsRecord({ docNumber: "MH/123" })], rows({ docNumber: "KA/123" }))).toEqual([linked("suggested", ["number_format"], "serial")]);
  });
});

describe("dates", () => {
  test("within 10 days either way, across a month end: suggested, date", () => {
    for (const shift of [1, -1, 10, -10]) {
      const ims = imsRecord({ docDate: "2025-07-28" });
      expect(run([ims], rows({ docDate: dayAfter("2025-07-28", shift) }))).toEqual([linked("suggested", ["date"])]);
    }
  });

  test("11 days apart: not the same document", () => {
    expect(run([imsRecord()], rows({ docDate: dayAfter("2025-07-10", 11) })).map((e) => e.category).sort()).toEqual(["missing_in_ims", "missing_in_pr"]);
  });

  test("the window is configurable", () => {
    expect(run([imsRecord()], rows({ docDate: dayAfter("2025-07-10", 20) }), { dateWindowDays: 30 })).toEqual([linked("suggested", ["date"])]);
  });

  test("a PR line without a readable date links on its number, with the date as the reason", () => {
    expect(run([imsRecord()], rows({ docDate: null }))).toEqual([linked("suggested", ["date"])]);
  });
});

describe("amounts", () => {
  test("rounding up to ₹1 per head: suggested, rounding", () => {
    expect(run([imsRecord()], rows({ taxableValue: 100100, value: 118100 }))).toEqual([linked("suggested", ["rounding"])]);
    expect(run([imsRecord()], rows({ taxableValue: 99900, igst: 17950, value: 117850 }))).toEqual([linked("suggested", ["rounding"])]);
  });

  test("beyond tolerance: mismatch, naming the head and both amounts; Pending with the difference as the remark", () => {
    const result = reconcile([imsRecord()], rows({ taxableValue: 90000, igst: 16200, value: 106200 }));
    const link = result.links[0]!;
    expect(link.category).toBe("mismatch");
    expect(link.reasons.map((r) => r.text)).toEqual([
      "taxable value differs by ₹100.00 (IMS ₹1,000.00, PR ₹900.00)",
      "IGST differs by ₹18.00 (IMS ₹180.00, PR ₹162.00)",
      "document value differs by ₹118.00 (IMS ₹1,180.00, PR ₹1,062.00)",
    ]);
    expect(link.differences.map((d) => [d.head, d.difference])).toEqual([
      ["taxableValue", 10000],
      ["igst", 1800],
      ["value", 11800],
    ]);
    expect(link.suggestions).toEqual([{ action: "P", remarks: `Differs from our books: ${link.reasons.map((r) => r.text).join("; ")}` }]);
  });

  test("₹1.01 off is beyond the default tolerance", () => {
    expect(run([imsRecord()], rows({ taxableValue: 100101 }))).toEqual([linked("mismatch", ["amount"])]);
  });

  test("tolerances per head in rupees and percent", () => {
    const pr = rows({ taxableValue: 101000, value: 119000 });
    expect(run([imsRecord()], pr)[0]?.category).toBe("mismatch");
    expect(run([imsRecord()], pr, { tolerances: { taxableValue: { percent: 1 }, value: { percent: 1 } } })).toEqual([linked("suggested", ["rounding"])]);
    expect(run([imsRecord()], pr, { tolerances: { taxableValue: { paise: 1000 }, value: { paise: 1000 } } })).toEqual([linked("suggested", ["rounding"])]);
  });

  test("IGST booked as CGST+SGST with the same total: a mismatch with that reason", () => {
    const result = reconcile([imsRecord()], rows({ igst: 0, cgst: 9000, sgst: 9000 }));
    expect(result.links.map((l) => [l.category, l.reasons.map((r) => r.code)])).toEqual([["mismatch", ["igst_as_cgst_sgst"]]]);
    expect(result.links[0]!.reasons[0]!.text).toBe("IGST booked as CGST+SGST (IMS IGST ₹180.00, PR CGST+SGST ₹180.00)");
    const back = reconcile([imsRecord({ igst: 0, cgst: 9000, sgst: 9000 })], rows({}));
    expect(back.links.map((l) => [l.category, l.reasons.map((r) => r.code)])).toEqual([["mismatch", ["cgst_sgst_as_igst"]]]);
  });

  test("never linked only because the amounts agree: same supplier, same amounts, same date, another number", () => {
    expect(run([imsRecord()], rows({ docNumber: "INV/2025-26/00999" })).map((e) => e.category).sort()).toEqual(["missing_in_ims", "missing_in_pr"]);
  });
});

describe("credit and debit notes", () => {
  const cn = imsRecord({ section: "CN", docNumber: "CN/25-26/014", value: 11800, taxableValue: 10000, igst: 1800 });

  test("a credit note booked with negative amounts matches the positive IMS values", () => {
    expect(run([cn], rows({ docNumber: "CN/25-26/014", value: -11800, taxableValue: -10000, igst: -1800 }))).toEqual([linked("exact")]);
    expect(run([cn], rows({ docNumber: "CN/25-26/014", docType: "credit", value: 11800, taxableValue: 10000, igst: 1800 }))).toEqual([linked("exact")]);
  });

  test("a credit note and an invoice with the same number are different documents", () => {
    expect(run([cn], rows({ docNumber: "CN/25-26/014", docType: "invoice", value: 11800, taxableValue: 10000, igst: 1800 })).map((e) => e.category).sort()).toEqual(["missing_in_ims", "missing_in_pr"]);
    const inv = imsRecord({ docNumber: "CN/25-26/014", value: 11800, taxableValue: 10000, igst: 1800 });
    expect(run([inv], rows({ docNumber: "CN/25-26/014", value: -11800, taxableValue: -10000, igst: -1800 })).map((e) => e.category).sort()).toEqual(["missing_in_ims", "missing_in_pr"]);
  });

  test("debit notes, typed or booked as a purchase", () => {
    const dn = imsRecord({ section: "DN", docNumber: "DN-7" });
    expect(run([dn], rows({ docNumber: "DN-7", docType: "debit" }))).toEqual([linked("exact")]);
    expect(run([dn], rows({ docNumber: "DN-7", docType: "invoice" }))).toEqual([linked("exact")]);
  });
});

describe("branch GSTIN: the PAN is characters 3-12", () => {
  test("the same supplier's other GSTIN, when nothing matches at GSTIN level: suggested, branch GSTIN", () => {
    expect(run([imsRecord()], rows({ supplierGstin: BRANCH }))).toEqual([linked("suggested", ["branch_gstin"], "branch")]);
    expect(run([imsRecord()], rows({ supplierGstin: BRANCH, docNumber: "123" }))).toEqual([linked("suggested", ["branch_gstin", "number_format"], "branch")]);
    expect(run([imsRecord()], rows({ supplierGstin: BRANCH, docNumber: "MH/123" }))).toEqual([linked("suggested", ["branch_gstin", "number_format"], "branch-serial")]);
    expect(run([imsRecord()], rows({ supplierGstin: BRANCH, taxableValue: 50000 }))).toEqual([linked("mismatch", ["amount", "branch_gstin"], "branch-mismatch")]);
  });

  test("another PAN in the same state is another supplier", () => {
    expect(run([imsRecord()], rows({ supplierGstin: OTHER_SUPPLIER })).map((e) => e.category).sort()).toEqual(["missing_in_ims", "missing_in_pr"]);
  });

  test("a match at GSTIN level comes first", () => {
    const here = imsRecord({ supplierGstin: BRANCH });
    expect(run([imsRecord(), here], rows({ supplierGstin: BRANCH }))).toEqual([expect.objectContaining({ category: "exact", ims: [1] }), expect.objectContaining({ category: "missing_in_pr", ims: [0] })]);
  });
});

describe("clubbed and split", () => {
  const a = imsRecord({ docNumber: "B/101", docDate: "2025-07-01", value: 118000, taxableValue: 100000, igst: 18000 });
  const b = imsRecord({ docNumber: "B/102", docDate: "2025-07-03", value: 59000, taxableValue: 50000, igst: 9000 });
  const c = imsRecord({ docNumber: "B/103", docDate: "2025-07-20", value: 23600, taxableValue: 20000, igst: 3600 });

  test("several IMS documents booked as one line carrying one of their numbers", () => {
    const pr = rows({ docNumber: "B/101", docDate: "2025-07-01", value: 177000, taxableValue: 150000, igst: 27000 });
    expect(run([a, b, c], pr)).toEqual([expect.objectContaining({ category: "suggested", ims: [0, 1], pr: [1], reasons: ["clubbed"] }), expect.objectContaining({ category: "missing_in_pr", ims: [2] })]);
  });

  test("a line naming each of its documents", () => {
    const pr = rows({ docNumber: "B/101, B/102, B/103", docDate: "2025-07-03", value: 200600, taxableValue: 170000, igst: 30600 });
    expect(run([a, b, c], pr)).toEqual([expect.objectContaining({ category: "suggested", ims: [0, 1, 2], pr: [1], reasons: ["clubbed"] })]);
  });

  test("one document split across lines", () => {
    const pr = rows({ value: 70800, taxableValue: 60000, igst: 10800 }, { docNumber: "OTHER-1" }, { value: 47200, taxableValue: 40000, igst: 7200 });
    expect(run([imsRecord()], pr)).toEqual([expect.objectContaining({ category: "suggested", ims: [0], pr: [1, 3], reasons: ["split"] }), expect.objectContaining({ category: "missing_in_ims", pr: [2] })]);
  });

  test("rate lines of one document (one row per rate) are summed, not a split", () => {
    const ims = imsRecord({ value: 163000, taxableValue: 150000, igst: 13000 });
    const pr = rows({ rate: 18, value: 163000, taxableValue: 50000, igst: 9000 }, { rate: 5, value: 163000, taxableValue: 80000, igst: 4000 }, { rate: 0, value: 163000, taxableValue: 20000, igst: 0 });
    expect(run([ims], pr)).toEqual([expect.objectContaining({ category: "exact", ims: [0], pr: [1, 2, 3] })]);
  });
});

describe("duplicates in the PR", () => {
  test("a line booked twice: the first is linked, the second flagged, never linked twice", () => {
    expect(run([imsRecord()], rows({}, {}))).toEqual([
      expect.objectContaining({ category: "exact", pr: [1] }),
      expect.objectContaining({ category: "duplicate", ims: [], pr: [2], reasons: ["duplicate"] }),
    ]);
    const result = reconcile([imsRecord()], rows({}, {}));
    expect(result.links[1]!.reasons[0]!.text).toBe("duplicate of PR row 1");
    expect(result.links[1]!.suggestions).toEqual([]);
  });

  test("a duplicate of a line IMS does not have", () => {
    expect(run([], rows({}, { docNumber: "INV/2025-26/123" }))).toEqual([expect.objectContaining({ category: "missing_in_ims", pr: [1] }), expect.objectContaining({ category: "duplicate", pr: [2] })]);
  });

  test("a duplicate of a mismatched line", () => {
    expect(run([imsRecord()], rows({ taxableValue: 50000 }, { taxableValue: 50000 }))).toEqual([expect.objectContaining({ category: "mismatch", pr: [1] }), expect.objectContaining({ category: "duplicate", pr: [2] })]);
  });
});

describe("last year's document sharing this year's serial", () => {
  test("a year apart: outside the window", () => {
    const lastYear = rows({ docNumber: "BILL-77", docDate: "2024-07-12" });
    expect(run([imsRecord({ docNumber: "BILL-77" })], lastYear).map((e) => e.category).sort()).toEqual(["missing_in_ims", "missing_in_pr"]);
  });

  test("across the year end: the financial years written in the numbers differ", () => {
    const ims = imsRecord({ docNumber: "INV/2025-26/001", docDate: "2025-04-02" });
    const pr = rows({ docNumber: "INV/2024-25/001", docDate: "2025-03-29" });
    expect(run([ims], pr).map((e) => e.category).sort()).toEqual(["missing_in_ims", "missing_in_pr"]);
  });

  test("both in IMS: the PR line links to the one of its own year", () => {
    const thisYear = imsRecord({ docNumber: "INV/2025-26/001", docDate: "2025-04-02" });
    const lastYear = imsRecord({ docNumber: "INV/2024-25/001", docDate: "2025-03-28" });
    const mine = (docNumber: string, docDate: string) => run([lastYear, thisYear], rows({ docNumber, docDate })).map((e) => [e.category, e.ims]);
    // The year written in the number decides, whatever the date.
    expect(mine("INV/25-26/001", "2025-03-31")).toEqual([["suggested", [1]], ["missing_in_pr", [0]]]);
    expect(mine("INV/24-25/001", "2025-04-02")).toEqual([["suggested", [0]], ["missing_in_pr", [1]]]);
    // Without one, the year of the line's date.
    expect(mine("INV/001", "2025-04-05")).toEqual([["suggested", [1]], ["missing_in_pr", [0]]]);
    expect(mine("INV/001", "2025-03-30")).toEqual([["suggested", [0]], ["missing_in_pr", [1]]]);
  });
});

describe("unreadable PR rows", () => {
  test("reported on their row with the field, never dropped", () => {
    const bad = prLine({ dataRow: 2, usable: false, supplierGstin: "", problems: [{ dataRow: 2, cellRow: 2, field: "supplierGstin", column: 0, value: "", message: "Supplier GSTIN is empty", fatal: true }] });
    const result = reconcile([imsRecord()], [prLine(), bad]);
    expect(result.links.map((l) => [l.category, l.pr, l.reasons.map((r) => r.text)])).toEqual([
      ["exact", [0], []],
      ["missing_in_ims", [1], ["unreadable: Supplier GSTIN is empty"]],
    ]);
  });
});

describe("suggested actions", () => {
  test("defaults: exact and suggested → Accept; missing in PR → Pending 'Not in our books'; duplicates and missing in IMS → nothing", () => {
    const result = reconcile([imsRecord(), imsRecord({ docNumber: "X-1" }), imsRecord({ docNumber: "Y-2" })], rows({}, { docNumber: "Y/2" }, {}, { docNumber: "Z-3" }));
    const byCategory = Object.fromEntries(result.links.map((l) => [l.category, l.suggestions]));
    expect(byCategory).toEqual({
      exact: [{ action: "A" }],
      suggested: [{ action: "A" }],
      missing_in_pr: [{ action: "P", remarks: "Not in our books" }],
      duplicate: [],
      missing_in_ims: [],
    });
  });

  test("Pending while the supplier has not filed; nothing where Pending is blocked; no remarks where blocked", () => {
    expect(reconcile([imsRecord({ supplierFiled: false })], rows({})).links[0]!.suggestions).toEqual([{ action: "P", remarks: "Supplier has not filed the return" }]);
    expect(reconcile([imsRecord({ pendingBlocked: true })], []).links[0]!.suggestions).toEqual([null]);
    expect(reconcile([imsRecord({ remarksBlocked: true })], []).links[0]!.suggestions).toEqual([{ action: "P" }]);
  });

  test("configurable per category", () => {
    const config = { actions: { mismatch: { action: "R" as const, remarks: "difference" }, missing_in_pr: null, exact: { action: "A" as const } } };
    const result = reconcile([imsRecord(), imsRecord({ docNumber: "Q-1" })], rows({ taxableValue: 50000 }), config);
    expect(result.links.map((l) => [l.category, l.suggestions[0]?.action ?? null])).toEqual([
      ["mismatch", "R"],
      ["missing_in_pr", null],
    ]);
    expect(DEFAULT_CONFIG.actions.duplicate).toBeNull();
  });

  test("a bad config is refused, naming the setting", () => {
    expect(() => reconcile([], [], { dateWindowDays: -1 })).toThrow(/dateWindowDays/);
    expect(() => reconcile([], [], { tolerances: { igst: { paise: 0.5 } } })).toThrow(/tolerances.igst.paise/);
  });
});

test("the supplier GSTIN in the PR may differ in case and spacing", () => {
  expect(run([imsRecord()], rows({ supplierGstin: ` ${SUPPLIER.toLowerCase()}` }))).toEqual([linked("exact")]);
});

describe("amendments and options", () => {
  test("an amendment links to a line booked under the original number", () => {
    const b2ba = imsRecord({ section: "B2BA", docNumber: "INV/2025-26/00999", originalDocNumber: "INV/2025-26/00123", originalDocDate: "2025-07-10" });
    expect(run([b2ba], rows({}))).toEqual([linked("suggested", ["number_format"])]);
    expect(run([b2ba], rows({ docNumber: "INV/2025-26/00999" }))).toEqual([linked("exact")]);
  });

  test("exactIgnoresCase: a number differing only in case is exact", () => {
    expect(run([imsRecord()], rows({ docNumber: "inv/2025-26/00123" }))).toEqual([linked("suggested", ["number_format"])]);
    expect(run([imsRecord()], rows({ docNumber: "inv/2025-26/00123" }), { exactIgnoresCase: true })).toEqual([linked("exact", [], "exact")]);
  });
});
