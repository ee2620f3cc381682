/** Tables: creation rules, current extent, delete vs convertToRange, sort, filter, growth and shrinkage. */
import { codeOf, useFake, write } from "./test-helpers";

const fake = useFake();

const DATA = [
  ["GSTIN", "Invoice", "Amount", "Action"],
  ["27AAACI1234F1Z2", "INV-3", 300, "A"],
  ["29AABCB5678K1Z5", "inv-1", 100, ""],
  ["07AAFCD4321M1ZN", "INV-2", 200, "R"],
];

async function makeTable(address = "A1:D4", values: unknown[][] = DATA, hasHeaders = true): Promise<string> {
  if (values.length > 0) await write(address, values);
  return Excel.run(async (ctx) => {
    const t = ctx.workbook.worksheets.getItem("Sheet1").tables.add(address, hasHeaders).load("name");
    await ctx.sync();
    return t.name;
  });
}

async function ranges(name: string): Promise<{ all: string; header: string; body: string }> {
  return Excel.run(async (ctx) => {
    const t = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject(name);
    const all = t.getRange().load("address");
    const header = t.getHeaderRowRange().load("address");
    const body = t.getDataBodyRange().load("address");
    await ctx.sync();
    return { all: all.address, header: header.address, body: body.address };
  });
}

describe("creating tables", () => {
  test("tables.add names the table and its ranges follow the table", async () => {
    expect(await makeTable()).toBe("Table1");
    expect(await ranges("Table1")).toEqual({ all: "Sheet1!A1:D4", header: "Sheet1!A1:D1", body: "Sheet1!A2:D4" });
    expect(await makeTable("F1:F2", [["X"], [1]])).toBe("Table2");
    await Excel.run(async (ctx) => {
      const tables = ctx.workbook.worksheets.getItem("Sheet1").tables.load("items/name");
      await ctx.sync();
      expect(tables.items.map((t) => t.name)).toEqual(["Table1", "Table2"]);
    });
  });

  test("headers are made unique, non-empty text, as Excel does", async () => {
    await makeTable("A1:E2", [["Name", "name", "", 2025, "Name"], [1, 2, 3, 4, 5]]);
    expect(fake().inspect.values("Sheet1", "A1:E1")).toEqual([["Name", "name2", "Column3", "2025", "Name3"]]);
  });

  test("without headers, Excel inserts a header row above the data", async () => {
    await write("A1:B2", [[1, 2], [3, 4]]);
    await makeTable("A1:B2", [], false);
    expect(fake().inspect.values("Sheet1", "A1:B3")).toEqual([["Column1", "Column2"], [1, 2], [3, 4]]);
    expect(fake().inspect.tables("Sheet1")).toEqual([{ name: "Table1", address: "A1:B3" }]);
  });

  test("tables.add also takes a Range", async () => {
    await write("A1:B2", [["X", "Y"], [1, 2]]);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const t = ws.tables.add(ws.getRange("A1:B2"), true);
      const body = t.getDataBodyRange().load("values");
      await ctx.sync();
      expect(body.values).toEqual([[1, 2]]);
    });
  });

  test("a header row alone gets one empty data row", async () => {
    await makeTable("A1:B1", [["X", "Y"]]);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:B2");
  });

  test("overlapping tables are refused with InvalidArgument", async () => {
    await makeTable();
    expect(await codeOf(makeTable("C3:F6", [["a", "b", "c", "d"], [1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]))).toBe("InvalidArgument");
  });

  test("names: valid ones stick, invalid ones are InvalidArgument, taken ones ItemAlreadyExists", async () => {
    await makeTable();
    await makeTable("F1:F2", [["X"], [1]]);
    const rename = (name: string) =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1").name = name;
        await ctx.sync();
      });
    expect(await codeOf(rename("has space"))).toBe("InvalidArgument");
    expect(await codeOf(rename("A1"))).toBe("InvalidArgument");
    expect(await codeOf(rename("table2"))).toBe("ItemAlreadyExists");
    await rename("IMS_B2B");
    expect(fake().inspect.tables("Sheet1").map((t) => t.name)).toEqual(["IMS_B2B", "Table2"]);
  });

  test("style and showBandedRows", async () => {
    await makeTable();
    await Excel.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1");
      t.style = "TableStyleLight9";
      t.showBandedRows = false;
      t.load("style, showBandedRows");
      await ctx.sync();
      expect([t.style, t.showBandedRows]).toEqual(["TableStyleLight9", false]);
    });
  });

  test("getItemOrNullObject of a missing table", async () => {
    await Excel.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Nope");
      await ctx.sync();
      expect(t.isNullObject).toBe(true);
    });
  });
});

