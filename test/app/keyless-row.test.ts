/** Issue #9, bug 5: a row without a key (pasted from another sheet) gets its refusal on its own row, and no other row is touched. */
import { sectionLayout } from "../../src/workbook/layout";
import { keyOf, pick, rowByKey, sheetRows, startWorld, type World } from "./helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

test("a pasted row without a record key: refused on its row, nothing sent for it, the record it copies untouched", async () => {
  w = await startWorld();
  const { sb, fake, app } = w;
  await app.pull(["B2B"], null);
  const layout = sectionLayout("B2B");
  const [source] = pick(sb, "B2B", 1, (r) => r.action === "N");
  const from = rowByKey(fake, "B2B", keyOf(source!));
  const width = layout.columns.length;
  const used = fake.inspect.usedRange("B2B") as string;
  const lastRow = Number(/(\d+)$/.exec(used)![1]);
  const copied = fake.inspect.values("B2B", `A${from.sheetRow}:${String.fromCharCode(64 + 26)}${from.sheetRow}`)[0]!;
  // The row as copied from another workbook: the visible cells, no hidden ones, an action typed.
  const pasted = Array.from({ length: width }, (_, i) => (layout.columns[i]!.group === "hidden" || layout.columns[i]!.group === "status" ? "" : (copied[i] ?? "")));
  pasted[layout.index.action as number] = "A";
  fake.user.paste("B2B", `A${lastRow + 1}`, [pasted.map((v) => (typeof v === "number" || typeof v === "boolean" ? v : String(v)))], { values: true });

  const report = await app.submit();
  expect(report.saved).toBe(0);
  expect([...new Set(report.refused.map((r) => r.sheetRow))]).toEqual([lastRow + 1]);
  const rows = sheetRows(fake, "B2B");
  const pastedRow = rows.find((r) => r.sheetRow === lastRow + 1)!;
  expect(pastedRow.result).toBe("Refused");
  // The record's own row says nothing about it.
  expect(rowByKey(fake, "B2B", keyOf(source!)).result).toBe("");
  expect(rows.filter((r) => r.result === "Refused").map((r) => r.sheetRow)).toEqual([lastRow + 1]);
});
