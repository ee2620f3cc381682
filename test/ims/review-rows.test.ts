import { rupeesText } from "../../src/ims/portal-rules";
import { recordFingerprint } from "../../src/ims/fingerprint";
import { imsRecordKey, type ImsRecord } from "../../src/ims/records";
import { editFromRecord, formatIst, isEdited, mergeRows, RESULTS, rowFromRecord, type ReviewRow } from "../../src/ims/review-rows";
import { makeRecord } from "../workbook/synthetic-records";

const AT = "2025-11-21T05:00:00.000Z";

function sheetOf(records: ImsRecord[]): ReviewRow[] {
  return records.map((r, i) => rowFromRecord(r, i + 2));
}

describe("isEdited", () => {
  test("a freshly pulled row is not edited", () => {
    expect(isEdited(rowFromRecord(makeRecord("B2B", 1), 2))).toBe(false);
    expect(isEdited(rowFromRecord(makeRecord("CN", 1, { itcReduction: { required: "Y" }, remarks: "r" }), 2))).toBe(false);
  });
  test("a changed action, remarks or declaration is an edit; so is an unreadable cell", () => {
    const row = rowFromRecord(makeRecord("CN", 2, { action: "N" }), 2);
    expect(isEdited({ ...row, edit: { ...row.edit, action: "A" } })).toBe(true);
    expect(isEdited({ ...row, edit: { ...row.edit, remarks: "why" } })).toBe(true);
    expect(isEdited({ ...row, edit: { ...row.edit, itcReduction: { required: "N" } } })).toBe(true);
    expect(isEdited({ ...row, edit: { ...row.edit, action: null, unparsed: { action: "maybe" } } })).toBe(true);
  });
  test("ITC columns count only on sections that have them", () => {
    const b2b = rowFromRecord(makeRecord("B2B", 3), 2);
    expect(editFromRecord(makeRecord("B2B", 3, { itcReduction: { required: "Y" } })).itcReduction).toBeUndefined();
    expect(isEdited({ ...b2b, record: { ...b2b.record, itcReduction: { required: "Y" } } })).toBe(false);
  });
});

