/**
 * The Action drop-down takes its items from a range on the hidden "IMS lists" sheet: Excel
 * matches such a list ignoring case, where a string source ("A,R,P,N") is case-sensitive
 * (office-js#972), so a typed "a" passes and is read as A.
 */
import { imsRecordKey } from "../../src/ims/records";
import { pullIntoWorkbook, pullSectionIntoSheet, readSectionSheet } from "../../src/workbook";
import { ACTION_LIST_REFERENCE, isActionListReference, LISTS_SHEET } from "../../src/workbook/lists-sheet";
import { ACTION_LIST_SOURCE, isActionRule } from "../../src/workbook/validation-scan";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { cellAt, GSTIN, records, T1, T2 } from "./helpers";
import { makeWorkload } from "./synthetic-records";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

function sourceAt(sheet: string, address: string): string | undefined {
  return (fake.inspect.cell(sheet, address).validation as { rule?: { list?: { source?: string } } } | null)?.rule?.list?.source;
}

async function listsSheetVisibility(): Promise<string | null> {
  return Excel.run(async (context) => {
    const ws = context.workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
    ws.load("visibility");
    await context.sync();
    return ws.isNullObject ? null : ws.visibility;
  });
}

/** What an add-in version before the lists sheet left: the string-sourced list, and no lists sheet. */
async function setOldStringRule(section: "B2B" | "CN", rows: number): Promise<void> {
  await Excel.run(async (context) => {
    const range = context.workbook.worksheets.getItem(section).getRange(`${cellAt(section, "action", 2)}:${cellAt(section, "action", rows + 1)}`);
    range.dataValidation.clear();
    range.dataValidation.rule = { list: { inCellDropDown: true, source: ACTION_LIST_SOURCE } };
    range.dataValidation.errorAlert = { showAlert: true, style: "Stop", title: "Not an IMS action", message: "Enter A, R, P or N." };
    context.workbook.worksheets.getItem(LISTS_SHEET).delete();
    await context.sync();
  });
}

test("lower-case a and p typed into Action cells pass the drop-down and are read as A and P", async () => {
  const rs = records("B2B", 4);
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  expect(sourceAt("B2B", cellAt("B2B", "action", 2))).toBe(ACTION_LIST_REFERENCE);

  fake.user.typeInto("B2B", cellAt("B2B", "action", 2), "a");
  fake.user.typeInto("B2B", cellAt("B2B", "action", 3), "p");
  expect(() => fake.user.typeInto("B2B", cellAt("B2B", "action", 4), "x")).toThrow(/Not an IMS action/);

  const read = await readSectionSheet("B2B");
  expect(read.problems).toEqual([]);
  const actionOf = (i: number) => read.rows.find((r) => r.key === imsRecordKey(rs[i] as (typeof rs)[number]))?.edit.action;
  expect([actionOf(0), actionOf(1)]).toEqual(["A", "P"]);
});

test("the items live on a hidden (not very hidden) sheet, made once for all sections", async () => {
  await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: makeWorkload(80) });
  expect(fake.inspect.sheetNames().filter((n) => n === LISTS_SHEET)).toHaveLength(1);
  expect(fake.inspect.values(LISTS_SHEET, "A1:A5")).toEqual([["A"], ["R"], ["P"], ["N"], [""]]);
  expect(await listsSheetVisibility()).toBe("Hidden");
  // A second pull finds it and adds no other.
  await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: makeWorkload(80) });
  expect(fake.inspect.sheetNames().filter((n) => n.startsWith(LISTS_SHEET))).toEqual([LISTS_SHEET]);
});

test("a workbook with the old string-sourced drop-down reads back clean, and a pull upgrades it", async () => {
  await pullSectionIntoSheet("CN", records("CN", 5), { gstin: GSTIN, pulledAt: T1 });
  await setOldStringRule("CN", 5);
  expect(() => fake.user.typeInto("CN", cellAt("CN", "action", 2), "a")).toThrow(/Not an IMS action/);
  expect((await readSectionSheet("CN")).problems).toEqual([]);

  await pullSectionIntoSheet("CN", records("CN", 5), { gstin: GSTIN, pulledAt: T2 });
  for (let row = 2; row <= 6; row++) expect(sourceAt("CN", cellAt("CN", "action", row))).toBe(ACTION_LIST_REFERENCE);
  expect(await listsSheetVisibility()).toBe("Hidden");
  fake.user.typeInto("CN", cellAt("CN", "action", 2), "a");
  expect((await readSectionSheet("CN")).rows.find((r) => r.sheetRow === 2)?.edit.action).toBe("A");
});

test("a repaired drop-down is range-sourced, the lists sheet made again if the user deleted it", async () => {
  await pullSectionIntoSheet("B2B", records("B2B", 6), { gstin: GSTIN, pulledAt: T1 });
  fake.user.deleteSheet(LISTS_SHEET);
  fake.user.paste("B2B", cellAt("B2B", "action", 4), [["A"]]);
  const read = await readSectionSheet("B2B");
  expect(read.validationLost).toEqual([4]);
  expect(read.validationRepaired).toBe(true);
  expect(sourceAt("B2B", cellAt("B2B", "action", 4))).toBe(ACTION_LIST_REFERENCE);
  expect(await listsSheetVisibility()).toBe("Hidden");
  fake.user.typeInto("B2B", cellAt("B2B", "action", 5), "r");
  expect(() => fake.user.typeInto("B2B", cellAt("B2B", "action", 6), "x")).toThrow(/Not an IMS action/);
});

test("the A/R/P/N rule is recognised from either source, however Excel spells it back", () => {
  const list = (source: string) => ({ list: { inCellDropDown: true, source } });
  for (const source of [ACTION_LIST_REFERENCE, "='IMS lists'!A1:A4", "=ims lists!$a$1:$a$4", "A,R,P,N", "n, p, r, a"]) {
    expect(isActionRule(list(source))).toBe(true);
  }
  for (const source of ["Yes,No", "A,R,P", "='IMS lists'!$A$1:$A$3", "=Sheet1!$A$1:$A$4", "=#REF!"]) {
    expect(isActionRule(list(source))).toBe(false);
  }
  expect(isActionRule(null)).toBe(false);
  expect(isActionListReference("  ='IMS lists'!$A$1:$A$4 ")).toBe(true);
});
