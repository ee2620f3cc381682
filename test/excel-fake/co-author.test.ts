/** The co-author hook: a colleague types, pastes, sorts, filters, inserts or deletes between syncs. */
import type { SyncInfo } from "./index";
import { codeOf, useFake, write } from "./test-helpers";

const fake = useFake();

const ROWS = [
  ["Invoice", "Status"],
  ["INV-1", ""],
  ["INV-2", ""],
  ["INV-3", ""],
];

async function makeTable(): Promise<void> {
  await write("A1:B4", ROWS);
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").tables.add("A1:B4", true);
    await ctx.sync();
  });
}

test("the hook runs before each round trip with its index, and stops when removed", async () => {
  const seen: number[] = [];
  const stop = fake().beforeEachSync((s) => seen.push(s.index));
  await write("A1", [[1]]);
  await Excel.run(async (ctx) => {
    await ctx.sync();
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
    await ctx.sync();
  });
  stop();
  await write("A1", [[2]]);
  expect(seen).toEqual([1, 2]);
});

test("a colleague sorting between the read and the write gets statuses of other records", async () => {
  await makeTable();
  fake().beforeEachSync((s) => {
    if (s.index === 4) fake().user.sortTable("Sheet1", "Table1", 0, false);
  });
  await Excel.run(async (ctx) => {
    const body = ctx.workbook.worksheets.getItem("Sheet1").tables.getItemOrNullObject("Table1").getDataBodyRange().load("values");
    await ctx.sync();
    const statuses = body.values.map((r) => [`done ${String(r[0])}`]);
    ctx.workbook.worksheets.getItem("Sheet1").getRange("B2:B4").values = statuses;
    await ctx.sync();
  });
  expect(fake().inspect.values("Sheet1", "A2:B4")).toEqual([
    ["INV-3", "done INV-1"],
    ["INV-2", "done INV-2"],
    ["INV-1", "done INV-3"],
  ]);
});

test("a key column loaded in the same batch as the write shows the colleague's change", async () => {
  await makeTable();
  fake().beforeEachSync((s) => {
    if (s.index === 3) fake().user.typeInto("Sheet1", "A3", "INV-9");
  });
  await Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    const keys = ws.getRange("A2:A4").load("values");
    ws.getRange("B2:B4").values = [["done"], ["done"], ["done"]];
    await ctx.sync();
    expect(keys.values).toEqual([["INV-1"], ["INV-9"], ["INV-3"]]);
  });
});

test("rows a colleague inserts move the ranges of the running batch; the write lands on the moved cells", async () => {
  await makeTable();
  fake().beforeEachSync((s) => {
    if (s.index === 4) fake().user.insertRows("Sheet1", 2, 1);
  });
  await Excel.run(async (ctx) => {
    const cell = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2").load("address");
    await ctx.sync();
    cell.values = [["done"]];
    cell.load("address");
    await ctx.sync();
    expect(cell.address).toBe("Sheet1!B3");
  });
  expect(fake().inspect.values("Sheet1", "A2:B3")).toEqual([["", ""], ["INV-1", "done"]]);
});

test("a colleague can paste, filter and insert or delete columns from the hook", async () => {
  await makeTable();
  const steps: ((s: SyncInfo) => void)[] = [
    () => fake().user.paste("Sheet1", "B2", [["pasted"]]),
    () => fake().user.filterTable("Sheet1", "Table1", 1, ["pasted"]),
    () => fake().user.insertColumns("Sheet1", "B", 1),
    () => fake().user.deleteColumns("Sheet1", "A", 1),
  ];
  fake().beforeEachSync((s) => steps.shift()?.(s));
  for (let i = 0; i < 4; i++) await write("Z1", [[i]]);
  expect(fake().inspect.tables("Sheet1")).toEqual([{ name: "Table1", address: "A1:B4" }]);
  expect(fake().inspect.values("Sheet1", "A1:B2")).toEqual([["Column1", "Status"], ["", "pasted"]]);
  // The Status filter moved with its column: filtering another column re-applies it where it now is.
  fake().user.filterTable("Sheet1", "Table1", 0, [""]);
  expect([2, 3, 4].map((r) => fake().inspect.rowHidden("Sheet1", r))).toEqual([false, true, true]);
});

test("an exception in the hook rejects that sync, which applies nothing", async () => {
  fake().beforeEachSync(() => {
    throw new Error("colleague crashed");
  });
  await expect(write("A1", [["x"]])).rejects.toThrow("colleague crashed");
  expect(fake().inspect.cell("Sheet1", "A1").value).toBe("");
});

test("the hook also runs for a sync a fault then fails", async () => {
  const seen: number[] = [];
  fake().beforeEachSync((s) => seen.push(s.index));
  fake().faults.add({ kind: "GeneralException" });
  expect(await codeOf(write("A1", [["x"]]))).toBe("GeneralException");
  expect(seen).toEqual([1]);
});
