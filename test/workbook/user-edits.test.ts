/**
 * What people do to a section sheet between pulls (typing, pasting, filling down, sorting,
 * filtering, inserting and deleting rows), then a refresh and a read-back: no edit is lost, and
 * every problem is reported on its row.
 */
import { imsRecordKey, type ImsRecord } from "../../src/ims/records";
import { isEdited, RESULTS, type ReviewRow } from "../../src/ims/review-rows";
import { pullSectionIntoSheet, readSectionSheet } from "../../src/workbook";
import { columnLetter, sectionLayout } from "../../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { cellAt, colOf, GSTIN, records, rowOf, rowValues, T1, T2, T3 } from "./helpers";
import { makeRecord } from "./synthetic-records";

let fake: FakeExcelHandle;
let recs: ImsRecord[];
beforeEach(async () => {
  fake = installExcelFake({ today: "2025-11-21" });
  recs = records("CN", 8).map((r) => ({ ...r, action: "N" as const }));
  await pullSectionIntoSheet("CN", recs, { gstin: GSTIN, pulledAt: T1 });
});
afterEach(() => fake.uninstall());

function byKey(rows: readonly ReviewRow[]): Map<string, ReviewRow> {
  return new Map(rows.map((r) => [r.key, r]));
}

const refresh = (rs: readonly ImsRecord[] = recs, at = T2) => pullSectionIntoSheet("CN", rs, { gstin: GSTIN, pulledAt: at });

test("typing: an action from the list and remarks, kept through a refresh that changes the record", async () => {
  const r = rowOf(fake, "CN", recs[3]!);
  fake.user.typeInto("CN", cellAt("CN", "action", r), "R");
  fake.user.typeInto("CN", cellAt("CN", "remarks", r), "Goods returned, note not agreed");
  fake.user.typeInto("CN", cellAt("CN", "itcRequired", r), "N");
  // The drop-down refuses what is not in the list.
  expect(() => fake.user.typeInto("CN", cellAt("CN", "action", r), "maybe")).toThrow(/not an IMS action|ValidationRejected|Enter A/);

  const changed = recs.map((x, i) => (i === 3 ? { ...x, hash: "v2", cgst: x.cgst + 1 } : x));
  const s = await refresh(changed);
  expect(s).toMatchObject({ keptEdits: 1, updated: 1 });
  const read = await readSectionSheet("CN");
  expect(read.problems).toEqual([]);
  const row = byKey(read.rows).get(imsRecordKey(recs[3]!))!;
  expect(row.edit).toEqual({ action: "R", remarks: "Goods returned, note not agreed", itcReduction: { required: "N" } });
  expect(row.record.cgst).toBe(recs[3]!.cgst + 1);
  expect(row.version).toBe("v2");
});

test("paste over the Action column: text understood, drop-down lost, reported on those rows and put back", async () => {
  const r = rowOf(fake, "CN", recs[1]!);
  fake.user.paste("CN", cellAt("CN", "action", r), [["accept"], [" Rejected "], ["p"]]);
  expect(fake.inspect.cell("CN", cellAt("CN", "action", r)).validation).toBeNull();

  const read = await readSectionSheet("CN", { repairValidation: false });
  const lost = read.problems.filter((p) => p.code === "validation-lost");
  expect(lost.map((p) => p.sheetRow)).toEqual([r, r + 1, r + 2]);
  expect(lost[0]!.message).toMatch(new RegExp(`^Row ${r}, column "Action \\(A/R/P/N\\)": the A/R/P/N drop-down was removed`));
  expect(read.problems.filter((p) => p.code !== "validation-lost")).toEqual([]);
  expect(read.rows.slice(r - 2, r + 1).map((x) => x.edit.action)).toEqual(["A", "R", "P"]);
  expect(fake.inspect.cell("CN", cellAt("CN", "action", r)).validation).toBeNull();

  // Reading for a submit puts the drop-down back.
  const again = await readSectionSheet("CN");
  expect(again.validationRepaired).toBe(true);
  expect(fake.inspect.cell("CN", cellAt("CN", "action", r + 1)).validation).not.toBeNull();
  expect((await readSectionSheet("CN")).problems).toEqual([]);

  // And a refresh writes the letters, with the drop-down everywhere.
  await refresh();
  expect(fake.inspect.values("CN", `${cellAt("CN", "action", r)}:${cellAt("CN", "action", r + 2)}`)).toEqual([["A"], ["R"], ["P"]]);
  for (let row = 2; row <= 9; row++) expect(fake.inspect.cell("CN", cellAt("CN", "action", row)).validation).not.toBeNull();
});

