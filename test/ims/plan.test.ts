import { appliedRecord, conflictWith, itcAtStake, markConflicts, planSection, portalDeclaration, portalHolds, sameDeclaration } from "../../src/ims/plan";
import type { ImsRecord } from "../../src/ims/records";
import { rowFromRecord, type ReviewRow, type RowProblem } from "../../src/ims/review-rows";
import { imsRecordKey } from "../../src/ims/records";
import { creditNote, RULES_CTX } from "./fixtures";

const CTX = RULES_CTX;

function record(n: number, overrides: Partial<ImsRecord> = {}): ImsRecord {
  return creditNote({ docNumber: `CN-${n}`, value: 118000 + n, hash: `h${n}`, ...overrides });
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

  test("ITC at stake per tax head: invoices add their tax, credit notes take it away (or only what is declared)", () => {
    const cn = planSection(
      "CN",
      [
        rowWith(1, { action: "A" }),
        rowWith(2, { action: "A", itcReduction: { required: "Y", cgst: 100, sgst: 100 } }),
        rowWith(3, { action: "A", itcReduction: { required: "N" } }),
        rowWith(4, { action: "R" }),
        rowWith(5, { action: "N" }, { action: "P" }),
      ],
      [],
      CTX,
    );
    const invoice = rowFromRecord(record(6, { section: "B2B", itcReductionBlocked: null, igst: 500, cgst: 0, sgst: 0 }), 2);
    invoice.edit = { ...invoice.edit, action: "A" };
    const b2b = planSection("B2B", [invoice], [], CTX);
    expect(itcAtStake([cn, b2b])).toEqual({
      accept: { records: 4, igst: 500, cgst: -9100, sgst: -9100, cess: 0 },
      reject: { records: 1, igst: 0, cgst: -9000, sgst: -9000, cess: 0 },
      pending: { records: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 },
      reset: { records: 1, igst: 0, cgst: -9000, sgst: -9000, cess: 0 },
    });
  });

  test("declarations compare as the portal stores them: heads left out are 0; 'Y' alone is the whole tax; 'N' has no amounts", () => {
    const r = record(1, { igst: 0, cgst: 9000, sgst: 9000, cess: 100 });
    expect(portalDeclaration(r, { required: "Y", cgst: 10 })).toEqual({ required: "Y", igst: 0, cgst: 10, sgst: 0, cess: 0 });
    expect(portalDeclaration(r, { required: "Y" })).toEqual({ required: "Y", igst: 0, cgst: 9000, sgst: 9000, cess: 100 });
    expect(portalDeclaration(r, { required: "N", igst: 0 })).toEqual({ required: "N" });
    expect(portalDeclaration(r, undefined)).toBeUndefined();
    expect(sameDeclaration(r, { required: "Y", cgst: 10, sgst: 10 }, { required: "Y", igst: 0, cgst: 10, sgst: 10, cess: 0 })).toBe(true);
    expect(sameDeclaration(r, { required: "Y" }, { required: "Y", igst: 0, cgst: 9000, sgst: 9000, cess: 100 })).toBe(true);
    expect(sameDeclaration(r, { required: "Y", cgst: 10 }, { required: "Y", cgst: 20 })).toBe(false);
    expect(appliedRecord({ ...r, remarks: "old" }, { action: "A", itcReduction: { required: "Y", cgst: 10, sgst: 10 } })).toMatchObject({ action: "A", itcReduction: { required: "Y", igst: 0, cgst: 10, sgst: 10, cess: 0 } });
    expect(appliedRecord({ ...r, remarks: "old" }, { action: "A" }).remarks).toBeUndefined();
    expect(appliedRecord({ ...r, action: "R", remarks: "old" }, null)).toMatchObject({ action: "N" });
  });

  test("'N' with amounts of 0 sends no amounts (the portal refuses any amount with N); amounts above 0 with N are refused", () => {
    const plan = planSection("CN", [rowWith(1, { action: "A", itcReduction: { required: "N", igst: 0, cgst: 0 } }), rowWith(2, { action: "A", itcReduction: { required: "N", cgst: 5, sgst: 5 } })], [], CTX);
    expect(plan.saves.map((s) => s.intent)).toEqual([{ action: "A", itcReduction: { required: "N" } }]);
    expect(plan.refused.map((r) => [r.row.sheetRow, r.code])).toEqual([[3, "itc-declaration-not-allowed"]]);
  });

  test("a declaration stored with every head is no conflict with the same one pulled without zeros", () => {
    const pulled = record(1, { action: "A", itcReduction: { required: "Y", cgst: 10, sgst: 10 } });
    const row = rowFromRecord(pulled, 2);
    row.edit = { ...row.edit, itcReduction: { required: "Y", cgst: 20, sgst: 20 } };
    const plan = planSection("CN", [row], [], CTX);
    const portal = new Map([[imsRecordKey(pulled), { ...pulled, itcReduction: { required: "Y" as const, igst: 0, cgst: 10, sgst: 10, cess: 0 } }]]);
    expect(markConflicts(plan, portal)).toMatchObject({ conflicts: [], saves: [{ row: { sheetRow: 2 } }] });
  });

  test("the portal already holding an entry (same version) means it need not be sent", () => {
    const rows = [rowWith(1, { action: "A" }), rowWith(2, { action: "R", remarks: "no" }), rowWith(3, { action: "N" }, { action: "P" })];
    const plan = planSection("CN", rows, [], CTX);
    const [save1, save2] = plan.saves;
    const [reset] = plan.resets;
    expect(portalHolds(save1!, record(1, { action: "A" }))).toBe(true);
    expect(portalHolds(save1!, record(1, { action: "A", hash: "other" }))).toBe(false);
    expect(portalHolds(save1!, record(1))).toBe(false);
    expect(portalHolds(save1!, undefined)).toBe(false);
    expect(portalHolds(save2!, record(2, { action: "R", remarks: "no" }))).toBe(true);
    expect(portalHolds(save2!, record(2, { action: "R", remarks: "other" }))).toBe(false);
    expect(portalHolds(reset!, record(3, { action: "N" }))).toBe(true);
  });

  test("a conflict says what the portal now holds, in words", () => {
    const row = rowWith(1, { action: "A" });
    expect(conflictWith(row, record(1, { action: "R", remarks: "Colleague: not ours" }))?.message).toBe(
      'Someone changed this record on the portal after your pull: it now holds Rejected with remarks "Colleague: not ours" (you pulled No action). Nothing was sent; refresh the sheet and your entry will be kept.',
    );
    expect(conflictWith(row, record(1, { hash: "v2", value: 123456, taxableValue: 100000 }))?.message).toBe(
      "The supplier changed this record after your pull: the portal now shows value ₹1,234.56 (taxable ₹1,000.00) and No action. Nothing was sent; refresh the sheet and your entry will be kept.",
    );
    expect(conflictWith(row, record(1, { action: "A", itcReduction: { required: "Y", igst: 0, cgst: 500, sgst: 500, cess: 0 } }))?.message).toMatch(/it now holds Accepted, ITC to reduce: CGST ₹5\.00, SGST ₹5\.00 \(you pulled No action\)/);
    expect(conflictWith(row, record(1))).toBeNull();
  });
});