describe("delete and convertToRange", () => {
  test("delete() removes the table and its data; cell formats stay", async () => {
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("B1:B4").numberFormat = "@" as unknown as string[][];
      await ctx.sync();
    });
    await makeTable();
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1").delete();
      await ctx.sync();
    });
    expect(fake().inspect.tables("Sheet1")).toEqual([]);
    expect(fake().inspect.values("Sheet1", "A1:B2")).toEqual([["", ""], ["", ""]]);
    expect(fake().inspect.cell("Sheet1", "B2").numberFormat).toBe("@");
  });

  test("convertToRange() keeps the data and returns the former table's range", async () => {
    await makeTable();
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1").convertToRange().load("address");
      await ctx.sync();
      expect(r.address).toBe("Sheet1!A1:D4");
    });
    expect(fake().inspect.tables("Sheet1")).toEqual([]);
    expect(fake().inspect.values("Sheet1", "A1:D4")).toEqual(DATA);
  });
});

describe("sort", () => {
  beforeEach(async () => {
    await makeTable();
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("B3").format.font.bold = true;
      ws.getRange("D3").dataValidation.rule = { list: { inCellDropDown: true, source: "A,R,P,N" } };
      ws.getRange("C:C").columnHidden = true;
      await ctx.sync();
    });
  });

  test("sort.apply moves whole rows: values, formats and validation together; hidden columns stay hidden", async () => {
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1").sort.apply([{ key: 2, ascending: true }]);
      await ctx.sync();
    });
    expect(fake().inspect.values("Sheet1", "A2:D4").map((r) => r[1])).toEqual(["inv-1", "INV-2", "INV-3"]);
    expect(fake().inspect.cell("Sheet1", "D2").validation).not.toBeNull();
    expect(fake().inspect.cell("Sheet1", "D3").validation).toBeNull();
    await Excel.run(async (ctx) => {
      const b = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2").load("format/font/bold");
      await ctx.sync();
      expect(b.format.font.bold).toBe(true);
    });
    expect(fake().inspect.hiddenColumns("Sheet1")).toEqual([2]);
  });

  test("text sorts ignoring case; blanks go last either way", () => {
    fake().user.sortTable("Sheet1", "Table1", 1, true);
    expect(fake().inspect.values("Sheet1", "B2:B4")).toEqual([["inv-1"], ["INV-2"], ["INV-3"]]);
    fake().user.sortTable("Sheet1", "Table1", 3, false);
    expect(fake().inspect.values("Sheet1", "D2:D4")).toEqual([["R"], ["A"], [""]]);
    fake().user.sortTable("Sheet1", "Table1", 3, true);
    expect(fake().inspect.values("Sheet1", "D2:D4")).toEqual([["A"], ["R"], [""]]);
  });

  test("numbers sort before text", async () => {
    await write("C2", [["text"]]);
    fake().user.sortTable("Sheet1", "Table1", 2, true);
    expect(fake().inspect.values("Sheet1", "C2:C4")).toEqual([[100], [200], ["text"]]);
  });

  test("a sort key outside the table is InvalidArgument", async () => {
    const code = await codeOf(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1").sort.apply([{ key: 9, ascending: true }]);
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidArgument");
  });
});

describe("filter", () => {
  beforeEach(() => makeTable());

  test("filtering hides rows, values still read in full, clearing shows them again", async () => {
    await Excel.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1");
      t.autoFilter.apply(t.getRange(), 3, { filterOn: Excel.FilterOn.values, values: ["a"] });
      await ctx.sync();
    });
    expect([2, 3, 4].map((r) => fake().inspect.rowHidden("Sheet1", r))).toEqual([false, true, true]);
    await Excel.run(async (ctx) => {
      const body = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1").getDataBodyRange().load("values");
      await ctx.sync();
      expect(body.values).toHaveLength(3);
    });
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1").autoFilter.clearCriteria();
      await ctx.sync();
    });
    expect([2, 3, 4].map((r) => fake().inspect.rowHidden("Sheet1", r))).toEqual([false, false, false]);
  });

  test("a sort with a filter on moves only the visible rows", () => {
    fake().user.filterTable("Sheet1", "Table1", 3, ["A", "R"]);
    fake().user.sortTable("Sheet1", "Table1", 2, false);
    expect(fake().inspect.values("Sheet1", "C2:C4")).toEqual([[300], [100], [200]]);
    fake().user.sortTable("Sheet1", "Table1", 2, true);
    expect(fake().inspect.values("Sheet1", "C2:C4")).toEqual([[200], [100], [300]]);
    fake().user.clearFilter("Sheet1", "Table1");
    expect(fake().inspect.rowHidden("Sheet1", 3)).toBe(false);
  });

  test("only Values filters are implemented", async () => {
    const code = await codeOf(
      Excel.run(async (ctx) => {
        const t = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1");
        t.autoFilter.apply(t.getRange(), 2, { filterOn: Excel.FilterOn.topItems, criterion1: "1" });
        await ctx.sync();
      }),
    );
    expect(code).toBe("NotImplemented");
  });
});