test("paste-values keeps the drop-down; a bad action pasted that way is reported and survives a refresh", async () => {
  const r = rowOf(fake, "CN", recs[5]!);
  fake.user.paste("CN", cellAt("CN", "action", r), [["accpet"]], { values: true });
  const read = await readSectionSheet("CN");
  expect(read.problems).toEqual([
    expect.objectContaining({ sheetRow: r, code: "bad-action", field: "Action (A/R/P/N)", key: imsRecordKey(recs[5]!) }),
  ]);
  expect(read.problems[0]!.message).toBe(`Row ${r}, column "Action (A/R/P/N)": "accpet" is not an action; use A (accept), R (reject), P (keep pending) or N (no action).`);
  await refresh();
  expect(fake.inspect.cell("CN", cellAt("CN", "action", r)).value).toBe("accpet");
  expect((await readSectionSheet("CN")).problems.map((p) => p.code)).toEqual(["bad-action"]);
});

test("fill-down copies an action with its drop-down", async () => {
  fake.user.typeInto("CN", cellAt("CN", "action", 2), "A");
  fake.user.fillDown("CN", `${cellAt("CN", "action", 2)}:${cellAt("CN", "action", 6)}`);
  const read = await readSectionSheet("CN");
  expect(read.problems).toEqual([]);
  expect(read.rows.slice(0, 5).every((r) => r.edit.action === "A" && isEdited(r))).toBe(true);
  const s = await refresh();
  expect(s.keptEdits).toBe(5);
});

test("sorting: rows move, edits stay with their records, and a refresh keeps the user's order", async () => {
  const target = recs[6]!;
  fake.user.typeInto("CN", cellAt("CN", "remarks", rowOf(fake, "CN", target)), "check");
  fake.user.sortTable("CN", "IMS_CN", colOf("CN", "taxableValue"), false);
  const order = (await readSectionSheet("CN")).rows.map((r) => r.key);
  expect(order).not.toEqual(recs.map(imsRecordKey));

  await refresh([...recs].reverse());
  const read = await readSectionSheet("CN");
  expect(read.rows.map((r) => r.key)).toEqual(order);
  expect(byKey(read.rows).get(imsRecordKey(target))!.edit.remarks).toBe("check");
  expect(read.problems).toEqual([]);
});

test("filtering hides rows but read-back and refresh see them all; a refresh clears the filter", async () => {
  fake.user.typeInto("CN", cellAt("CN", "action", 3), "R");
  fake.user.filterTable("CN", "IMS_CN", colOf("CN", "action"), ["N"]);
  expect(fake.inspect.rowHidden("CN", 3)).toBe(true);
  const read = await readSectionSheet("CN");
  expect(read.rows).toHaveLength(8);
  expect(read.rows[1]!.edit.action).toBe("R");

  const s = await refresh([...recs, makeRecord("CN", 20)]);
  expect(s).toMatchObject({ added: 1, keptEdits: 1, rows: 9 });
  for (let row = 2; row <= 10; row++) expect(fake.inspect.rowHidden("CN", row)).toBe(false);
  expect((await readSectionSheet("CN")).rows).toHaveLength(9);
});

test("inserted blank rows are ignored and closed up; a typed-in row is kept, marked, and never submitted", async () => {
  fake.user.insertRows("CN", 4, 2);
  const read = await readSectionSheet("CN");
  expect(read.rows).toHaveLength(8);
  expect(read.problems).toEqual([]);

  fake.user.typeInto("CN", cellAt("CN", "remarks", 5), "a note of mine");
  const withNote = await readSectionSheet("CN");
  expect(withNote.unrecognised).toEqual([expect.objectContaining({ sheetRow: 5 })]);
  expect(withNote.problems).toEqual([expect.objectContaining({ sheetRow: 5, code: "unrecognised-row" })]);

  const s = await refresh();
  expect(s).toMatchObject({ rows: 9, unrecognisedKept: 1, added: 0 });
  // Blank rows closed up; the user's row at the end, marked.
  const last = rowValues(fake, "CN", "CN", 10);
  expect(last[colOf("CN", "remarks")]).toBe("a note of mine");
  expect(last[colOf("CN", "result")]).toBe(RESULTS.unrecognised);
  expect(rowValues(fake, "CN", "CN", 11).every((v) => v === "")).toBe(true);
});

test("a deleted row comes back on refresh (the record is still on the portal)", async () => {
  const gone = recs[2]!;
  fake.user.deleteRows("CN", rowOf(fake, "CN", gone), 1);
  expect((await readSectionSheet("CN")).rows).toHaveLength(7);
  const s = await refresh();
  expect(s).toMatchObject({ added: 1, rows: 8 });
  expect(rowOf(fake, "CN", gone)).toBe(9);
});