describe("mergeRows", () => {
  const base = [0, 1, 2, 3, 4].map((i) => makeRecord("B2B", i, { action: "N" }));

  test("into an empty sheet: every record is added, in order, from row 2", () => {
    const { rows, summary } = mergeRows([], base, { pulledAt: AT });
    expect(rows.map((r) => r.key)).toEqual(base.map(imsRecordKey));
    expect(rows.map((r) => r.sheetRow)).toEqual([2, 3, 4, 5, 6]);
    expect(summary.added).toBe(5);
    expect(rows.every((r) => r.inPortal && !isEdited(r))).toBe(true);
  });

  test("edits are kept while portal columns update; unedited rows take the portal's state", () => {
    const existing = sheetOf(base);
    existing[1] = { ...(existing[1] as ReviewRow), edit: { action: "R", remarks: "Wrong rate" } };
    const fresh = base.map((r, i) => (i === 1 || i === 2 ? { ...r, value: r.value + 100, hash: r.hash + "x", action: "A" as const } : r));
    const { rows, summary } = mergeRows(existing, fresh, { pulledAt: AT });
    const r1 = rows[1] as ReviewRow;
    expect(r1.edit).toEqual({ action: "R", remarks: "Wrong rate" });
    expect(r1.record.value).toBe((base[1] as ImsRecord).value + 100);
    expect(r1.version).toBe((base[1] as ImsRecord).hash + "x");
    expect(r1.pulledAction).toBe("A");
    expect(r1.fingerprint).toBe(recordFingerprint(fresh[1] as ImsRecord));
    const r2 = rows[2] as ReviewRow;
    expect(r2.edit.action).toBe("A"); // not edited: follows the portal
    expect(summary).toMatchObject({ added: 0, updated: 2, unchanged: 3, keptEdits: 1, editsOnChangedRecords: 1, leftPortal: 0 });
  });

  test("an edit the portal now holds (it was submitted) is no longer an edit", () => {
    const existing = sheetOf(base);
    existing[0] = { ...(existing[0] as ReviewRow), edit: { action: "A", remarks: (base[0] as ImsRecord).remarks ?? "" } };
    const fresh = base.map((r, i) => (i === 0 ? { ...r, action: "A" as const } : r));
    const { rows, summary } = mergeRows(existing, fresh, { pulledAt: AT });
    expect(isEdited(rows[0] as ReviewRow)).toBe(false);
    expect(summary.keptEdits).toBe(0);
  });

  test("records that left the portal are kept, with their edits, and marked; new ones are appended", () => {
    const existing = sheetOf(base);
    existing[3] = { ...(existing[3] as ReviewRow), edit: { action: "P", remarks: "ask supplier" } };
    const extra = makeRecord("B2B", 99);
    const fresh = [extra, ...base.filter((_, i) => i !== 3)];
    const { rows, summary } = mergeRows(existing, fresh, { pulledAt: AT });
    expect(rows).toHaveLength(6);
    const gone = rows[3] as ReviewRow;
    expect(gone.key).toBe(imsRecordKey(base[3] as ImsRecord));
    expect(gone.inPortal).toBe(false);
    expect(gone.edit).toEqual({ action: "P", remarks: "ask supplier" });
    expect(gone.status.result).toBe(RESULTS.notOnPortal);
    expect(gone.status.message).toContain(formatIst(AT));
    expect((rows[5] as ReviewRow).key).toBe(imsRecordKey(extra));
    expect((rows[5] as ReviewRow).sheetRow).toBe(7);
    expect(summary).toMatchObject({ added: 1, leftPortal: 1 });
  });

  test("a record that comes back loses its Not-on-portal mark", () => {
    const first = mergeRows(sheetOf(base), base.slice(1), { pulledAt: AT }).rows;
    expect((first[0] as ReviewRow).status.result).toBe(RESULTS.notOnPortal);
    const { rows, summary } = mergeRows(first, base, { pulledAt: AT });
    expect((rows[0] as ReviewRow).inPortal).toBe(true);
    expect((rows[0] as ReviewRow).status.result).toBe("");
    expect(summary.returned).toBe(1);
  });

  test("order follows the sheet (a user's sort survives), never the portal's order", () => {
    const existing = sheetOf([...base].reverse());
    const { rows } = mergeRows(existing, base, { pulledAt: AT });
    expect(rows.map((r) => r.key)).toEqual([...base].reverse().map(imsRecordKey));
  });

  test("duplicate rows collapse when no edit would be lost", () => {
    const row = rowFromRecord(base[0] as ImsRecord, 2);
    const edited = { ...row, sheetRow: 3, edit: { action: "A" as const, remarks: "" } };
    const copy = { ...edited, sheetRow: 4 };
    const { rows, summary } = mergeRows([row, edited, copy, rowFromRecord(base[1] as ImsRecord, 5)], base.slice(0, 2), { pulledAt: AT });
    expect(rows).toHaveLength(2);
    expect((rows[0] as ReviewRow).edit.action).toBe("A");
    expect(summary.duplicatesDropped).toBe(2);
  });

  test("duplicates with different edits are all kept and marked", () => {
    const row = rowFromRecord(base[0] as ImsRecord, 2);
    const a = { ...row, edit: { action: "A" as const, remarks: "" } };
    const r = { ...row, sheetRow: 3, edit: { action: "R" as const, remarks: "no" } };
    const { rows, summary } = mergeRows([a, r], base.slice(0, 1), { pulledAt: AT });
    expect(rows).toHaveLength(2);
    expect(rows.map((x) => x.edit.action)).toEqual(["A", "R"]);
    expect(rows.every((x) => x.status.result === RESULTS.duplicate)).toBe(true);
    expect(summary.conflictingDuplicates).toBe(1);
  });

  test("unreadable cells are edits and are kept verbatim", () => {
    const row = rowFromRecord(base[0] as ImsRecord, 2);
    const bad = { ...row, edit: { action: null, remarks: "", unparsed: { action: "maybe" } } };
    const { rows } = mergeRows([bad], base.slice(0, 1), { pulledAt: AT });
    expect((rows[0] as ReviewRow).edit.unparsed).toEqual({ action: "maybe" });
  });

  test("each row says which existing row it continues", () => {
    const existing = sheetOf(base.slice(0, 3));
    const { from } = mergeRows(existing, [...base.slice(1, 3), makeRecord("B2B", 77)], { pulledAt: AT });
    expect(from).toEqual([existing[0], existing[1], existing[2], null]);
  });

  test("a conflict is resolved by a pull that returns the record: the status is cleared, the entry kept", () => {
    const [first, second] = sheetOf(base.slice(0, 2));
    const conflicted = (row: ReviewRow, edit: Partial<ReviewRow["edit"]>): ReviewRow => ({
      ...row,
      edit: { ...row.edit, ...edit },
      status: { result: RESULTS.conflict, referenceId: "", message: "The supplier changed this record after your pull", updatedAt: AT },
    });
    // A new version with the same document (the action changed on the portal, say).
    const changed = { ...base[0]!, hash: "v2", action: "R" as const };
    const { rows } = mergeRows([conflicted(first!, { action: "A" }), conflicted(second!, {})], [changed, base[1]!], { pulledAt: AT });
    expect(rows[0]).toMatchObject({ version: "v2", edit: { action: "A" }, status: { result: "", referenceId: "", message: `Brought up to date by the pull of ${formatIst(AT)}; your entry is kept and is sent on the next submit.` } });
    expect(rows[1]!.status).toMatchObject({ result: "", message: `Brought up to date by the pull of ${formatIst(AT)}.` });
    // A pull that does not return the record leaves it as "Not on portal" instead.
    const gone = mergeRows([conflicted(first!, { action: "A" })], [], { pulledAt: AT }).rows[0]!;
    expect(gone.status.result).toBe(RESULTS.notOnPortal);
  });

  test("an entry not sent yet, under a document the supplier changed: kept, held for confirmation, the change said in figures", () => {
    const [row] = sheetOf(base.slice(0, 1));
    const edited: ReviewRow = { ...row!, edit: { ...row!.edit, action: "A" } };
    const changed = { ...base[0]!, hash: "v2", taxableValue: base[0]!.taxableValue + 50_000, cgst: base[0]!.cgst + 4_500 };
    const { rows, summary } = mergeRows([edited], [changed], { pulledAt: AT });
    expect(summary).toMatchObject({ awaitingConfirmation: 1, keptEdits: 1, updated: 1 });
    expect(rows[0]).toMatchObject({ version: "v2", edit: { action: "A" }, status: { result: RESULTS.conflict, state: "supplier-changed" } });
    expect(rows[0]!.status.message).toContain(`taxable value ₹${rupeesText(base[0]!.taxableValue)} → ₹${rupeesText(changed.taxableValue)}; CGST`);
    // Without an entry, or with the same document, nothing is held.
    expect(mergeRows([row!], [changed], { pulledAt: AT }).summary.awaitingConfirmation).toBe(0);
    expect(mergeRows([edited], [{ ...base[0]!, hash: "v2" }], { pulledAt: AT }).summary.awaitingConfirmation).toBe(0);
  });

  test("status columns survive a refresh", () => {
    const row = { ...rowFromRecord(base[0] as ImsRecord, 2), status: { result: "Saved", referenceId: "123", message: "ok", updatedAt: AT } };
    const { rows } = mergeRows([row], base.slice(0, 1), { pulledAt: AT });
    expect((rows[0] as ReviewRow).status).toEqual(row.status);
  });
});

test("formatIst shows Indian time", () => {
  expect(formatIst("2025-11-21T05:00:00.000Z")).toBe("21-11-2025 10:30 IST");
});
