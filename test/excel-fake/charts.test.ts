/**
 * Charts (ExcelApi 1.1): add over a Range, names, title and legend, setPosition, delete, lookup
 * by name, and the series read from the cells (the data stays linked). Each behaviour's source is
 * in chart.ts.
 */
import { codeOf, useFake } from "./test-helpers";

const fake = useFake();

async function seedData(): Promise<void> {
  await Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("A1:C3").values = [
      ["Action", "Inward", "Outward"],
      ["Accepted", 5, 7],
      ["Rejected", 1, 2],
    ];
    await ctx.sync();
  });
}

test("add makes a chart named Chart 1 over the range; series by columns; title, legend and position are kept", async () => {
  await seedData();
  const name = await Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    const chart = ws.charts.add("ColumnClustered", ws.getRange("A1:C3"), "Columns");
    chart.load("name");
    await ctx.sync();
    const first = chart.name;
    chart.name = "Docs by action";
    chart.title.text = "Documents by action";
    chart.legend.position = "Bottom";
    chart.setPosition("E2", "K15");
    await ctx.sync();
    return first;
  });
  expect(name).toBe("Chart 1");
  const [info] = fake().inspect.charts("Sheet1");
  expect(info).toMatchObject({
    name: "Docs by action",
    type: "ColumnClustered",
    title: "Documents by action",
    source: "Sheet1!A1:C3",
    seriesBy: "Columns",
    legendPosition: "Bottom",
    position: { from: "E2", to: "E2:K15" },
    categories: ["Accepted", "Rejected"],
    series: [
      { name: "Inward", values: [5, 1] },
      { name: "Outward", values: [7, 2] },
    ],
  });
});

test("the data stays linked to the cells: a later write shows in the series", async () => {
  await seedData();
  await Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.charts.add("ColumnClustered", ws.getRange("A1:C3"), "Auto");
    await ctx.sync();
  });
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("B2").values = [[50]];
    await ctx.sync();
  });
  expect(fake().inspect.charts("Sheet1")[0]?.series[0]?.values).toEqual([50, 1]);
  // "Auto" reads as columns, as Excel on the web does.
  expect(fake().inspect.charts("Sheet1")[0]?.series.map((s) => s.name)).toEqual(["Inward", "Outward"]);
});

test("getItemOrNullObject finds a chart by name (ignoring case) or is null; items/name lists them; delete removes one", async () => {
  await seedData();
  const found = await Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    const a = ws.charts.add("ColumnClustered", ws.getRange("A1:C3"), "Columns");
    a.name = "IMS docs";
    const b = ws.charts.add("BarClustered", ws.getRange("A1:B3"), "Columns");
    b.name = "IMS tax";
    await ctx.sync();
    const hit = ws.charts.getItemOrNullObject("ims DOCS");
    const miss = ws.charts.getItemOrNullObject("nothing");
    hit.load("name");
    ws.charts.load("items/name");
    await ctx.sync();
    const names = ws.charts.items.map((c) => c.name);
    hit.delete();
    await ctx.sync();
    return { hit: hit.name, missNull: miss.isNullObject, names };
  });
  expect(found).toEqual({ hit: "IMS docs", missNull: true, names: ["IMS docs", "IMS tax"] });
  expect(fake().inspect.charts("Sheet1").map((c) => c.name)).toEqual(["IMS tax"]);
});

test("clearing the cells leaves the chart; deleting its sheet removes it", async () => {
  await Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.add("Data");
    ws.getRange("A1:B2").values = [["x", "y"], ["a", 1]];
    ws.charts.add("Pie", ws.getRange("A1:B2"), "Columns");
    await ctx.sync();
    ws.getRange("A1:B2").clear("All");
    await ctx.sync();
  });
  expect(fake().inspect.charts("Data")).toHaveLength(1);
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Data").delete();
    await ctx.sync();
  });
  expect(fake().inspect.sheetNames()).toEqual(["Sheet1"]);
});

test("an unknown chart type is InvalidArgument; getItem of a missing chart is ItemNotFound", async () => {
  await seedData();
  expect(
    await codeOf(
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("Sheet1");
        ws.charts.add("Sparkle" as Excel.ChartType, ws.getRange("A1:C3"));
        await ctx.sync();
      }),
    ),
  ).toBe("InvalidArgument");
  expect(
    await codeOf(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").charts.getItem("nope");
        await ctx.sync();
      }),
    ),
  ).toBe("ItemNotFound");
});

test("members outside the subset are refused (NotInSubsetError)", async () => {
  await expect(
    Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const chart = ws.charts.add("ColumnClustered", ws.getRange("A1:B2"));
      void (chart as unknown as { axes: unknown }).axes;
      await ctx.sync();
    }),
  ).rejects.toThrow(/not in docs\/excel-api-subset.md/);
});
