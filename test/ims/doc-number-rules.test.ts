/**
 * Issue 9, bug 6: a record whose document number the portal's pattern refuses is refused on
 * its own row before sending, so the rest of its batch still goes.
 */
import { planSection } from "../../src/ims/plan";
import { checkDocNumbers, checkSave, DOC_NUMBER_PATTERN } from "../../src/ims/portal-rules";
import type { ImsRecord } from "../../src/ims/records";
import { rowFromRecord, type ReviewRow } from "../../src/ims/review-rows";
import { creditNote, RULES_CTX } from "./fixtures";

const REFUSED_NUMBERS = ["INV 2026/001", "CN#14", "CN/26-27/00000014", "0000", "--/", "", "Rechnung-ü1"];
const ACCEPTED_NUMBERS = ["CN/26-27/014", "0001", "a", "-0/A", "ABCDEFGHIJ123456", "00/-1"];

function row(n: number, edit: Partial<ReviewRow["edit"]>, overrides: Partial<ImsRecord> = {}): ReviewRow {
  const r = rowFromRecord(creditNote({ docNumber: `CN-${n}`, hash: `h${n}`, ...overrides }), n + 1);
  r.edit = { ...r.edit, ...edit };
  return r;
}

describe("document numbers the portal's pattern refuses", () => {
  test("the pattern: 1 to 16 letters, digits, '/' and '-', with a letter or a digit other than 0", () => {
    for (const n of REFUSED_NUMBERS) expect([n, DOC_NUMBER_PATTERN.test(n)]).toEqual([n, false]);
    for (const n of ACCEPTED_NUMBERS) expect([n, DOC_NUMBER_PATTERN.test(n)]).toEqual([n, true]);
  });

  test("checkSave refuses such a record on the Document number column, whatever the action", () => {
    for (const docNumber of REFUSED_NUMBERS) {
      for (const action of ["A", "R", "P"] as const) {
        const v = checkSave(creditNote({ docNumber }), { action }, RULES_CTX);
        expect(v.map((x) => [x.code, x.field])).toEqual([["doc-number-not-accepted", "docNumber"]]);
        expect(v[0]!.message).toMatch(/^Document number /);
      }
    }
    for (const docNumber of ACCEPTED_NUMBERS) expect(checkSave(creditNote({ docNumber }), { action: "A" }, RULES_CTX)).toEqual([]);
  });

  test("the message says why: the characters at fault, the length, or nothing but zeros", () => {
    const message = (docNumber: string) => checkDocNumbers({ docNumber })[0]?.message ?? "";
    expect(message("INV 2026/001")).toContain("a space");
    expect(message("CN#14")).toContain('"#"');
    expect(message("CN/26-27/00000014")).toContain("17 characters long");
    expect(message("0000")).toContain("no letter and no digit other than 0");
  });

  test("an amendment's original document number is checked too, on its own column", () => {
    const amended = creditNote({ section: "CNA", originalDocNumber: "CN 14", originalDocDate: "2026-09-01" });
    expect(checkDocNumbers(amended).map((v) => [v.code, v.field])).toEqual([["doc-number-not-accepted", "originalDocNumber"]]);
    expect(checkDocNumbers(amended)[0]!.message).toMatch(/^Original document number "CN 14"/);
  });

  test("the plan refuses that row alone: the other rows of the section are still saved", () => {
    const rows = [row(1, { action: "A" }), row(2, { action: "R" }, { docNumber: "CN 2/26-27" }), row(3, { action: "P" })];
    const plan = planSection("CN", rows, [], RULES_CTX);
    expect(plan.saves.map((s) => s.record.docNumber)).toEqual(["CN-1", "CN-3"]);
    expect(plan.refused.map((r) => [r.row.sheetRow, r.code, r.column])).toEqual([[3, "doc-number-not-accepted", "docNumber"]]);
  });

  test("a reset of such a record is refused too: it would fail its batch the same way", () => {
    const rows = [row(1, { action: "N" }, { action: "A" }), row(2, { action: "N" }, { action: "A", docNumber: "CN_2" })];
    const plan = planSection("CN", rows, [], RULES_CTX);
    expect(plan.resets.map((r) => r.record.docNumber)).toEqual(["CN-1"]);
    expect(plan.refused.map((r) => [r.row.sheetRow, r.code, r.column])).toEqual([[3, "doc-number-not-accepted", "docNumber"]]);
  });

  test("an unchanged row is never refused for its number: nothing is sent for it", () => {
    expect(planSection("CN", [row(1, {}, { docNumber: "CN 1" })], [], RULES_CTX).refused).toEqual([]);
  });
});