describe("the table's extent follows rows", () => {
  beforeEach(() => makeTable());

  test("inserting rows inside the table grows it; above it moves it; deleting shrinks it", async () => {
    fake().user.insertRows("Sheet1", 3, 2);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:D6");
    expect(await ranges("Table1")).toMatchObject({ body: "Sheet1!A2:D6" });
    fake().user.insertRows("Sheet1", 1, 1);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A2:D7");
    fake().user.deleteRows("Sheet1", 4, 2);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A2:D5");
    expect(fake().inspect.values("Sheet1", "B3:B5")).toEqual([["INV-3"], ["inv-1"], ["INV-2"]]);
  });

  test("deleting every data row keeps one (empty) data row; deleting the whole table's rows removes it", () => {
    fake().user.deleteRows("Sheet1", 2, 3);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:D2");
    fake().user.deleteRows("Sheet1", 1, 2);
    expect(fake().inspect.tables("Sheet1")).toEqual([]);
  });

  test("values written right below the table extend it, unless those cells carry validation", async () => {
    await write("A5:D6", [["x", "y", 1, "A"], ["z", "w", 2, "R"]]);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:D6");
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("D7").dataValidation.rule = { list: { inCellDropDown: true, source: "A,R" } };
      ws.getRange("A7:D7").values = [["q", "r", 3, "A"]];
      await ctx.sync();
    });
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:D6");
  });

  test("shifting part of a table sideways is InvalidOperation", async () => {
    const code = await codeOf(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("B2:B3").insert("Down");
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidOperation");
  });

  test("a table proxy resolves the current extent at each sync", async () => {
    await Excel.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1");
      const before = t.getDataBodyRange().load("address");
      await ctx.sync();
      fake().user.insertRows("Sheet1", 3, 1);
      const after = t.getDataBodyRange().load("address");
      await ctx.sync();
      expect([before.address, after.address]).toEqual(["Sheet1!A2:D4", "Sheet1!A2:D5"]);
    });
  });

  test("headers typed over by a user are made unique again", () => {
    fake().user.typeInto("Sheet1", "B1", "gstin");
    expect(fake().inspect.values("Sheet1", "A1:B1")).toEqual([["GSTIN", "gstin2"]]);
  });
});

describe("the table's extent follows columns", () => {
  beforeEach(() => makeTable());

  test('a column inserted inside the table becomes a table column headed "Column1", then "Column2"', () => {
    fake().user.insertColumns("Sheet1", "C", 1);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:E4");
    expect(fake().inspect.values("Sheet1", "A1:E1")).toEqual([["GSTIN", "Invoice", "Column1", "Amount", "Action"]]);
    fake().user.insertColumns("Sheet1", "B", 2);
    expect(fake().inspect.values("Sheet1", "A1:G1")).toEqual([["GSTIN", "Column2", "Column3", "Invoice", "Column1", "Amount", "Action"]]);
  });

  test("a column inserted at the table's first column moves it; one right after it doesn't widen it", () => {
    fake().user.insertColumns("Sheet1", "A", 1);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("B1:E4");
    fake().user.insertColumns("Sheet1", "F", 1);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("B1:E4");
  });

  test("deleting a table column removes it; deleting all of them removes the table", async () => {
    fake().user.deleteColumns("Sheet1", "C", 1);
    expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:C4");
    expect(fake().inspect.values("Sheet1", "A1:C1")).toEqual([["GSTIN", "Invoice", "Action"]]);
    expect(await ranges("Table1")).toMatchObject({ header: "Sheet1!A1:C1" });
    fake().user.deleteColumns("Sheet1", "A", 3);
    expect(fake().inspect.tables("Sheet1")).toEqual([]);
  });
});
