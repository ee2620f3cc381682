/**
 * Issue #9: what the user or a co-author types while a pull runs is not overwritten. Before every
 * sync of a refresh, someone types an action and remarks into another record's row (and sorts the
 * table now and then); after the pull every one of those entries is on its record.
 */
import { finishInterruptedPull, pullIntoWorkbook, readSectionSheet, readSectionSheets, TypedEntriesPendingError } from "../../src/workbook";
import { isSnapshotSheet } from "../../src/workbook/staging-names";
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

test("a sheet too large to read in one sync (20,000 rows) is watched too: entries typed before every sync are kept", async () => {
  const ROWS = 20_000;
  const recs = { B2B: records("B2B", ROWS).map((r) => ({ ...r, action: "N" as const })) };
  await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: recs });
  const layout = sectionLayout("B2B");
  const typed = new Map<string, string>();
  let turn = 0;
  const stop = fake.beforeEachSync(() => {
    const row = 2 + ((turn * 7919) % ROWS);
    const key = fake.inspect.cell("B2B", `${columnLetter(layout.index.key as number)}${row}`).value as string;
    const remarks = `typed during the big pull ${turn}`;
    fake.user.typeInto("B2B", `${columnLetter(layout.index.action as number)}${row}`, "R");
    fake.user.typeInto("B2B", `${columnLetter(layout.index.remarks as number)}${row}`, remarks);
    typed.set(key, remarks);
    turn++;
  });
  const result = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: recs }, { budgetBytes: 600_000 });
  stop();
  expect(result.typedDuringPull).toBeGreaterThan(0);
  const rows = new Map((await readSectionSheet("B2B", { repairValidation: false })).rows.map((r) => [r.key, r]));
  for (const [key, remarks] of typed) expect({ key, action: rows.get(key)?.edit.action, remarks: rows.get(key)?.edit.remarks }).toEqual({ key, action: "R", remarks });
  expect(fake.inspect.sheetNames().filter((n) => n.startsWith("IMS staging"))).toEqual([]);
});

test("Excel fails after the copy, before what was typed is put back: it waits in a hidden sheet, and opening the pane puts it back", async () => {
  const recs = { B2B: records("B2B", 200).map((r) => ({ ...r, action: "N" as const })) };
  await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: recs });
  const layout = sectionLayout("B2B");
  const typed = new Map<string, string>();
  let turn = 0;
  const stopTyping = fake.beforeEachSync(() => {
    const row = 2 + ((turn * 37) % 200);
    const key = fake.inspect.cell("B2B", `${columnLetter(layout.index.key as number)}${row}`).value as string;
    fake.user.typeInto("B2B", `${columnLetter(layout.index.remarks as number)}${row}`, `typed ${turn}`);
    typed.set(key, `typed ${turn}`);
    turn++;
  });
  // From the first read of a snapshot sheet on, every sync fails.
  let broken = false;
  fake.faults.add({ kind: "GeneralException", every: true, when: (info) => (broken ||= !info.writes && info.sheets.some(isSnapshotSheet)) });
  await expect(pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: recs }, { budgetBytes: 120_000 })).rejects.toBeInstanceOf(TypedEntriesPendingError);
  stopTyping();
  fake.faults.clear();
  expect(fake.inspect.sheetNames().filter(isSnapshotSheet)).toEqual(["IMS staging B2B typed"]);

  const recovered = await finishInterruptedPull();
  expect(recovered.typed.length).toBeGreaterThan(0);
  const rows = new Map((await readSectionSheet("B2B", { repairValidation: false })).rows.map((r) => [r.key, r]));
  for (const [key, remarks] of typed) expect({ key, remarks: rows.get(key)?.edit.remarks }).toEqual({ key, remarks });
  expect(fake.inspect.sheetNames().filter((n) => n.startsWith("IMS staging"))).toEqual([]);
});
