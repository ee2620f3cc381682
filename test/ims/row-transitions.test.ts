/** How a row changes when the portal answers (src/ims/row-transitions.ts). */
import { entryOf, saveIntentOf, type PlanEntry } from "../../src/ims/plan";
import type { ImsRecord } from "../../src/ims/records";
import { RESULTS, rowFromRecord, type ReviewRow } from "../../src/ims/review-rows";
import { appliedRow, CHANGED_WHILE_SENT, followedRow } from "../../src/ims/row-transitions";
import { creditNote } from "./fixtures";

const STAMP = "2026-11-21T05:00:00.000Z";

function row(edit: Partial<ReviewRow["edit"]>, rec: Partial<ImsRecord> = {}): ReviewRow {
  const r = rowFromRecord(creditNote({ docNumber: "CN-7", hash: "h7", ...rec }), 2);
  r.edit = { ...r.edit, ...edit };
  return r;
}

function saveOf(r: ReviewRow): PlanEntry {
  const entry = entryOf(r, "save");
  if (!entry) throw new Error("no save entry");
  return entry;
}

describe("saveIntentOf and entryOf", () => {
  test("A, R and P make a save intent with remarks; anything else makes none (never a silent Accept)", () => {
    expect(saveIntentOf(row({ action: "R", remarks: "Wrong rate" }))).toEqual({ action: "R", remarks: "Wrong rate" });
    expect(saveIntentOf(row({ action: "N" }))).toBeNull();
    expect(saveIntentOf(row({ action: null }))).toBeNull();
    expect(entryOf(row({ action: null }), "save")).toBeNull();
    expect(entryOf(row({ action: null }), "reset")).toMatchObject({ kind: "reset" });
  });
});

describe("appliedRow", () => {
  test("the applied record becomes the pulled state: nothing is left to send", () => {
    const r = row({ action: "R", remarks: "Wrong rate" });
    const out = appliedRow(saveOf(r), r, "REF1", "Accepted by the portal.", STAMP);
    expect(out.record.action).toBe("R");
    expect(out.pulledAction).toBe("R");
    expect(out.edit).toEqual({ action: "R", remarks: "Wrong rate" });
    expect(out.status).toEqual({ result: RESULTS.saved, referenceId: "REF1", message: "Accepted by the portal.", updatedAt: STAMP });
  });

  test("an entry changed while the request was on its way is kept, and the message says so", () => {
    const sent = row({ action: "R", remarks: "Wrong rate" });
    const now = { ...sent, edit: { action: "A" as const, remarks: "" } };
    const out = appliedRow(saveOf(sent), now, "REF1", "Accepted by the portal.", STAMP);
    expect(out.pulledAction).toBe("R");
    expect(out.edit).toEqual({ action: "A", remarks: "" });
    expect(out.status.message).toContain(CHANGED_WHILE_SENT);
  });

  test("a reset takes the record back to no action", () => {
    const r = row({ action: "N" }, { action: "A" });
    const out = appliedRow({ kind: "reset", row: r, record: r.record }, undefined, "REF2", "Reset.", STAMP);
    expect(out.record.action).toBe("N");
    expect(out.status.result).toBe(RESULTS.reset);
  });
});

describe("followedRow", () => {
  test("the portal holds what the row asks: the row shows the portal's state", () => {
    const r = row({ action: "P", remarks: "Awaiting goods" });
    const now = { ...r.record, action: "P" as const, remarks: "Awaiting goods", hash: "h8" };
    const out = followedRow(r, now, "save", "REF3", "Followed up.", STAMP);
    expect(out.version).toBe("h8");
    expect(out.edit).toEqual({ action: "P", remarks: "Awaiting goods" });
  });

  test("the row asks for something else (changed after sending, or unreadable): the entry stays to be sent next time", () => {
    const now = { ...creditNote({ docNumber: "CN-7", hash: "h8" }), action: "P" as const };
    expect(followedRow(row({ action: "A" }), now, "save", "REF3", "Followed up.", STAMP).edit.action).toBe("A");
    const unreadable = row({ action: null, unparsed: { action: "Maybe" } });
    expect(followedRow(unreadable, now, "save", "REF3", "Followed up.", STAMP).edit).toEqual(unreadable.edit);
  });
});
