/** Cell-edit mode and Excel.run's RunOptions overload ({ delayForCellEdit }). */
import { codeOf, useFake, write } from "./test-helpers";

const fake = useFake();

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function readA1(options?: Excel.RunOptions): Promise<unknown> {
  const batch = async (ctx: Excel.RequestContext) => {
    const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
    await ctx.sync();
    return r.values[0]?.[0];
  };
  return options ? Excel.run(options, batch) : Excel.run(batch);
}

describe("while the user edits a cell", () => {
  test("a sync without delayForCellEdit fails with InvalidOperationInCellEditMode and applies nothing", async () => {
    fake().user.startCellEdit("Sheet1", "C3");
    expect(fake().user.editingCell()).toEqual({ sheet: "Sheet1", address: "C3" });
    const err = await write("A1", [["x"]]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OfficeExtension.Error);
    expect(err).toMatchObject({ code: Excel.ErrorCodes.invalidOperationInCellEditMode });
    expect((err as Error).message).toContain("Excel is in cell-editing mode");
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("");
    expect(await codeOf(readA1({ delayForCellEdit: false }))).toBe("InvalidOperationInCellEditMode");
  });

  test("an empty sync sends nothing, so it doesn't fail", async () => {
    fake().user.startCellEdit("Sheet1", "C3");
    await Excel.run(async (ctx) => {
      await ctx.sync();
    });
  });

  test("with { delayForCellEdit: true } the sync waits until the edit ends, then sees what the user typed", async () => {
    fake().user.startCellEdit("Sheet1", "A1");
    let outcome: unknown = "pending";
    const run = readA1({ delayForCellEdit: true }).then((v) => (outcome = v));
    await settle();
    expect(outcome).toBe("pending");
    fake().user.endCellEdit("typed");
    await run;
    expect(outcome).toBe("typed");
    expect(fake().user.editingCell()).toBeNull();
  });

  test("waiting syncs run in the order they were made", async () => {
    fake().user.startCellEdit("Sheet1", "C3");
    const first = Excel.run({ delayForCellEdit: true }, async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["first"]];
      await ctx.sync();
    });
    const second = Excel.run({ delayForCellEdit: true }, async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["second"]];
      await ctx.sync();
    });
    await settle();
    fake().user.endCellEdit();
    await Promise.all([first, second]);
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("second");
  });

  test("endCellEdit() without text cancels: the cell keeps its value", async () => {
    await write("B2", [["before"]]);
    fake().user.startCellEdit("Sheet1", "B2");
    fake().user.endCellEdit();
    expect(fake().inspect.cell("Sheet1", "B2").value).toBe("before");
    expect(() => fake().user.endCellEdit()).toThrow(/without startCellEdit/);
  });

  test("a commit refused by validation cancels the edit; the waiting sync runs; then ValidationRejected is thrown", async () => {
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("B2").dataValidation.rule = { list: { inCellDropDown: true, source: "A,R,P" } };
      await ctx.sync();
    });
    fake().user.startCellEdit("Sheet1", "B2");
    const waiting = readA1({ delayForCellEdit: true });
    await settle();
    expect(() => fake().user.endCellEdit("a")).toThrow(expect.objectContaining({ code: "ValidationRejected" }));
    expect(await waiting).toBe("");
    expect(fake().inspect.cell("Sheet1", "B2").value).toBe("");
    expect(fake().user.editingCell()).toBeNull();
  });

  test("only one cell is edited at a time", () => {
    fake().user.startCellEdit("Sheet1", "A1");
    expect(() => fake().user.startCellEdit("Sheet1", "B1")).toThrow(/already editing/);
    expect(() => fake().user.startCellEdit("Nope", "B1")).toThrow();
  });

  test("a co-author hook can enter edit mode just before a sync, which then fails", async () => {
    const stop = fake().beforeEachSync((s) => {
      if (s.index === 2) fake().user.startCellEdit("Sheet1", "D4");
    });
    await write("A1", [["one"]]);
    expect(await codeOf(write("A2", [["two"]]))).toBe("InvalidOperationInCellEditMode");
    stop();
    fake().user.endCellEdit();
    expect(fake().inspect.values("Sheet1", "A1:A2")).toEqual([["one"], [""]]);
  });
});

describe("Excel.run(options, batch)", () => {
  test("delayForCellEdit belongs to the run: a later run on the same context without options doesn't wait", async () => {
    const ws = await Excel.run({ delayForCellEdit: true }, async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      await ctx.sync();
      return sheet;
    });
    fake().user.startCellEdit("Sheet1", "C3");
    const code = await codeOf(
      Excel.run(ws, async (ctx) => {
        ws.getRange("A1").values = [["x"]];
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidOperationInCellEditMode");
    fake().user.endCellEdit();
  });

  test("previousObjects in the options reuses their context", async () => {
    const ws = await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      await ctx.sync();
      return sheet;
    });
    const options = { delayForCellEdit: true, previousObjects: ws } as Excel.RunOptions;
    await Excel.run(options, async (ctx) => {
      expect(ctx).toBe(ws.context);
      ws.getRange("A1").values = [["again"]];
      await ctx.sync();
    });
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("again");
  });

  test("with no cell being edited, delayForCellEdit runs at once", async () => {
    await write("A1", [["now"]]);
    expect(await readA1({ delayForCellEdit: true })).toBe("now");
  });
});
