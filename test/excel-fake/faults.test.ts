/** Injected sync failures: GeneralException, InvalidOperation and hangs, chosen by count or predicate. */
import type { SyncInfo } from "./index";
import { codeOf, codeOfSync, useFake, write } from "./test-helpers";

const fake = useFake();

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("a faulted sync applies nothing and its Excel.run rejects", () => {
  test("the 2nd sync from now fails with GeneralException: no writes, no loads", async () => {
    fake().faults.add({ kind: "GeneralException", nth: 2 });
    let loaded: Excel.Range | undefined;
    const run = Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1").values = [["first"]];
      await ctx.sync();
      ws.getRange("A2").values = [["second"]];
      ws.tables.add("A1:A2", true);
      loaded = ws.getRange("A1").load("values");
      await ctx.sync();
    });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OfficeExtension.Error);
    expect(err).toMatchObject({ code: "GeneralException", name: "RichApi.Error" });
    expect(fake().inspect.values("Sheet1", "A1:A2")).toEqual([["first"], [""]]);
    expect(fake().inspect.tables("Sheet1")).toEqual([]);
    expect(codeOfSync(() => loaded?.values)).toBe("PropertyNotLoaded");
    expect(fake().faults.injectedCount()).toBe(1);
  });

  test("InvalidOperation, and the faulted run's ranges are released like any other run's", async () => {
    fake().faults.add({ kind: "InvalidOperation", nth: 2 });
    let range: Excel.Range | undefined;
    const code = await codeOf(
      Excel.run(async (ctx) => {
        range = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("address");
        await ctx.sync();
        range.values = [["x"]];
        await ctx.sync();
      }),
    );
    expect(code).toBe(Excel.ErrorCodes.invalidOperation);
    expect(() => range?.getCell(0, 0)).toThrow(expect.objectContaining({ code: "InvalidObjectPath" }));
  });

  test("one-shot: the next sync goes through, so a batch that catches the error can retry in the same run", async () => {
    fake().faults.add({ kind: "GeneralException" });
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1").values = [["x"]];
      expect(await codeOf(ctx.sync())).toBe("GeneralException");
      ws.getRange("A1").values = [["x"]];
      await ctx.sync();
    });
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("x");
  });
});

describe("choosing the sync", () => {
  test("counting includes Excel.run's own final sync; an empty sync sends nothing and doesn't count", async () => {
    fake().faults.add({ kind: "GeneralException", nth: 2 });
    await write("A1", [["run 1"]]);
    const code = await codeOf(
      Excel.run(async (ctx) => {
        await ctx.sync();
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [["run 2, final sync"]];
      }),
    );
    expect(code).toBe("GeneralException");
    expect(fake().inspect.values("Sheet1", "A1:A2")).toEqual([["run 1"], [""]]);
    expect(fake().faults.injected()).toEqual([{ kind: "GeneralException", sync: expect.objectContaining({ index: 2, run: 2, final: true }) }]);
  });

  test("index counts from install and is not reset by resetStats()", async () => {
    await write("A1", [[1]]);
    fake().resetStats();
    fake().faults.add({ kind: "GeneralException", index: 3 });
    await write("A2", [[2]]);
    expect(await codeOf(write("A3", [[3]]))).toBe("GeneralException");
    expect(fake().stats().syncs).toBe(2);
  });

  test("a predicate over the batch: the first write to sheet B2B", async () => {
    fake().seed.addSheet("B2B");
    fake().faults.add({ kind: "GeneralException", when: (s) => s.writes && s.sheets.includes("B2B") });
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("B2B").getRange("A1").load("values");
      await ctx.sync();
    });
    await write("A1", [["fine"]]);
    expect(await codeOf(write("A1", [["lost"]], "B2B"))).toBe("GeneralException");
    await write("A1", [["kept"]], "B2B");
    expect(fake().inspect.cell("B2B", "A1").value).toBe("kept");
  });

  test("nth with a predicate counts only the matching syncs", async () => {
    fake().faults.add({ kind: "InvalidOperation", nth: 2, when: (s) => s.writes });
    const readA1 = () =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
        await ctx.sync();
      });
    await write("A1", [[1]]);
    await readA1();
    await readA1();
    expect(await codeOf(write("A1", [[2]]))).toBe("InvalidOperation");
  });

  test("every: each matching sync fails until the fault is disarmed", async () => {
    const disarm = fake().faults.add({ kind: "GeneralException", every: true, when: (s) => s.requestBytes > 2_000 });
    const big = Array.from({ length: 100 }, (_, i) => [`a longer text in row ${i}`]);
    expect(await codeOf(write("A1:A100", big))).toBe("GeneralException");
    expect(await codeOf(write("A1:A100", big))).toBe("GeneralException");
    await write("B1", [["small"]]);
    disarm();
    await write("A1:A100", big);
    expect(fake().faults.injectedCount()).toBe(2);
  });

  test("every with nth: from the nth matching sync on", async () => {
    fake().faults.add({ kind: "GeneralException", nth: 2, every: true });
    await write("A1", [[1]]);
    expect(await codeOf(write("A1", [[2]]))).toBe("GeneralException");
    expect(await codeOf(write("A1", [[3]]))).toBe("GeneralException");
    fake().faults.clear();
    await write("A1", [[4]]);
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe(4);
  });

  test("a custom message", async () => {
    fake().faults.add({ kind: "GeneralException", message: "An internal error has occurred. (simulated web timeout)" });
    await expect(write("A1", [[1]])).rejects.toMatchObject({ code: "GeneralException", message: "An internal error has occurred. (simulated web timeout)" });
  });

  test("bad specs are refused at once", () => {
    expect(() => fake().faults.add({ kind: "GeneralException", nth: 0 })).toThrow(/nth/);
    expect(() => fake().faults.add({ kind: "GeneralException", nth: 1, index: 1 })).toThrow(/not both/);
    expect(() => fake().faults.add({ kind: "Timeout" as "hang" })).toThrow(/unknown kind/);
  });
});

