/**
 * The engine's benchmark writes and reads 100k rows × 30 columns through the fake. That must take
 * seconds: the store is sparse, row arrays, no per-cell objects.
 */
import { useFake } from "./test-helpers";

const fake = useFake();

const ROWS = 100_000;
const COLS = 30;
const CHUNK = 4_000;

function row(i: number): (string | number)[] {
  const out: (string | number)[] = new Array(COLS);
  for (let j = 0; j < COLS; j++) out[j] = j === 0 ? `27AAACI${String(i).padStart(6, "0")}F1Z` : j % 3 === 0 ? i + j / 4 : j % 3 === 1 ? `INV/${i}/${j}` : "A";
  return out;
}

test(`writes and reads ${ROWS} × ${COLS} cells in chunks within the payload limit, in seconds`, async () => {
  const started = Date.now();
  for (let s = 0; s < ROWS; s += CHUNK) {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRangeByIndexes(s + 1, 0, CHUNK, COLS).values = Array.from({ length: CHUNK }, (_, k) => row(s + k));
      await ctx.sync();
    });
  }
  const wrote = Date.now();
  let checked = 0;
  for (let s = 0; s < ROWS; s += CHUNK) {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRangeByIndexes(s + 1, 0, CHUNK, COLS).load("values");
      await ctx.sync();
      expect(r.values[0]).toEqual(row(s));
      checked += r.values.length;
    });
  }
  const read = Date.now();
  expect(checked).toBe(ROWS);
  expect(fake().inspect.usedRange("Sheet1")).toBe(`A2:AD${ROWS + 1}`);
  const stats = fake().stats();
  expect(stats.syncs).toBe((2 * ROWS) / CHUNK);
  expect(stats.maxRequestBytes).toBeLessThanOrEqual(5_000_000);
  expect(stats.maxResponseBytes).toBeLessThanOrEqual(5_000_000);
  expect(stats.rejectedForSize).toBe(0);
  // Generous bounds: a few seconds on a laptop; minutes would mean a per-cell blow-up.
  expect(wrote - started).toBeLessThan(20_000);
  expect(read - wrote).toBeLessThan(10_000);
}, 60_000);

test("a whole sheet of validation, formats and a sort stay fast", async () => {
  const body = Array.from({ length: 20_000 }, (_, i) => [`INV-${20_000 - i}`, i % 2 ? "A" : "R", i]);
  await Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("A1:C1").values = [["Invoice", "Action", "N"]];
    ws.getRange("A2:C20001").values = body;
    ws.getRange("B:B").dataValidation.rule = { list: { inCellDropDown: true, source: "A,R,P,N" } };
    ws.getRange("A2:A20001").numberFormat = "@" as unknown as string[][];
    ws.tables.add("A1:C20001", true);
    await ctx.sync();
  });
  const t = Date.now();
  fake().user.sortTable("Sheet1", "Table1", 0, true);
  fake().user.filterTable("Sheet1", "Table1", 1, ["A"]);
  fake().user.insertRows("Sheet1", 10, 100);
  expect(Date.now() - t).toBeLessThan(5_000);
  expect(fake().inspect.tables("Sheet1")[0]?.address).toBe("A1:C20101");
}, 30_000);
