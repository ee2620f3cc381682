/** Conditional formats (custom formula rules) stored per area. */
import { codeOf, useFake } from "./test-helpers";

const fake = useFake();

async function addRule(address: string, formula: string, fill: string, font?: string): Promise<void> {
  await Excel.run(async (ctx) => {
    const cf = ctx.workbook.worksheets.getItem("Sheet1").getRange(address).conditionalFormats.add(Excel.ConditionalFormatType.custom);
    cf.custom.rule.formula = formula;
    cf.custom.format.fill.color = fill;
    if (font) cf.custom.format.font.color = font;
    await ctx.sync();
  });
}

async function count(address: string): Promise<number> {
  return Excel.run(async (ctx) => {
    const n = ctx.workbook.worksheets.getItem("Sheet1").getRange(address).conditionalFormats.getCount();
    await ctx.sync();
    return n.value;
  });
}

test("a custom rule stores its area, formula and colours", async () => {
  await addRule("H2:H100", '=$H2="Rejected"', "#FFC7CE", "#9C0006");
  expect(fake().inspect.conditionalFormats("Sheet1")).toEqual([{ address: "H2:H100", formula: '=$H2="Rejected"', fill: "#FFC7CE", font: "#9C0006" }]);
});

test("the rule's properties load back", async () => {
  await addRule("H2:H10", '=$H2="Accepted"', "lightgreen");
  await Excel.run(async (ctx) => {
    const cf = ctx.workbook.worksheets.getItem("Sheet1").getRange("H2:H10").conditionalFormats.add(Excel.ConditionalFormatType.custom);
    cf.custom.rule.formula = "=TRUE";
    cf.custom.load("rule/formula, format/fill/color");
    await ctx.sync();
    expect(cf.custom.rule.formula).toBe("=TRUE");
    expect(cf.custom.format.fill.color).toBeNull();
  });
});

test("getCount counts the rules touching the range; newest first", async () => {
  await addRule("H2:H10", "=1", "red");
  await addRule("H5:J5", "=2", "green");
  expect(await count("H2:H10")).toBe(2);
  expect(await count("H2")).toBe(1);
  expect(await count("A1")).toBe(0);
  expect(fake().inspect.conditionalFormats("Sheet1").map((c) => c.formula)).toEqual(["=2", "=1"]);
});

test("clearAll removes rules from the range's cells only", async () => {
  await addRule("H2:H10", "=1", "red");
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("H5:H6").conditionalFormats.clearAll();
    await ctx.sync();
  });
  expect(fake().inspect.conditionalFormats("Sheet1")[0]?.address).toBe("H2:H4,H7:H10");
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("H:H").conditionalFormats.clearAll();
    await ctx.sync();
  });
  expect(fake().inspect.conditionalFormats("Sheet1")).toEqual([]);
});

test("only custom rules are implemented", async () => {
  const code = await codeOf(
    Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").conditionalFormats.add(Excel.ConditionalFormatType.dataBar);
      await ctx.sync();
    }),
  );
  expect(code).toBe("NotImplemented");
});

test("inserting rows inside the area stretches it; a plain paste cuts the pasted cells out", async () => {
  await addRule("H2:H10", "=1", "red");
  fake().user.insertRows("Sheet1", 5, 2);
  expect(fake().inspect.conditionalFormats("Sheet1")[0]?.address).toBe("H2:H12");
  fake().user.paste("Sheet1", "H2", [["x"]]);
  expect(fake().inspect.conditionalFormats("Sheet1")[0]?.address).toBe("H3:H12");
  fake().user.deleteRows("Sheet1", 3, 10);
  expect(fake().inspect.conditionalFormats("Sheet1")).toEqual([]);
});
