/** The user helpers: what a person does in the grid, applied without syncs. */
import { dateToSerial } from "./index";
import { useFake, write } from "./test-helpers";

const fake = useFake();

test("typing parses like Excel's grid: formulas, numbers, and text kept in Text cells", async () => {
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("B1").numberFormat = [["@"]];
    await ctx.sync();
  });
  const u = fake().user;
  u.typeInto("Sheet1", "A1", "=1+1");
  u.typeInto("Sheet1", "B1", "=1+1");
  u.typeInto("Sheet1", "A2", "00123");
  u.typeInto("Sheet1", "A3", "'00123");
  expect(fake().inspect.cell("Sheet1", "A1")).toMatchObject({ value: 2, formula: "=1+1" });
  expect(fake().inspect.cell("Sheet1", "B1")).toMatchObject({ value: "=1+1", formula: null });
  expect(fake().inspect.values("Sheet1", "A2:A3")).toEqual([[123], ["00123"]]);
});

test("paste parses dates in the user's order and numbers as typing would", () => {
  fake().user.paste("Sheet1", "A1", [["05-11-2025", "1,234", "A"]]);
  expect(fake().inspect.values("Sheet1", "A1:C1")).toEqual([[dateToSerial("2025-11-05"), 1234, "A"]]);
});

test("an MDY user reads 05-11-2025 as May 11", async () => {
  fake().uninstall();
  const { installExcelFake } = await import("./index");
  const us = installExcelFake({ userDateOrder: "MDY", today: "2025-06-01" });
  try {
    us.user.typeInto("Sheet1", "A1", "05-11-2025");
    expect(us.inspect.cell("Sheet1", "A1").value).toBe(dateToSerial("2025-05-11"));
  } finally {
    us.uninstall();
  }
});

test("insertRows and deleteRows shift values and formats below", async () => {
  await write("A1:A4", [["1"], ["2"], ["3"], ["4"]]);
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A3").numberFormat = [["0.00"]];
    await ctx.sync();
  });
  fake().user.insertRows("Sheet1", 2, 2);
  expect(fake().inspect.values("Sheet1", "A1:A6")).toEqual([[1], [""], [""], [2], [3], [4]]);
  expect(fake().inspect.cell("Sheet1", "A5").numberFormat).toBe("0.00");
  fake().user.deleteRows("Sheet1", 1, 3);
  expect(fake().inspect.values("Sheet1", "A1:A3")).toEqual([[2], [3], [4]]);
  expect(() => fake().user.insertRows("Sheet1", 0, 1)).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
});

test("insertColumns and deleteColumns shift values, widths and hidden columns", async () => {
  await write("A1:C1", [["a", "b", "c"]]);
  await Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("C:C").format.columnWidth = 90;
    ws.getRange("B:B").columnHidden = true;
    await ctx.sync();
  });
  fake().user.insertColumns("Sheet1", "B", 2);
  expect(fake().inspect.values("Sheet1", "A1:E1")).toEqual([["a", "", "", "b", "c"]]);
  expect(fake().inspect.hiddenColumns("Sheet1")).toEqual([3]);
  expect(fake().inspect.columnWidth("Sheet1", 4)).toBe(90);
  fake().user.deleteColumns("Sheet1", "A", 2);
  expect(fake().inspect.values("Sheet1", "A1:C1")).toEqual([["", "b", "c"]]);
  expect(() => fake().user.insertColumns("Sheet1", "3", 1)).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
  expect(() => fake().user.deleteColumns("Sheet1", "A", 0)).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
});

test("pasting right below a table extends it", async () => {
  await write("A1:B2", [["Invoice", "Action"], ["INV-1", "A"]]);
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").tables.add("A1:B2", true);
    await ctx.sync();
  });
  fake().user.paste("Sheet1", "A3", [["INV-2", "R"]]);
  expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:B3");
});

test("renameSheet follows Excel's naming rules; deleteSheet removes the sheet", () => {
  fake().seed.addSheet("B2B");
  expect(() => fake().user.renameSheet("B2B", "B2B:A")).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
  fake().user.renameSheet("B2B", "B2BA");
  fake().user.deleteSheet("B2BA");
  expect(fake().inspect.sheetNames()).toEqual(["Sheet1"]);
  expect(() => fake().user.typeInto("B2BA", "A1", "x")).toThrow(expect.objectContaining({ code: "ItemNotFound" }));
});

test("clearCell (the Delete key) clears contents but keeps format and validation", async () => {
  await Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
    r.numberFormat = [["@"]];
    r.dataValidation.rule = { list: { inCellDropDown: true, source: "A,R" } };
    r.values = [["A"]];
    await ctx.sync();
  });
  fake().user.clearCell("Sheet1", "A1");
  expect(fake().inspect.cell("Sheet1", "A1")).toMatchObject({ value: "", numberFormat: "@" });
  expect(fake().inspect.cell("Sheet1", "A1").validation).not.toBeNull();
});

test("seed writes like Range.values without counting a sync", () => {
  fake().resetStats();
  fake().seed.setNumberFormats("Sheet1", "A1", [["@", "General"]]);
  fake().seed.setValues("Sheet1", "A1", [["00123", "00123"]]);
  expect(fake().inspect.values("Sheet1", "A1:B1")).toEqual([["00123", 123]]);
  expect(fake().stats().syncs).toBe(0);
});
