import { itcAtStake, markConflicts, planSection } from "../../src/ims/plan";
import type { RuleContext } from "../../src/ims/portal-rules";
import type { ImsRecord } from "../../src/ims/records";
import { rowFromRecord, type ReviewRow, type RowProblem } from "../../src/ims/review-rows";
import { imsRecordKey } from "../../src/ims/records";

const CTX: RuleContext = { today: "2026-11-21", frequency: "monthly", stateCode: "27", remarksMaxLength: 250 };

function record(n: number, overrides: Partial<ImsRecord> = {}): ImsRecord {
  return {
    section: "CN",
    supplierGstin: "29AABCB5678K1Z5",
    docNumber: `CN-${n}`,
    docDate: "2026-10-12",
    invoiceType: "R",
    sourceForm: "R1",
    returnPeriod: "2026-10",
    placeOfSupply: "27",
    value: 118000 + n,
    taxableValue: 100000,
    igst: 0,
    cgst: 9000,
    sgst: 9000,
    cess: 0,
    action: "N",
    pendingBlocked: false,
    supplierFiled: true,
    hash: `h${n}`,
    remarksBlocked: false,
    itcReductionBlocked: false,
    ...overrides,
  };
}

function rowWith(n: number, edit: Partial<ReviewRow["edit"]>, rec: Partial<ImsRecord> = {}): ReviewRow {
  const row = rowFromRecord(record(n, rec), n + 1);
  row.edit = { ...row.edit, ...edit };
  return row;
}

describe("the submit plan", () => {
  test("unchanged rows are left alone; changed actions save; back to N resets; remarks-only changes save", () => {
    const rows = [
      rowWith(1, {}),
      rowWith(2, { action: "A" }),
      rowWith(3, { action: "R", remarks: "Not agreed" }),
      rowWith(4, { action: "N" }, { action: "A" }),
      rowWith(5, { remarks: "Still checking" }, { action: "P" }),
    ];
    const plan = planSection("CN", rows, [], CTX);
    expect(plan.saves.map((s) => [s.row.sheetRow, s.intent])).toEqual([
      [3, { action: "A" }],
      [4, { action: "R", remarks: "Not agreed" }],
      [6, { action: "P", remarks: "Still checking" }],
    ]);
    expect(plan.resets.map((r) => r.row.sheetRow)).toEqual([5]);
    expect(plan.refused).toEqual([]);
    expect(plan.saves[0]!.record.action).toBe("N");
  });

  test("rows breaking a portal rule are refused with the rule's message, and not sent", () => {
    const plan = planSection("CN", [rowWith(1, { action: "P" }, { pendingBlocked: true }), rowWith(2, { action: "A", remarks: "x".repeat(300) })], [], CTX);
    expect(plan.saves).toEqual([]);
    expect(plan.refused.map((r) => [r.row.sheetRow, r.code])).toEqual([
      [2, "pending-blocked"],
      [3, "remarks-need-reject-or-pending"],
      [3, "remarks-too-long"],
    ]);
  });

  test("rows with blocking problems are refused; validation lost alone is not blocking", () => {
    const rows = [rowWith(1, { action: "A" }), rowWith(2, { action: "A" }), rowWith(3, { action: null })];
    const problems: RowProblem[] = [
      { sheetRow: 2, field: "Invoice no.", code: "record-edited", message: "Row 2: the record's own cells were changed." },
      { sheetRow: 3, field: "Action (A/R/P/N)", code: "validation-lost", message: "Row 3: the drop-down was removed by a paste." },
      { sheetRow: 4, field: "Action (A/R/P/N)", code: "bad-action", message: "Row 4: \"maybe\" is not an action." },
    ];
    const plan = planSection("CN", rows, problems, CTX);
    expect(plan.saves.map((s) => s.row.sheetRow)).toEqual([3]);
    expect(plan.refused.map((r) => [r.row.sheetRow, r.code, r.message])).toEqual([
      [2, "record-edited", "Row 2: the record's own cells were changed."],
      [4, "bad-action", "Row 4: \"maybe\" is not an action."],
    ]);
  });

  test("remarks with no action are refused; rows no longer on the portal are conflicts", () => {
    const gone = rowWith(2, { action: "A" });
    gone.inPortal = false;
    const plan = planSection("CN", [rowWith(1, { remarks: "why" }), gone], [], CTX);
    expect(plan.refused.map((r) => r.code)).toEqual(["needs-action"]);
    expect(plan.conflicts.map((c) => c.reason)).toEqual(["left-portal"]);
  });

  test("conflicts: the supplier changed the record, someone acted on the portal, or it is gone", () => {
    const rows = [rowWith(1, { action: "A" }), rowWith(2, { action: "R" }), rowWith(3, { action: "A" }), rowWith(4, { action: "A" }), rowWith(5, { action: "N" }, { action: "A" })];
    const plan = planSection("CN", rows, [], CTX);
    const portal = new Map<string, ImsRecord>();
    portal.set(imsRecordKey(record(1)), record(1, { hash: "changed", value: 1 }));
    portal.set(imsRecordKey(record(2)), record(2, { action: "A" }));
    portal.set(imsRecordKey(record(4)), record(4, { supplierFiled: false }));
    portal.set(imsRecordKey(record(5)), record(5, { action: "A" }));
    const checked = markConflicts(plan, portal);
    expect(checked.conflicts.map((c) => [c.row.sheetRow, c.reason])).toEqual([
      [2, "version-changed"],
      [3, "action-changed"],
      [4, "left-portal"],
    ]);
    expect(checked.saves.map((s) => s.row.sheetRow)).toEqual([5]);
    expect(checked.resets.map((s) => s.row.sheetRow)).toEqual([6]);
    expect(checked.conflicts[0]!.message).toMatch(/supplier changed this record/);
  });

  test("ITC at stake per tax head", () => {
    const plan = planSection("CN", [rowWith(1, { action: "A" }), rowWith(2, { action: "A" }, { igst: 500, cgst: 0, sgst: 0 }), rowWith(3, { action: "R" }), rowWith(4, { action: "N" }, { action: "P" })], [], CTX);
    expect(itcAtStake([plan])).toEqual({
      accept: { records: 2, igst: 500, cgst: 9000, sgst: 9000, cess: 0 },
      reject: { records: 1, igst: 0, cgst: 9000, sgst: 9000, cess: 0 },
      pending: { records: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 },
      reset: { records: 1, igst: 0, cgst: 9000, sgst: 9000, cess: 0 },
    });
  });
});
