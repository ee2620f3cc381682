/** Supplier-wise review's domain: which rows "Action for all" may write, the cell it reads, and what undo may put back. */
import { bulkTargets, parseActionForAll, stillBlankAction, undoDecision } from "../../src/ims/suppliers";
import { rowFromRecord } from "../../src/ims/review-rows";
import type { ReviewRow } from "../../src/ims/review-rows";
import { makeRecord } from "../workbook/synthetic-records";

function row(i: number, patch: (r: ReviewRow) => void = () => undefined): ReviewRow {
  const r = rowFromRecord({ ...makeRecord("B2B", i), supplierGstin: "29AABCB5678K1Z5", action: "N", pendingBlocked: false }, i + 2);
  patch(r);
  return r;
}

test('"Action for all" takes A, R or P in any spelling the Action column takes; blank and N mean none', () => {
  expect(parseActionForAll(" accept ")).toEqual({ ok: true, action: "A" });
  expect(parseActionForAll("p")).toEqual({ ok: true, action: "P" });
  expect(parseActionForAll("")).toEqual({ ok: true, action: null });
  expect(parseActionForAll("N")).toEqual({ ok: true, action: null });
  expect(parseActionForAll("maybe")).toMatchObject({ ok: false, reason: expect.stringMatching(/or N \(none\)$/) });
});

test("targets: rows with no action on the portal that nobody typed into; everything else is counted, not written", () => {
  const rows = [
    row(0),
    row(1, (r) => (r.edit.action = "R")),
    row(2, (r) => {
      r.pulledAction = "A";
      r.record = { ...r.record, action: "A" };
      r.edit.action = "A";
    }),
    row(3, (r) => (r.status = { ...r.status, result: "Submitted", state: "submitted" })),
    row(4, (r) => (r.record = { ...r.record, pendingBlocked: true })),
    row(5, (r) => (r.record = { ...r.record, supplierGstin: "07AAFCD4321M1ZN" })),
    row(6, (r) => (r.inPortal = false)),
  ];
  const plan = bulkTargets([{ section: "B2B", rows }], new Map([["29AABCB5678K1Z5", "P"]]));
  expect(plan.targets.map((t) => t.sheetRow)).toEqual([2]);
  expect(plan.skipped).toEqual({ typed: 1, decided: 1, inFlight: 1, pendingNotAllowed: 1 });
  expect(bulkTargets([{ section: "B2B", rows }], new Map([["29AABCB5678K1Z5", "A"]])).targets.map((t) => t.sheetRow)).toEqual([2, 6]);
});

test("the cell read just before writing must still ask for no action; undo restores only what still holds the write and was not sent", () => {
  expect([stillBlankAction(""), stillBlankAction("N"), stillBlankAction(" no action "), stillBlankAction("A"), stillBlankAction(0)]).toEqual([true, true, true, false, false]);
  const entry = { written: "A" as const };
  expect(undoDecision(entry, { action: "A", portalAction: "No action", state: "" })).toBe("restore");
  expect(undoDecision(entry, { action: "R", portalAction: "No action", state: "" })).toBe("changed");
  expect(undoDecision(entry, { action: "A", portalAction: "Accepted", state: "saved" })).toBe("sent");
  expect(undoDecision(entry, { action: "A", portalAction: "No action", state: "submitted" })).toBe("sent");
});
