/** Range addressing, 2-D shapes, navigation, used range, clear/insert/delete, hidden columns and formats. */
import { codeOf, read, useFake, write } from "./test-helpers";

const fake = useFake();

async function rejects(fn: (ws: Excel.Worksheet) => void): Promise<string> {
  return Excel.run(async (ctx) => {
    fn(ctx.workbook.worksheets.getItem("Sheet1"));
    return codeOf(ctx.sync());
  });
}

describe("2-D shapes", () => {
  test.each([
    ["too few rows", "A1:B2", [["a", "b"]]],
    ["too many columns", "A1:B2", [["a", "b", "c"], ["d", "e", "f"]]],
    ["a ragged array", "A1:B2", [["a", "b"], ["c"]]],
    ["a 1-D array", "A1:B1", ["a", "b"]],
  ])("%s fails at sync (not at the call) with InvalidArgument", async (_what, address, values) => {
    expect(await rejects((ws) => (ws.getRange(address).values = values as unknown[][]))).toBe("InvalidArgument");
    expect(fake().inspect.usedRange("Sheet1")).toBeNull();
  });

  test("null can't be the whole value", async () => {
    expect(await rejects((ws) => (ws.getRange("A1").values = null as unknown as unknown[][]))).toBe("InvalidArgument");
  });

  test("a single value fills the whole range", async () => {
    await write("A1:C2", "x");
    expect(fake().inspect.values("Sheet1", "A1:C2")).toEqual([["x", "x", "x"], ["x", "x", "x"]]);
  });

  test("numberFormat arrays are shape-checked too", async () => {
    expect(await rejects((ws) => (ws.getRange("A1:B1").numberFormat = [["@"]]))).toBe("InvalidArgument");
  });
});

describe("addresses and navigation", () => {
  test("address forms", async () => {
    fake().seed.addSheet("My Sheet");
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const got = ["A1", "$B$2:C3", "c:e", "2:2", "A1:A1048576"].map((a) => ws.getRange(a).load("address"));
      const all = ws.getRange().load("address");
      const quoted = ctx.workbook.worksheets.getItem("My Sheet").getRange("b2").load("address");
      const byIndexes = ws.getRangeByIndexes(1, 2, 3, 4).load("address, rowIndex, columnIndex, rowCount, columnCount");
      await ctx.sync();
      expect(got.map((r) => r.address)).toEqual(["Sheet1!A1", "Sheet1!B2:C3", "Sheet1!C:E", "Sheet1!2:2", "Sheet1!A:A"]);
      expect(all.address).toBe("Sheet1!1:1048576");
      expect(quoted.address).toBe("'My Sheet'!B2");
      expect([byIndexes.address, byIndexes.rowIndex, byIndexes.columnIndex, byIndexes.rowCount, byIndexes.columnCount]).toEqual(["Sheet1!C2:F4", 1, 2, 3, 4]);
    });
  });

  test("bad addresses and out-of-sheet ranges fail with InvalidArgument", async () => {
    expect(await rejects((ws) => ws.getRange("A0").load("address"))).toBe("InvalidArgument");
    expect(await rejects((ws) => ws.getRange("XFE1").load("address"))).toBe("InvalidArgument");
    expect(await rejects((ws) => ws.getRange("Other!A1").load("address"))).toBe("InvalidArgument");
    expect(await rejects((ws) => ws.getRangeByIndexes(0, 0, 0, 1).load("address"))).toBe("InvalidArgument");
    expect(await rejects((ws) => ws.getRange("A1").getOffsetRange(-1, 0).load("address"))).toBe("InvalidArgument");
  });

  test("getCell, getRow, getColumn, getResizedRange, getOffsetRange", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2:D5");
      const out = [r.getCell(1, 1), r.getCell(10, 0), r.getRow(3), r.getColumn(0), r.getResizedRange(1, -1), r.getOffsetRange(2, 1)].map((x) => x.load("address"));
      await ctx.sync();
      expect(out.map((x) => x.address)).toEqual(["Sheet1!C3", "Sheet1!B12", "Sheet1!B5:D5", "Sheet1!B2:B5", "Sheet1!B2:C6", "Sheet1!C4:E7"]);
    });
    expect(await rejects((ws) => ws.getRange("B2:D5").getRow(4).load("address"))).toBe("InvalidArgument");
  });

  test("getIntersectionOrNullObject", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const a = ws.getRange("A1:C3");
      const hit = a.getIntersectionOrNullObject(ws.getRange("B2:E9")).load("address");
      const byAddress = a.getIntersectionOrNullObject("C3:D4").load("address");
      const miss = a.getIntersectionOrNullObject("E5");
      await ctx.sync();
      expect(hit.address).toBe("Sheet1!B2:C3");
      expect(byAddress.address).toBe("Sheet1!C3");
      expect(miss.isNullObject).toBe(true);
    });
  });

  test("select() sets the selection that getSelectedRange returns", async () => {
    await Excel.run(async (ctx) => {
      const before = ctx.workbook.getSelectedRange().load("address");
      await ctx.sync();
      expect(before.address).toBe("Sheet1!A1");
      ctx.workbook.worksheets.getItem("Sheet1").getRange("C3:D4").select();
      const after = ctx.workbook.getSelectedRange().load("address");
      await ctx.sync();
      expect(after.address).toBe("Sheet1!C3:D4");
    });
  });
});

