/** Range.copyFrom: "All" moves formulas with the copy and brings formats; "Values" pastes values only. */
import { useFake } from "./test-helpers";

const fake = useFake();

async function copy(to: string, from: string, copyType?: "All" | "Values"): Promise<void> {
  await Excel.run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    const [dstSheet, dst] = to.split("!") as [string, string];
    const [srcSheet, src] = from.split("!") as [string, string];
    sheets.getItem(dstSheet).getRange(dst).copyFrom(sheets.getItem(srcSheet).getRange(src), copyType);
    await ctx.sync();
  });
}

beforeEach(() => {
  fake().seed.addSheet("Other");
  fake().seed.setValues("Sheet1", "A1", [["INV-1", 12.5]]);
  fake().user.typeInto("Sheet1", "C1", "=1+2");
  fake().user.typeInto("Sheet1", "D1", "=A1");
});

test('"All" copies values and formulas, moving relative references', async () => {
  await copy("Other!B3", "Sheet1!A1:D1");
  expect(fake().inspect.cell("Other", "B3").value).toBe("INV-1");
  expect(fake().inspect.cell("Other", "D3").formula).toBe("=1+2");
  expect(fake().inspect.cell("Other", "E3").formula).toBe("=B3");
});

test('"Values" pastes results, no formulas, and keeps the destination\'s formats', async () => {
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Other").getRange("B3:E3").numberFormat = [["@", "@", "@", "@"]];
    await ctx.sync();
  });
  await copy("Other!B3", "Sheet1!A1:D1", "Values");
  expect(fake().inspect.values("Other", "B3:D3")).toEqual([["INV-1", 12.5, 3]]);
  expect(fake().inspect.cell("Other", "D3").formula).toBeNull();
  expect(fake().inspect.cell("Other", "B3").numberFormat).toBe("@");
});