test("records that leave the portal stay, with their edits, marked; they come back unmarked", async () => {
  const leaving = recs[4]!;
  const r = rowOf(fake, "CN", leaving);
  fake.user.typeInto("CN", cellAt("CN", "action", r), "A");
  await refresh(recs.filter((x) => x !== leaving), T2);
  expect(fake.inspect.cell("CN", cellAt("CN", "result", r)).value).toBe(RESULTS.notOnPortal);
  expect(String(fake.inspect.cell("CN", cellAt("CN", "message", r)).value)).toMatch(/22-11-2025 10:30 IST/);
  const read = await readSectionSheet("CN");
  expect(read.problems).toEqual([]);
  expect(byKey(read.rows).get(imsRecordKey(leaving))).toMatchObject({ inPortal: false, edit: { action: "A" } });

  await refresh(recs, T3);
  expect(fake.inspect.cell("CN", cellAt("CN", "result", r)).value).toBe("");
  expect(byKey((await readSectionSheet("CN")).rows).get(imsRecordKey(leaving))).toMatchObject({ inPortal: true, edit: { action: "A" } });
});

test("a whole row copied and pasted below: duplicate key on both rows; a refresh collapses it when nothing is lost", async () => {
  const src = rowOf(fake, "CN", recs[0]!);
  const copy = rowValues(fake, "CN", "CN", src) as (string | number)[];
  // A user's copy of a row pastes values (numbers and text as shown); paste-values into the row below the table.
  fake.user.paste("CN", `A10`, [copy], { values: true });
  const read = await readSectionSheet("CN");
  const dups = read.problems.filter((p) => p.code === "duplicate-key");
  expect(dups.map((p) => p.sheetRow)).toEqual([src, 10]);
  expect(dups[0]!.message).toMatch(new RegExp(`^Row ${src}: the same record .* is also on row 10; keep one row and delete the others\\.$`));

  const s = await refresh();
  expect(s).toMatchObject({ duplicatesDropped: 1, rows: 8 });
  expect((await readSectionSheet("CN")).problems).toEqual([]);
});

test("duplicates with different edits are both kept and marked, so the user chooses", async () => {
  const src = rowOf(fake, "CN", recs[0]!);
  const copy = rowValues(fake, "CN", "CN", src) as (string | number)[];
  fake.user.paste("CN", "A10", [copy], { values: true });
  fake.user.typeInto("CN", cellAt("CN", "action", src), "A");
  fake.user.typeInto("CN", cellAt("CN", "action", 10), "R");
  const s = await refresh();
  expect(s).toMatchObject({ conflictingDuplicates: 1, rows: 9 });
  expect(fake.inspect.cell("CN", cellAt("CN", "result", src)).value).toBe(RESULTS.duplicate);
  expect(fake.inspect.cell("CN", cellAt("CN", "result", 10)).value).toBe(RESULTS.duplicate);
  const read = await readSectionSheet("CN");
  expect(read.problems.filter((p) => p.code === "duplicate-key").map((p) => p.sheetRow)).toEqual([src, 10]);
});

test("every other problem is reported on its own row, with the column named", async () => {
  const row = (i: number) => rowOf(fake, "CN", recs[i]!);
  const [r0, r1, r2, r3, r4, r5] = [0, 1, 2, 3, 4, 5].map(row) as [number, number, number, number, number, number];
  fake.user.clearCell("CN", cellAt("CN", "key", r0)); // hidden column emptied
  fake.user.typeInto("CN", cellAt("CN", "fingerprint", r1), "0123"); // hidden column edited
  fake.user.typeInto("CN", cellAt("CN", "docNumber", r2), "CN-EDITED"); // record field edited
  fake.user.typeInto("CN", cellAt("CN", "itcIgst", r3), "lots"); // not an amount
  fake.user.typeInto("CN", cellAt("CN", "itcRequired", r4), "maybe"); // not Y/N
  fake.user.paste("CN", cellAt("CN", "taxableValue", r5), [[1]]); // record field edited by a paste

  const read = await readSectionSheet("CN");
  const got = read.problems.map((p) => [p.sheetRow, p.code, p.field]);
  expect(got).toEqual([
    [r0, "hidden-column-missing", "Record key (do not edit)"],
    [r1, "hidden-column-edited", "Fingerprint (do not edit)"],
    [r2, "record-edited", "Note no."],
    [r3, "bad-amount", "ITC to reduce: IGST (₹)"],
    [r4, "bad-itc", "Reduce ITC? (Y/N)"],
    [r5, "record-edited", "portal columns"],
  ]);
  for (const p of read.problems) expect(p.message).toMatch(new RegExp(`^Row ${p.sheetRow}\\b`));
  // Rows still tie to their records (the key from the visible columns, or the hidden key).
  expect(read.rows.map((r) => r.key)).toEqual(recs.map(imsRecordKey));

  // A refresh restores the portal's columns and the hidden ones, and keeps the bad edits verbatim.
  await refresh();
  const after = await readSectionSheet("CN");
  expect(after.problems.map((p) => [p.sheetRow, p.code])).toEqual([
    [r3, "bad-amount"],
    [r4, "bad-itc"],
  ]);
  expect(fake.inspect.cell("CN", cellAt("CN", "itcIgst", r3)).value).toBe("lots");
  expect(fake.inspect.cell("CN", cellAt("CN", "docNumber", r2)).value).toBe(recs[2]!.docNumber);
});

