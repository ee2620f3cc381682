/** Worksheets: names as Excel validates them, add/delete/visibility/position, freeze panes. */
import { codeOf, useFake } from "./test-helpers";

const fake = useFake();

async function add(name?: string): Promise<string> {
  return Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.add(name).load("name");
    await ctx.sync();
    return ws.name;
  });
}

describe("names", () => {
  test("add() with and without a name", async () => {
    expect(await add("B2B")).toBe("B2B");
    expect(await add()).toBe("Sheet3");
    expect(fake().inspect.sheetNames()).toEqual(["Sheet1", "B2B", "Sheet3"]);
  });

  test.each([
    ["longer than 31 characters", "x".repeat(32)],
    ["empty", ""],
    ["with a slash", "B2B/A"],
    ["with a colon", "a:b"],
    ["with brackets", "[x]"],
    ["with a star", "a*"],
    ["with a question mark", "a?"],
    ["with a backslash", "a\\b"],
    ["starting with an apostrophe", "'x"],
    ["the reserved History", "history"],
  ])("a name %s is InvalidArgument", async (_what, name) => {
    expect(await codeOf(add(name))).toBe("InvalidArgument");
  });

  test("31 characters are fine", async () => {
    expect(await add("x".repeat(31))).toHaveLength(31);
  });

  test("names are unique ignoring case (ItemAlreadyExists)", async () => {
    expect(await codeOf(add("SHEET1"))).toBe("ItemAlreadyExists");
    await add("B2B");
    const code = await codeOf(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("B2B").name = "sheet1";
        await ctx.sync();
      }),
    );
    expect(code).toBe("ItemAlreadyExists");
  });

  test("renaming through the API", async () => {
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").name = "IMS B2B";
      await ctx.sync();
    });
    expect(fake().inspect.sheetNames()).toEqual(["IMS B2B"]);
  });

  test("getItem finds sheets ignoring case; items load names in order", async () => {
    await add("CN");
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("cn").load("name, position, visibility");
      const all = ctx.workbook.worksheets.load("items/name");
      await ctx.sync();
      expect([ws.name, ws.position, ws.visibility]).toEqual(["CN", 1, "Visible"]);
      expect(all.items.map((w) => w.name)).toEqual(["Sheet1", "CN"]);
    });
  });
});

describe("delete, visibility, position, activation", () => {
  test("the only visible sheet can't be deleted or hidden (InvalidOperation)", async () => {
    const del = codeOf(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").delete();
        await ctx.sync();
      }),
    );
    expect(await del).toBe("InvalidOperation");
    expect(() => fake().user.deleteSheet("Sheet1")).toThrow(expect.objectContaining({ code: "InvalidOperation" }));
    const hide = codeOf(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").visibility = Excel.SheetVisibility.hidden;
        await ctx.sync();
      }),
    );
    expect(await hide).toBe("InvalidOperation");
  });

  test("a hidden sheet can be deleted, a VeryHidden one can't", async () => {
    await add("Hidden");
    await add("Secret");
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Hidden").visibility = Excel.SheetVisibility.hidden;
      ctx.workbook.worksheets.getItem("Secret").visibility = Excel.SheetVisibility.veryHidden;
      ctx.workbook.worksheets.getItem("Hidden").delete();
      await ctx.sync();
      ctx.workbook.worksheets.getItem("Secret").delete();
      expect(await codeOf(ctx.sync())).toBe("InvalidOperation");
    });
    expect(fake().inspect.sheetNames()).toEqual(["Sheet1", "Secret"]);
  });

  test("position reorders; activate and getActiveWorksheet", async () => {
    await add("A");
    await add("B");
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("B").position = 0;
      ctx.workbook.worksheets.getItem("A").activate();
      const active = ctx.workbook.worksheets.getActiveWorksheet().load("name");
      await ctx.sync();
      expect(active.name).toBe("A");
    });
    expect(fake().inspect.sheetNames()).toEqual(["B", "Sheet1", "A"]);
  });

  test("a hidden sheet can't be activated", async () => {
    await add("H");
    const code = await codeOf(
      Excel.run(async (ctx) => {
        const h = ctx.workbook.worksheets.getItem("H");
        h.visibility = "Hidden";
        h.activate();
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidOperation");
  });
});

describe("freeze panes", () => {
  test("freezeRows and unfreeze", async () => {
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").freezePanes.freezeRows(1);
      await ctx.sync();
    });
    expect(fake().inspect.frozenRows("Sheet1")).toBe(1);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").freezePanes.unfreeze();
      await ctx.sync();
    });
    expect(fake().inspect.frozenRows("Sheet1")).toBe(0);
  });
});
