/**
 * Issue 9, bug 7: every refusal names its column, by the layout's column id, so the pane and the
 * row can name the column's header ("Pending allowed", "Remarks", "Taxable value (₹)").
 */
import { markConflicts, nameEditedColumns, planSection, type SectionPlan } from "../../src/ims/plan";
import { checkSave, type RuleCode, type RuleViolation } from "../../src/ims/portal-rules";
import { changedDocumentFields, type SheetField } from "../../src/ims/record-fields";
import { imsRecordKey, type ImsRecord, type SaveIntent } from "../../src/ims/records";
import { rowFromRecord, type ReviewRow, type RowProblem } from "../../src/ims/review-rows";
import { sectionLayout, type ColumnId } from "../../src/workbook/layout";
import { creditNote, RULES_CTX } from "./fixtures";

/** One case per rule: the record, the intent, and the column the refusal must name. */
const CASES: readonly (readonly [RuleCode, Partial<ImsRecord>, SaveIntent, SheetField])[] = [
  ["doc-number-not-accepted", { docNumber: "CN 14" }, { action: "A" }, "docNumber"],
  ["doc-number-not-accepted", { section: "CNA", originalDocNumber: "CN#14", originalDocDate: "2026-09-01" }, { action: "A" }, "originalDocNumber"],
  ["pending-blocked", { pendingBlocked: true }, { action: "P" }, "pendingAllowed"],
  ["pending-window-passed", { returnPeriod: "2025-09" }, { action: "P" }, "action"],
  ["remarks-blocked", { remarksBlocked: true }, { action: "R", remarks: "Not ours" }, "remarks"],
  ["remarks-too-long", {}, { action: "R", remarks: "x".repeat(251) }, "remarks"],
  ["remarks-need-reject-or-pending", {}, { action: "A", remarks: "ok" }, "remarks"],
  ["itc-declaration-not-allowed", {}, { action: "R", itcReduction: { required: "Y" } }, "itcRequired"],
  ["itc-declaration-not-allowed", { itcReductionBlocked: true }, { action: "A", itcReduction: { required: "Y" } }, "itcRequired"],
  ["itc-declaration-not-allowed", {}, { action: "A", itcReduction: { required: "N", cgst: 100, sgst: 100 } }, "itcRequired"],
  ["itc-declaration-exceeds-tax", { igst: 500, cgst: 0, sgst: 0 }, { action: "A", itcReduction: { required: "Y", igst: 501 } }, "itcIgst"],
  ["itc-declaration-exceeds-tax", { cess: 10 }, { action: "A", itcReduction: { required: "Y", cess: 11 } }, "itcCess"],
  ["itc-cgst-sgst-differ", {}, { action: "A", itcReduction: { required: "Y", cgst: 100, sgst: 200 } }, "itcCgst"],
];

const violationsOf = (overrides: Partial<ImsRecord>, intent: SaveIntent): RuleViolation[] => checkSave(creditNote(overrides), intent, RULES_CTX);