describe("what a predicate sees", () => {
  test("index, run, final, actions, writes, sheets and request bytes", async () => {
    fake().seed.addSheet("B2B");
    const seen: SyncInfo[] = [];
    fake().faults.add({ kind: "GeneralException", when: (s) => (seen.push(s), false) });
    await Excel.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      sheets.getItem("B2B").getRange("A1:B2").load("values");
      await ctx.sync();
      sheets.getItem("Sheet1").getRange("A1").values = [["x"]];
      sheets.getItem("b2b").getRange("C1").values = [["y"]];
    });
    expect(seen).toEqual([
      { index: 1, run: 1, final: false, actionCount: 4, actions: ["WorksheetCollection.new", "Worksheet.new", "Range.new", "Range.load"], writes: false, sheets: ["B2B"], requestBytes: expect.any(Number) },
      { index: 2, run: 1, final: true, actionCount: 6, actions: ["Worksheet.new", "Range.new", "Range.values", "Worksheet.new", "Range.new", "Range.values"], writes: true, sheets: ["B2B", "Sheet1"], requestBytes: expect.any(Number) },
    ]);
    expect(fake().stats().maxRequestBytes).toBe(Math.max(...seen.map((s) => s.requestBytes)));
  });
});

describe("hang", () => {
  test("a hung sync never settles and applies nothing until the test releases it", async () => {
    fake().faults.add({ kind: "hang" });
    let outcome = "pending";
    const run = write("A1", [["never"]]).then(
      () => (outcome = "resolved"),
      (e: { code?: string }) => (outcome = `rejected ${e.code}`),
    );
    await settle();
    expect(outcome).toBe("pending");
    expect(fake().faults.hungCount()).toBe(1);
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("");
    expect(fake().faults.releaseHung()).toBe(1);
    await run;
    expect(outcome).toBe("rejected GeneralException");
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("");
    expect(fake().faults.hungCount()).toBe(0);
  });

  test("other runs go on while one hangs; releaseHung takes the error to use", async () => {
    fake().faults.add({ kind: "hang", when: (s) => s.sheets.includes("Sheet1") && s.writes });
    fake().seed.addSheet("Other");
    const hung = write("A1", [["stuck"]]);
    await write("A1", [["other"]], "Other");
    expect(fake().inspect.cell("Other", "A1").value).toBe("other");
    fake().faults.releaseHung(new Error("test over"));
    await expect(hung).rejects.toThrow("test over");
  });
});

describe("a fault that strikes partway through a batch", () => {
  async function writeThree(column: string): Promise<unknown> {
    let loaded: unknown = "not delivered";
    const run = Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      // Actions: worksheets, getItem, then per cell getRange + values (3 × 2), then getRange + load.
      for (const row of [1, 2, 3]) ws.getRange(`${column}${row}`).values = [[`v${row}`]];
      const probe = ws.getRange(`${column}1`).load("values");
      await context.sync();
      loaded = probe.values;
    });
    await expect(run).rejects.toMatchObject({ code: "GeneralException" });
    return loaded;
  }
  const column = (c: string) => [1, 2, 3].map((r) => fake().inspect.cell("Sheet1", `${c}${r}`).value);

  test("applied: n applies the first n actions, delivers no loads and rejects", async () => {
    fake().faults.add({ kind: "GeneralException", applied: 6 });
    expect(await writeThree("A")).toBe("not delivered");
    expect(column("A")).toEqual(["v1", "v2", ""]);
  });

  test("applied: half applies the first half", async () => {
    fake().faults.add({ kind: "GeneralException", applied: "half" });
    await writeThree("B");
    // 10 actions: the first 5 reach the first cell's value and the second's getRange.
    expect(column("B")).toEqual(["v1", "", ""]);
  });

  test("a hang cannot be partly applied", () => {
    expect(() => fake().faults.add({ kind: "hang", applied: 1 })).toThrow(/applied/);
  });
});
