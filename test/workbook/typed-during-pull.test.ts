/**
 * Issue #9: what the user or a co-author types while a pull runs is not overwritten. Before every
 * sync of a refresh, someone types an action and remarks into another record's row (and sorts the
 * table now and then); after the pull every one of those entries is on its record.
 */
import { pullIntoWorkbook, readSectionSheets } from "../../src/workbook";
import { columnLetter, sectionLayout } from "../../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { colOf, GSTIN, records, T1, T2 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

test("entries typed before every sync of a refresh, with sorting, are all kept on their records", async () => {
  const recs = { B2B: records("B2B", 200).map((r) => ({ ...r, action: "N" as const })), CN: records("CN", 120).map((r) => ({ ...r, action: "N" as const })) };
  await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: recs });
  const typed = new Map<string, { action: string; remarks: string }>();
  let turn = 0;
  const stop = fake.beforeEachSync(() => {
    const section = turn % 2 === 0 ? "B2B" : "CN";
    const layout = sectionLayout(section);
    const row = 2 + ((turn * 37) % (section === "B2B" ? 200 : 120));
    const key = fake.inspect.cell(section, `${columnLetter(layout.index.key as number)}${row}`).value as string;
    const action = ["A", "R", "P"][turn % 3]!;
    const remarks = `typed during the pull ${turn}`;
    fake.user.typeInto(section, `${columnLetter(layout.index.action as number)}${row}`, action);
    fake.user.typeInto(section, `${columnLetter(layout.index.remarks as number)}${row}`, remarks);
    typed.set(key, { action, remarks });
    if (turn % 4 === 3) fake.user.sortTable(section, layout.tableName, colOf(section, "taxableValue"), turn % 8 === 3);
    turn++;
  });
  const result = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: recs }, { budgetBytes: 120_000 });
  stop();
  expect(turn).toBeGreaterThan(5);
  expect(result.typedDuringPull).toBeGreaterThan(0);
  const rows = new Map((await readSectionSheets(["B2B", "CN"], { repairValidation: false })).flatMap((r) => r.rows).map((r) => [r.key, r]));
  for (const [key, want] of typed) expect({ key, action: rows.get(key)?.edit.action, remarks: rows.get(key)?.edit.remarks }).toEqual({ key, ...want });
});