test("a row pasted in from elsewhere, with its hidden cells empty, is tied to its record by GSTIN, number and period", async () => {
  const r = rowOf(fake, "CN", recs[7]!);
  const values = rowValues(fake, "CN", "CN", r) as (string | number)[];
  fake.user.deleteRows("CN", r, 1);
  const pasted = values.map((v, i) => (i >= colOf("CN", "key") ? "" : v));
  pasted[colOf("CN", "action")] = "R";
  fake.user.paste("CN", "A9", [pasted.map((v) => (typeof v === "number" ? v : String(v)))], { values: true });
  const read = await readSectionSheet("CN");
  // Row 9 is below the table now (the delete shrank it), so its Action cell has no drop-down either.
  expect(read.problems.map((p) => [p.sheetRow, p.code])).toEqual([
    [9, "hidden-column-missing"],
    [9, "validation-lost"],
  ]);
  expect(read.rows[7]!.key).toBe(imsRecordKey(recs[7]!));
  const s = await refresh();
  expect(s).toMatchObject({ added: 0, keptEdits: 1 });
  expect((await readSectionSheet("CN")).problems).toEqual([]);
  expect(fake.inspect.cell("CN", cellAt("CN", "action", 9)).value).toBe("R");
});

test("a column the user adds next to the table is kept, each cell with its record, formats included", async () => {
  const next = columnLetter(sectionLayout("CN").columns.length);
  // Typed next to the table (Excel would widen the table as you type; the fake does not, and the engine reads the header row either way).
  fake.user.typeInto("CN", `${next}1`, "My notes");
  const target = recs[2]!;
  fake.user.typeInto("CN", `${next}${rowOf(fake, "CN", target)}`, "call Ravi");
  fake.user.typeInto("CN", `${next}${rowOf(fake, "CN", recs[5]!)}`, "05-11-2025"); // a date, as the user types it
  const read = await readSectionSheet("CN");
  expect(read.problems).toEqual([]);
  expect(read.userColumns.headers).toEqual(["My notes"]);

  await refresh();
  expect(fake.inspect.tables("CN")[0]!.address).toBe(`A1:${next}9`);
  // Now inside the table, the column moves with its rows when the user sorts.
  fake.user.sortTable("CN", "IMS_CN", colOf("CN", "igst"), true);
  await refresh([...recs.filter((r) => r !== recs[0]), makeRecord("CN", 30)], T3);

  expect(fake.inspect.cell("CN", `${next}1`).value).toBe("My notes");
  expect(fake.inspect.cell("CN", `${next}${rowOf(fake, "CN", target)}`).value).toBe("call Ravi");
  const dated = fake.inspect.cell("CN", `${next}${rowOf(fake, "CN", recs[5]!)}`);
  expect(dated.value).toBe(45966);
  expect(dated.numberFormat).not.toBe("General");
  expect(fake.inspect.cell("CN", `${next}${rowOf(fake, "CN", makeRecord("CN", 30))}`).value).toBe("");
  expect(fake.inspect.tables("CN")[0]!.address).toBe(`A1:${next}10`);
  expect((await readSectionSheet("CN")).problems).toEqual([]);
});

test("rows inserted above the table: the table stays where it is, the user's title is kept, rows still read", async () => {
  fake.user.typeInto("CN", cellAt("CN", "action", 3), "R");
  fake.user.insertRows("CN", 1, 2);
  fake.user.typeInto("CN", "A1", "Credit notes, November");
  const read = await readSectionSheet("CN");
  expect(read.problems).toEqual([]);
  expect(read.rows[0]!.sheetRow).toBe(4);
  expect(read.rows[1]!.edit.action).toBe("R");

  const s = await refresh([...recs, makeRecord("CN", 40)]);
  expect(s).toMatchObject({ added: 1, keptEdits: 1, rows: 9 });
  expect(fake.inspect.cell("CN", "A1").value).toBe("Credit notes, November");
  expect(fake.inspect.tables("CN")[0]!.address).toMatch(/^A3:[A-Z]+12$/);
  expect(fake.inspect.frozenRows("CN")).toBe(3);
  expect(fake.inspect.cell("CN", cellAt("CN", "action", 5)).value).toBe("R");
  expect(fake.inspect.cell("CN", cellAt("CN", "action", 12)).validation).not.toBeNull();
  const after = await readSectionSheet("CN");
  expect(after.problems).toEqual([]);
  expect(after.rows.map((r) => r.sheetRow)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
});