describe("used range", () => {
  test("a blank sheet: getUsedRange gives A1, getUsedRangeOrNullObject a null object", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const used = ws.getUsedRange().load("address");
      const orNull = ws.getUsedRangeOrNullObject();
      await ctx.sync();
      expect(used.address).toBe("Sheet1!A1");
      expect(orNull.isNullObject).toBe(true);
    });
  });

  test("formatted cells count unless valuesOnly", async () => {
    await write("B2:C3", [[1, 2], [3, 4]]);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("E10").format.fill.color = "yellow";
      const all = ws.getUsedRange().load("address");
      const values = ws.getUsedRange(true).load("address");
      await ctx.sync();
      expect(all.address).toBe("Sheet1!B2:E10");
      expect(values.address).toBe("Sheet1!B2:C3");
    });
  });
});

describe("clear, insert, delete", () => {
  beforeEach(async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A3");
      r.numberFormat = [["@"], ["@"], ["@"]];
      r.values = [["1"], ["2"], ["3"]];
      r.format.font.bold = true;
      await ctx.sync();
    });
  });

  test('clear("Contents") keeps formats, clear("Formats") keeps values, clear() removes both', async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1").clear("Contents");
      ws.getRange("A2").clear("Formats");
      ws.getRange("A3").clear();
      await ctx.sync();
    });
    expect(fake().inspect.cell("Sheet1", "A1")).toMatchObject({ value: "", numberFormat: "@" });
    expect(fake().inspect.cell("Sheet1", "A2")).toMatchObject({ value: "2", numberFormat: "General" });
    expect(fake().inspect.cell("Sheet1", "A3")).toMatchObject({ value: "", numberFormat: "General" });
  });

  test('insert("Down") shifts cells with their formats and returns the blank range; delete("Up") closes the gap', async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const inserted = ws.getRange("A2").insert("Down").load("address");
      await ctx.sync();
      expect(inserted.address).toBe("Sheet1!A2");
    });
    expect(fake().inspect.values("Sheet1", "A1:A4")).toEqual([["1"], [""], ["2"], ["3"]]);
    expect(fake().inspect.cell("Sheet1", "A4").numberFormat).toBe("@");
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A2").delete("Up");
      await ctx.sync();
    });
    expect(fake().inspect.values("Sheet1", "A1:A3")).toEqual([["2"], ["3"], [""]]);
  });

  test('insert("Right") and delete("Left")', async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:A3").insert("Right");
      await ctx.sync();
    });
    expect(fake().inspect.values("Sheet1", "A1:B1")).toEqual([["", "1"]]);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A3").delete("Left");
      await ctx.sync();
    });
    expect(fake().inspect.values("Sheet1", "A1:B1")).toEqual([["1", ""]]);
  });

  test("a bad shift direction is InvalidArgument", async () => {
    expect(await rejects((ws) => ws.getRange("A1").delete("Down" as "Up"))).toBe("InvalidArgument");
  });
});

describe("columns and formats", () => {
  test("columnHidden hides whole columns; reading a mixed range gives null", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("B2:C2").columnHidden = true;
      const mixed = ws.getRange("A:C").load("columnHidden");
      const hidden = ws.getRange("C5").load("columnHidden");
      await ctx.sync();
      expect(mixed.columnHidden).toBeNull();
      expect(hidden.columnHidden).toBe(true);
    });
    expect(fake().inspect.hiddenColumns("Sheet1")).toEqual([1, 2]);
  });

  test("columnWidth, font.bold, fill.color and wrapText read back; mixed ranges read null", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const a = ws.getRange("A1:B1");
      a.format.columnWidth = 120;
      a.format.font.bold = true;
      a.format.fill.color = "#ffc7ce";
      a.format.wrapText = true;
      const back = ws.getRange("A1:B1").load("format/columnWidth, format/font/bold, format/fill/color, format/wrapText");
      const mixed = ws.getRange("A1:C1").load("format/columnWidth, format/font/bold, format/fill/color");
      const plain = ws.getRange("D1").load("format/fill/color, format/font/bold");
      await ctx.sync();
      expect([back.format.columnWidth, back.format.font.bold, back.format.fill.color, back.format.wrapText]).toEqual([120, true, "#FFC7CE", true]);
      expect([mixed.format.columnWidth, mixed.format.font.bold, mixed.format.fill.color]).toEqual([null, null, null]);
      expect([plain.format.fill.color, plain.format.font.bold]).toEqual(["#FFFFFF", false]);
    });
    expect(fake().inspect.columnWidth("Sheet1", 0)).toBe(120);
    expect(fake().inspect.columnWidth("Sheet1", 2)).toBeNull();
  });

  test("a colour Excel doesn't know is InvalidArgument", async () => {
    expect(await rejects((ws) => (ws.getRange("A1").format.fill.color = "not-a-colour"))).toBe("InvalidArgument");
  });

  test("autofitColumns widens columns to their longest text", async () => {
    await write("A1:B2", [["short", "a much longer piece of text"], ["x", "y"]]);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A:B").format.autofitColumns();
      await ctx.sync();
    });
    const a = fake().inspect.columnWidth("Sheet1", 0) ?? 0;
    const b = fake().inspect.columnWidth("Sheet1", 1) ?? 0;
    expect(b).toBeGreaterThan(a);
    expect(a).toBeGreaterThan(0);
  });

  test("bold on a whole row", async () => {
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("1:1").format.font.bold = true;
      await ctx.sync();
    });
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("Z1").load("format/font/bold");
      await ctx.sync();
      expect(r.format.font.bold).toBe(true);
    });
  });

  test("suspendScreenUpdatingUntilNextSync is accepted and costs a round trip's bytes", async () => {
    fake().resetStats();
    await Excel.run(async (ctx) => {
      ctx.workbook.application.suspendScreenUpdatingUntilNextSync();
      await ctx.sync();
    });
    expect(fake().stats().syncs).toBe(1);
  });

  test("reading values of a range with text in it", async () => {
    await write("A1:B1", [["a", 2]]);
    expect(await read("A1:B1", "values")).toEqual([["a", 2]]);
  });
});
