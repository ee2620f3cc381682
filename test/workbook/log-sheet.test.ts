/**
 * The log sheet is found through the workbook's tables, so its lines never land on another
 * sheet (office-js#2235), and every append is taken into the table, also when Excel does not
 * grow tables on its own (AutoCorrect option off, office-js#6745).
 */
import { appendLogLines, LOG_HEADERS, LOG_SHEET, LOG_TABLE, pullSectionIntoSheet, type LogEntry } from "../../src/workbook";
import { columnLetter } from "../../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle, type FakeExcelOptions } from "../excel-fake";
import { GSTIN, records, T1 } from "./helpers";

const LAST = columnLetter(LOG_HEADERS.length - 1);

function line(n: number): LogEntry {
  return { at: T1, gstin: GSTIN, section: "B2B", kind: "save", records: n, referenceId: `REF${n}`, outcome: "P", processed: n, errors: 0 };
}

function lines(from: number, count: number): LogEntry[] {
  return Array.from({ length: count }, (_, i) => line(from + i));
}

/** Reference IDs of the log's lines, top to bottom, on `sheet`. */
function referenceIds(fake: FakeExcelHandle, sheet: string, rows: number): string[] {
  return fake.inspect.values(sheet, `F2:F${rows + 1}`).map((r) => String(r[0]));
}

let fake: FakeExcelHandle;
function install(options: FakeExcelOptions): void {
  fake = installExcelFake({ today: "2025-11-21", ...options });
}
afterEach(() => fake.uninstall());

test("with a worksheet's table lookup returning other sheets' tables, every line lands on the log sheet", async () => {
  install({ worksheetTablesReturnOtherSheets: true });
  await pullSectionIntoSheet("B2B", records("B2B", 3), { gstin: GSTIN, pulledAt: T1 });
  const b2bBefore = fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string);
  expect((await appendLogLines(lines(1, 2))).sheetName).toBe(LOG_SHEET);
  expect((await appendLogLines(lines(3, 1))).sheetName).toBe(LOG_SHEET);
  expect((await appendLogLines(lines(4, 2))).sheetName).toBe(LOG_SHEET);
  expect(referenceIds(fake, LOG_SHEET, 5)).toEqual(["REF1", "REF2", "REF3", "REF4", "REF5"]);
  expect(fake.inspect.tables(LOG_SHEET)).toEqual([{ name: LOG_TABLE, address: `A1:${LAST}6` }]);
  expect(fake.inspect.usedRange("Sheet1")).toBeNull();
  expect(fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string)).toEqual(b2bBefore);
});

test("with table auto-expansion off, each append is taken into the table and no line is overwritten", async () => {
  install({ tableAutoExpand: false });
  await appendLogLines(lines(1, 2));
  const second = await appendLogLines(lines(3, 1));
  expect(fake.inspect.tables(LOG_SHEET)).toEqual([{ name: LOG_TABLE, address: `A1:${LAST}4` }]);
  // Find (2), write and check (1), grow the table (1).
  expect(second.syncs).toBe(4);
  await appendLogLines(lines(4, 3));
  expect(fake.inspect.tables(LOG_SHEET)).toEqual([{ name: LOG_TABLE, address: `A1:${LAST}7` }]);
  expect(referenceIds(fake, LOG_SHEET, 6)).toEqual(["REF1", "REF2", "REF3", "REF4", "REF5", "REF6"]);
  expect(fake.inspect.cell(LOG_SHEET, "F7")).toMatchObject({ value: "REF6", numberFormat: "@" });
});

test("with auto-expansion on, Excel's own growth is verified and no extra sync is spent", async () => {
  install({});
  await appendLogLines(lines(1, 2));
  const second = await appendLogLines(lines(3, 2));
  expect(second.syncs).toBe(3);
  expect(fake.inspect.tables(LOG_SHEET)).toEqual([{ name: LOG_TABLE, address: `A1:${LAST}5` }]);
});

test("both options at once: the lines stay on the log sheet and in its table", async () => {
  install({ worksheetTablesReturnOtherSheets: true, tableAutoExpand: false });
  await pullSectionIntoSheet("CN", records("CN", 2), { gstin: GSTIN, pulledAt: T1 });
  for (let i = 0; i < 4; i++) await appendLogLines(lines(1 + 2 * i, 2));
  expect(fake.inspect.tables(LOG_SHEET)).toEqual([{ name: LOG_TABLE, address: `A1:${LAST}9` }]);
  expect(referenceIds(fake, LOG_SHEET, 8)).toEqual(lines(1, 8).map((l) => l.referenceId));
  expect(fake.inspect.tables("CN")).toEqual([{ name: "IMS_CN", address: expect.stringMatching(/^A1:[A-Z]+3$/) }]);
});

test("lines written by an append whose growth failed are kept, and taken in by the next append", async () => {
  install({ tableAutoExpand: false });
  await appendLogLines(lines(1, 2));
  // The fourth sync of the next append is the one that grows the table.
  fake.faults.add({ kind: "GeneralException", nth: 4 });
  await expect(appendLogLines(lines(3, 2))).rejects.toThrow();
  expect(fake.inspect.tables(LOG_SHEET)).toEqual([{ name: LOG_TABLE, address: `A1:${LAST}3` }]);
  await appendLogLines(lines(5, 1));
  expect(fake.inspect.tables(LOG_SHEET)).toEqual([{ name: LOG_TABLE, address: `A1:${LAST}6` }]);
  expect(referenceIds(fake, LOG_SHEET, 5)).toEqual(["REF1", "REF2", "REF3", "REF4", "REF5"]);
});

test("the log sheet renamed by the user is still found through its table", async () => {
  install({ worksheetTablesReturnOtherSheets: true });
  await appendLogLines(lines(1, 1));
  fake.user.renameSheet(LOG_SHEET, "Portal requests");
  expect((await appendLogLines(lines(2, 1))).sheetName).toBe("Portal requests");
  expect(referenceIds(fake, "Portal requests", 2)).toEqual(["REF1", "REF2"]);
  expect(fake.inspect.sheetNames()).not.toContain(LOG_SHEET);
});

test("where the host reports ExcelApi 1.13 but Table.resize is unavailable, the table is re-created instead", async () => {
  install({ tableAutoExpand: false });
  const office = globalThis as { Office?: unknown };
  office.Office = { context: { requirements: { isSetSupported: () => true } } };
  try {
    await appendLogLines(lines(1, 1));
    await appendLogLines(lines(2, 2));
    expect(fake.inspect.tables(LOG_SHEET)).toEqual([{ name: LOG_TABLE, address: `A1:${LAST}4` }]);
  } finally {
    delete office.Office;
  }
});
