/** Options for table behaviour reported on some machines: workbook-wide worksheet.tables, no auto-expansion. */
import { useFake, write } from "./test-helpers";

async function tableOn(sheet: string, address: string, rows: unknown[][]): Promise<string> {
  await write(address, rows, sheet);
  return Excel.run(async (ctx) => {
    const t = ctx.workbook.worksheets.getItem(sheet).tables.add(address, true).load("name");
    await ctx.sync();
    return t.name;
  });
}

async function lookUpFrom(sheet: string, table: string): Promise<{ isNull: boolean; address?: string; names: string[] }> {
  return Excel.run(async (ctx) => {
    const tables = ctx.workbook.worksheets.getItem(sheet).tables;
    const t = tables.getItemOrNullObject(table);
    tables.load("items/name");
    await ctx.sync();
    const names = tables.items.map((x) => x.name);
    if (t.isNullObject) return { isNull: true, names };
    const r = t.getRange().load("address");
    await ctx.sync();
    return { isNull: false, address: r.address, names };
  });
}

describe("worksheetTablesReturnOtherSheets (office-js#2235)", () => {
  describe("off (default)", () => {
    const fake = useFake({ sheets: ["B2B", "Log"] });

    test("a worksheet's tables are its own", async () => {
      await tableOn("B2B", "A1:B2", [["Invoice", "Action"], ["INV-1", "A"]]);
      expect(await lookUpFrom("Log", "Table1")).toEqual({ isNull: true, names: [] });
      expect(fake().inspect.tables("Log")).toEqual([]);
    });
  });

  describe("on", () => {
    const fake = useFake({ sheets: ["B2B", "Log"], worksheetTablesReturnOtherSheets: true });

    test("getItemOrNullObject and items find another sheet's table, and writes through it land there", async () => {
      await tableOn("B2B", "A1:B2", [["Invoice", "Action"], ["INV-1", "A"]]);
      expect(await lookUpFrom("Log", "Table1")).toEqual({ isNull: false, address: "B2B!A1:B2", names: ["Table1"] });
      await Excel.run(async (ctx) => {
        const t = ctx.workbook.worksheets.getItem("Log").tables.getItemOrNullObject("Table1");
        t.getDataBodyRange().getOffsetRange(1, 0).values = [["log line", "x"]];
        await ctx.sync();
      });
      expect(fake().inspect.values("B2B", "A3:B3")).toEqual([["log line", "x"]]);
      expect(fake().inspect.values("Log", "A3:B3")).toEqual([["", ""]]);
    });

    test("tables.add still adds to the worksheet it is called on", async () => {
      await tableOn("Log", "A1:A2", [["When"], ["now"]]);
      expect(fake().inspect.tables("Log")).toEqual([{ name: "Table1", address: "A1:A2" }]);
    });
  });
});

describe("tableAutoExpand: false (AutoCorrect's 'Include new rows and columns in table' off; office-js#6745)", () => {
  const fake = useFake({ tableAutoExpand: false });

  test("values written or typed right below a table don't make it grow", async () => {
    await tableOn("Sheet1", "A1:B2", [["Invoice", "Action"], ["INV-1", "A"]]);
    await write("A3:B3", [["INV-2", "R"]]);
    fake().user.typeInto("Sheet1", "A4", "INV-3");
    fake().user.paste("Sheet1", "A5", [["INV-4", "P"]]);
    expect(fake().inspect.tables("Sheet1")).toEqual([{ name: "Table1", address: "A1:B2" }]);
    await Excel.run(async (ctx) => {
      const body = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1").getDataBodyRange().load("rowCount");
      await ctx.sync();
      expect(body.rowCount).toBe(1);
    });
  });

  test("inserting rows inside the table still grows it", async () => {
    await tableOn("Sheet1", "A1:B3", [["Invoice", "Action"], ["INV-1", "A"], ["INV-2", "R"]]);
    fake().user.insertRows("Sheet1", 3, 1);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:B4");
  });
});
