/**
 * The Match columns of a section sheet: written on the rows of their records, as text, and kept
 * right when a co-author sorts, inserts or deletes rows between the add-in's syncs (the cells of
 * a row that moved are written again where the record now is, or cleared, never left describing
 * another record).
 */
import { imsRecordKey, type ImsRecord } from "../../src/ims/records";
import type { SectionCode } from "../../src/ims/sections";
import { MATCH_COLUMN_HEADERS, pullSectionIntoSheet, readSectionSheet, writeMatchColumns, type MatchCells } from "../../src/workbook";
import type { MatchSheet } from "../../src/workbook/match-columns";
import { sectionLayout, columnLetter } from "../../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { colOf, GSTIN, records, T1 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

const WIDTH = sectionLayout("B2B").columns.length;

function cellsFor(rs: readonly ImsRecord[]): Map<string, MatchCells> {
  return new Map(rs.map((r, i) => [imsRecordKey(r), { match: i % 3 === 0 ? "Exact" : "Missing in PR", suggested: i % 3 === 0 ? "A" : "P: Not in our books", reason: `-12A 00${i}` }]));
}

async function sheetFor(rs: readonly ImsRecord[]): Promise<Map<SectionCode, MatchSheet>> {
  const read = await readSectionSheet("B2B");
  return new Map([["B2B", { rowKeys: new Map(read.rows.map((r) => [r.sheetRow, r.key])), cells: cellsFor(rs) }]]);
}

/** Every body row's key and match cells, as the sheet holds them now. */
function matchRows(f: FakeExcelHandle): { key: unknown; cells: unknown[] }[] {
  const out: { key: unknown; cells: unknown[] }[] = [];
  const keyLetter = columnLetter(colOf("B2B", "key"));
  for (let row = 2; ; row++) {
    const key = f.inspect.cell("B2B", `${keyLetter}${row}`).value;
    if (key === "" || key === undefined || key === null) break;
    out.push({ key, cells: MATCH_COLUMN_HEADERS.map((_, j) => f.inspect.cell("B2B", `${columnLetter(WIDTH + j)}${row}`).value) });
  }
  return out;
}

function expectEveryRowDescribesItsRecord(f: FakeExcelHandle, rs: readonly ImsRecord[], options: { allowBlank: boolean }): void {
  const want = cellsFor(rs);
  const rows = matchRows(f);
  expect(rows.length).toBe(rs.length);
  for (const r of rows) {
    const c = want.get(String(r.key))!;
    const expected = [c.match, c.suggested, c.reason];
    if (options.allowBlank && r.cells.every((v) => v === "")) continue;
    expect(r.cells).toEqual(expected);
  }
}

test("each row gets its record's cells, as text, under the three headers right of the sheet's columns", async () => {
  const rs = records("B2B", 40);
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  const result = await writeMatchColumns(await sheetFor(rs));
  expect(result).toMatchObject({ written: 40, moved: 0 });
  MATCH_COLUMN_HEADERS.forEach((h, j) => expect(fake.inspect.cell("B2B", `${columnLetter(WIDTH + j)}1`).value).toBe(h));
  expectEveryRowDescribesItsRecord(fake, rs, { allowBlank: false });
  expect(fake.inspect.cell("B2B", `${columnLetter(WIDTH + 2)}2`).numberFormat).toBe("@");
  // Written again with fewer records matched: the others are cleared.
  const read = await readSectionSheet("B2B");
  const some = new Map([...cellsFor(rs)].slice(0, 5));
  await writeMatchColumns(new Map<SectionCode, MatchSheet>([["B2B", { rowKeys: new Map(read.rows.map((r) => [r.sheetRow, r.key])), cells: some }]]));
  const rows = matchRows(fake);
  expect(rows.filter((r) => r.cells.some((v) => v !== "")).length).toBe(5);
  // The columns are the user's own to a later read: the entries are read as before.
  expect((await readSectionSheet("B2B")).problems).toEqual([]);
});

test("a co-author sorts the table during the first syncs: every row still ends up with its own record's cells", async () => {
  const rs = records("B2B", 60);
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  const sheets = await sheetFor(rs);
  let turn = 0;
  const stop = fake.beforeEachSync(() => {
    if (turn < 4) fake.user.sortTable("B2B", "IMS_B2B", colOf("B2B", turn % 2 ? "taxableValue" : "docNumber"), turn % 2 === 0);
    turn++;
  });
  const result = await writeMatchColumns(sheets, { budgetBytes: 3_000 });
  stop();
  expect(turn).toBeGreaterThan(4);
  expect(result.moved).toBe(0);
  expectEveryRowDescribesItsRecord(fake, rs, { allowBlank: false });
});

test("a co-author who never stops inserting and deleting rows: rows are cleared and counted, never left describing another record", async () => {
  const rs = records("B2B", 30);
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  const sheets = await sheetFor(rs);
  let turn = 0;
  const stop = fake.beforeEachSync(() => {
    if (turn++ % 2 === 0) fake.user.insertRows("B2B", 3, 1);
    else fake.user.deleteRows("B2B", 3, 1);
  });
  const result = await writeMatchColumns(sheets, { budgetBytes: 2_000 });
  stop();
  const rows = matchRows(fake);
  const want = cellsFor(rs);
  for (const r of rows) {
    const c = want.get(String(r.key));
    if (!c) continue;
    if (r.cells.every((v) => v === "")) continue;
    expect(r.cells).toEqual([c.match, c.suggested, c.reason]);
  }
  expect(result.written + result.moved).toBeGreaterThan(0);
});
