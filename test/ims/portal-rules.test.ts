import { checkSave, isSpecifiedRecord, pendingDeadline, rupeesText } from "../../src/ims/portal-rules";
import type { ImsRecord } from "../../src/ims/records";
import { creditNote, RULES_CTX } from "./fixtures";

const CTX = RULES_CTX;
const record = creditNote;

const codes = (r: ImsRecord, intent: Parameters<typeof checkSave>[1], ctx = CTX) => checkSave(r, intent, ctx).map((v) => v.code);

describe("portal rules before sending", () => {
  test("a plain accept, reject with remarks, or pending within the window passes", () => {
    expect(codes(record(), { action: "A" })).toEqual([]);
    expect(codes(record(), { action: "R", remarks: "Not agreed" })).toEqual([]);
    expect(codes(record(), { action: "P", remarks: "Checking with supplier" })).toEqual([]);
  });

  test("pending refused where the portal blocks it", () => {
    const v = checkSave(record({ pendingBlocked: true }), { action: "P" }, CTX);
    expect(v.map((x) => x.code)).toEqual(["pending-blocked"]);
    expect(v[0]!.message).toMatch(/does not allow Pending on credit note CN\/26-27\/014 of 29AABCB5678K1Z5/);
  });

  test("pending on a specified record: one tax period (monthly: 3B due date of the next month), none before Oct 2025", () => {
    expect(pendingDeadline(record(), CTX)).toBe("2026-12-20");
    expect(codes(record(), { action: "P" }, { ...CTX, today: "2026-12-20" })).toEqual([]);
    const late = checkSave(record(), { action: "P" }, { ...CTX, today: "2026-12-21" });
    expect(late.map((x) => x.code)).toEqual(["pending-window-passed"]);
    expect(late[0]!.message).toMatch(/until 20-12-2026/);
    expect(pendingDeadline(record(), { frequency: "quarterly", stateCode: "29" })).toBe("2027-04-22");
    expect(pendingDeadline(record(), { frequency: "quarterly", stateCode: "07" })).toBe("2027-04-24");
    expect(codes(record({ returnPeriod: "2025-09" }), { action: "P" })).toEqual(["pending-window-passed"]);
    expect(pendingDeadline(record({ section: "B2B", itcReductionBlocked: null }), CTX)).toBeNull();
    expect(codes(record({ section: "B2B", itcReductionBlocked: null, returnPeriod: "2025-01" }), { action: "P" })).toEqual([]);
  });

  test("specified records: credit notes always, amendments when the portal allows a declaration", () => {
    expect(isSpecifiedRecord({ section: "CN", itcReductionBlocked: true })).toBe(true);
    expect(isSpecifiedRecord({ section: "B2BA", itcReductionBlocked: false })).toBe(true);
    expect(isSpecifiedRecord({ section: "B2BA", itcReductionBlocked: true })).toBe(false);
    expect(isSpecifiedRecord({ section: "B2B", itcReductionBlocked: false })).toBe(false);
  });

  test("remarks: blocked, too long (counted in characters), only with Reject or Pending", () => {
    expect(codes(record({ remarksBlocked: true }), { action: "R", remarks: "x" })).toEqual(["remarks-blocked"]);
    expect(codes(record(), { action: "R", remarks: "ऋ".repeat(250) })).toEqual([]);
    expect(codes(record(), { action: "R", remarks: "ऋ".repeat(251) })).toEqual(["remarks-too-long"]);
    expect(codes(record(), { action: "A", remarks: "ok" })).toEqual(["remarks-need-reject-or-pending"]);
  });

  test("ITC-reduction declaration: only on accept of specified records, within the tax, CGST = SGST", () => {
    expect(codes(record(), { action: "A", itcReduction: { required: "Y" } })).toEqual([]);
    expect(codes(record(), { action: "A", itcReduction: { required: "Y", cgst: 4500, sgst: 4500 } })).toEqual([]);
    expect(codes(record(), { action: "R", itcReduction: { required: "Y" } })).toEqual(["itc-declaration-not-allowed"]);
    expect(codes(record({ itcReductionBlocked: true }), { action: "A", itcReduction: { required: "Y" } })).toEqual(["itc-declaration-not-allowed"]);
    expect(codes(record({ section: "B2B", itcReductionBlocked: null }), { action: "A", itcReduction: { required: "N" } })).toEqual(["itc-declaration-not-allowed"]);
    expect(codes(record(), { action: "A", itcReduction: { required: "N", cgst: 100, sgst: 100 } })).toEqual(["itc-declaration-not-allowed"]);
    const over = checkSave(record(), { action: "A", itcReduction: { required: "Y", cgst: 9001, sgst: 9001 } }, CTX);
    expect(over.map((x) => x.code)).toEqual(["itc-declaration-exceeds-tax", "itc-declaration-exceeds-tax"]);
    expect(over[0]!.message).toBe("The CGST to reduce (₹90.01) is more than the record's CGST (₹90.00).");
    expect(codes(record(), { action: "A", itcReduction: { required: "Y", cgst: 100, sgst: 200 } })).toEqual(["itc-cgst-sgst-differ"]);
  });

  test("rupees in Indian grouping", () => {
    expect(rupeesText(0)).toBe("0.00");
    expect(rupeesText(1234567)).toBe("12,345.67");
    expect(rupeesText(1234567890)).toBe("1,23,45,678.90");
    expect(rupeesText(-5)).toBe("-0.05");
  });
});
