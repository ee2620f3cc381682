/** Read-back specifics: finding the Action cells that lost their drop-down, cheaply. */
import { pullSectionIntoSheet, readSectionSheet } from "../../src/workbook";
import { ACTION_LIST_REFERENCE } from "../../src/workbook/lists-sheet";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { cellAt, GSTIN, records, T1 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

test("scattered pastes in a long sheet: each lost drop-down found on its row, in a handful of syncs", async () => {
  await pullSectionIntoSheet("B2B", records("B2B", 3000), { gstin: GSTIN, pulledAt: T1 });
  const hit = [17, 1024, 1025, 2999];
  for (const row of hit) fake.user.paste("B2B", cellAt("B2B", "action", row), [["A"]]);
  fake.resetStats();
  const read = await readSectionSheet("B2B", { repairValidation: false });
  expect(read.validationLost).toEqual(hit);
  expect(read.problems.map((p) => [p.sheetRow, p.code])).toEqual(hit.map((r) => [r, "validation-lost"]));
  // Probe, one read, then about log2(3000) rounds of the search: never a sync per row.
  expect(fake.stats().syncs).toBeLessThanOrEqual(3 + 13);
});

test("another list on an Action cell counts as a lost drop-down, and is replaced", async () => {
  await pullSectionIntoSheet("CN", records("CN", 6), { gstin: GSTIN, pulledAt: T1 });
  await Excel.run(async (context) => {
    const cell = context.workbook.worksheets.getItem("CN").getRange(cellAt("CN", "action", 4));
    cell.dataValidation.clear();
    cell.dataValidation.rule = { list: { inCellDropDown: true, source: "Yes,No" } };
    await context.sync();
  });
  const read = await readSectionSheet("CN");
  expect(read.problems.map((p) => [p.sheetRow, p.code])).toEqual([[4, "validation-lost"]]);
  expect(read.validationRepaired).toBe(true);
  const rule = (fake.inspect.cell("CN", cellAt("CN", "action", 4)).validation as { rule: { list: { source: string } } }).rule;
  expect(rule.list.source).toBe(ACTION_LIST_REFERENCE);
  expect((await readSectionSheet("CN")).problems).toEqual([]);
});

test("the whole column without the drop-down: every row reported, all put back in one sync", async () => {
  await pullSectionIntoSheet("DN", records("DN", 5), { gstin: GSTIN, pulledAt: T1 });
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem("DN").getRange(`${cellAt("DN", "action", 2)}:${cellAt("DN", "action", 6)}`).dataValidation.clear();
    await context.sync();
  });
  fake.resetStats();
  const read = await readSectionSheet("DN");
  expect(read.validationLost).toEqual([2, 3, 4, 5, 6]);
  expect(fake.stats().syncs).toBe(4); // probe (2), read (1), repair (1)
  expect((await readSectionSheet("DN")).validationLost).toEqual([]);
});

test("a section with no sheet reads as empty", async () => {
  const read = await readSectionSheet("ECOMA");
  expect(read).toMatchObject({ sheetName: null, rows: [], problems: [] });
});

test("a missing column is reported once, on the header row", async () => {
  await pullSectionIntoSheet("B2B", records("B2B", 3), { gstin: GSTIN, pulledAt: T1 });
  fake.user.typeInto("B2B", cellAt("B2B", "sourceForm", 1), "Form");
  const read = await readSectionSheet("B2B");
  expect(read.problems.filter((p) => p.code === "column-missing")).toEqual([
    expect.objectContaining({ sheetRow: 1, field: "Source form", message: 'Row 1: the column "Source form" is missing from the header; pull again to restore the sheet\'s columns.' }),
  ]);
  expect(read.userColumns.headers).toEqual(["Form"]);
});