describe("refusals name their column", () => {
  test.each(CASES.map(([code, overrides, intent, field]) => ({ code, overrides, intent, field })))("$code names the column $field", ({ code, overrides, intent, field }) => {
    expect(violationsOf(overrides, intent).map((v) => [v.code, v.field])).toEqual([[code, field]]);
  });

  test("every rule code is covered above", () => {
    const covered = new Set(CASES.map(([code]) => code));
    const all: Record<RuleCode, true> = {
      "doc-number-not-accepted": true,
      "pending-blocked": true,
      "pending-window-passed": true,
      "remarks-blocked": true,
      "remarks-too-long": true,
      "remarks-need-reject-or-pending": true,
      "itc-declaration-not-allowed": true,
      "itc-declaration-exceeds-tax": true,
      "itc-cgst-sgst-differ": true,
    };
    expect([...covered].sort()).toEqual(Object.keys(all).sort());
  });

  test("the excess of each ITC head names that head's column", () => {
    const record = { igst: 100, cgst: 100, sgst: 100, cess: 100 };
    const v = violationsOf(record, { action: "A", itcReduction: { required: "Y", igst: 101, cgst: 101, sgst: 101, cess: 101 } });
    expect(v.map((x) => [x.code, x.field])).toEqual([
      ["itc-declaration-exceeds-tax", "itcIgst"],
      ["itc-declaration-exceeds-tax", "itcCgst"],
      ["itc-declaration-exceeds-tax", "itcSgst"],
      ["itc-declaration-exceeds-tax", "itcCess"],
    ]);
  });

  test("each column named is a column of the record's sheet, whose header the app shows", () => {
    const headers = new Map<string, string>();
    for (const [code, overrides, intent] of CASES) {
      const record = creditNote(overrides);
      const layout = sectionLayout(record.section);
      for (const v of violationsOf(overrides, intent)) {
        const index = layout.index[v.field satisfies ColumnId];
        expect([code, v.field, index === undefined ? "missing" : "present"]).toEqual([code, v.field, "present"]);
        headers.set(v.field, layout.columns[index as number]!.header);
      }
    }
    expect(headers.get("pendingAllowed")).toBe("Pending allowed");
    expect(headers.get("remarks")).toBe("Remarks");
    expect(headers.get("itcRequired")).toBe("Reduce ITC? (Y/N)");
    expect(headers.get("docNumber")).toBe("Note no.");
  });

  test("the plan carries the column of each refusal; a row without an action names the Action column", () => {
    const row = (n: number, edit: Partial<ReviewRow["edit"]>, overrides: Partial<ImsRecord> = {}) => {
      const r = rowFromRecord(creditNote({ docNumber: `CN-${n}`, hash: `h${n}`, ...overrides }), n + 1);
      r.edit = { ...r.edit, ...edit };
      return r;
    };
    const plan = planSection("CN", [row(1, { action: "P" }, { pendingBlocked: true }), row(2, { action: "R", remarks: "x".repeat(300) }), row(3, { remarks: "why" })], [], RULES_CTX);
    expect(plan.refused.map((r) => [r.code, r.column])).toEqual([
      ["pending-blocked", "pendingAllowed"],
      ["remarks-too-long", "remarks"],
      ["needs-action", "action"],
    ]);
  });
});

describe("an edited amount names its column", () => {
  const pulled = creditNote({ docNumber: "CN-1", hash: "h1" });

  function editedPlan(inSheet: ImsRecord): SectionPlan {
    const row = rowFromRecord(inSheet, 2);
    row.version = pulled.hash;
    row.edit = { ...row.edit, action: "A" };
    const problem: RowProblem = { sheetRow: 2, field: "portal columns", code: "record-edited", message: "Row 2: one or more of the portal's columns were changed since the pull." };
    return planSection("CN", [row], [problem], RULES_CTX);
  }

  test("the document columns that differ from the record as pulled, in column order", () => {
    expect(changedDocumentFields(pulled, { ...pulled, taxableValue: 1234500 })).toEqual(["taxableValue"]);
    expect(changedDocumentFields(pulled, { ...pulled, cess: 1, docDate: "2026-10-13" })).toEqual(["docDate", "cess"]);
    // What the portal may change without a new version is not taken for a user's edit.
    expect(changedDocumentFields(pulled, { ...pulled, supplierFiled: false, action: "A", pendingBlocked: true })).toEqual([]);
  });

  test("with the portal's record of the version pulled, the refusal names \"Taxable value (₹)\"", () => {
    const layout = sectionLayout("CN");
    const header = (field: SheetField) => layout.columns[layout.index[field] as number]!.header;
    const plan = editedPlan({ ...pulled, taxableValue: 1234500 });
    const named = nameEditedColumns(plan, new Map([[imsRecordKey(pulled), pulled]]), header);
    expect(named.refused.map((r) => [r.code, r.column, r.field])).toEqual([["record-edited", "taxableValue", "Taxable value (₹)"]]);
    expect(named.refused[0]!.message).toContain('"Taxable value (₹)"');
    expect(named.saves).toEqual([]);
  });

  test("it also works after markConflicts, and leaves the refusal as it was when the portal's version moved on or the record is gone", () => {
    const plan = markConflicts(editedPlan({ ...pulled, taxableValue: 1234500 }), new Map());
    expect(nameEditedColumns(plan, new Map()).refused[0]).toMatchObject({ field: "portal columns" });
    const newer = { ...pulled, hash: "h2", taxableValue: 999 };
    expect(nameEditedColumns(plan, new Map([[imsRecordKey(pulled), newer]])).refused[0]).toMatchObject({ field: "portal columns" });
    expect(nameEditedColumns(plan, new Map([[imsRecordKey(pulled), pulled]])).refused[0]).toMatchObject({ field: "taxableValue", column: "taxableValue" });
  });
});
