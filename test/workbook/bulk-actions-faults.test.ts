/**
 * Writing actions and remarks for the user (Action for all, applied suggestions) while Excel
 * fails: at every sync that writes, a failure after part of the batch (which the batcher sends
 * again in halves), then undo. No typed entry changes, every cell holds what it held or what was
 * asked, and undo brings every cell back: no cell is ever written without its undo row.
 */
import type { BulkTarget } from "../../src/ims/suppliers";
import { applyBulkActions, latestBulkApply, pullSectionIntoSheet, readSectionSheet, undoLatestBulkApply } from "../../src/workbook";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import type { SyncInfo } from "../excel-fake/faults";
import { cellAt, GSTIN, records, T1 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

/** Several blocks per batch, and several batches. */
const BUDGET = 9_000;

async function setUp(): Promise<{ targets: BulkTarget[]; before: Map<string, [unknown, unknown]>; typed: string }> {
  const rs = records("B2B", 120).map((r) => ({ ...r, action: "N" as const, remarks: "" }));
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  const read = await readSectionSheet("B2B");
  // Every row but each fifth (gaps make several blocks); remarks on every other one.
  const targets: BulkTarget[] = read.rows
    .filter((_, i) => i % 5 !== 4)
    .map((row, i) => ({ section: "B2B", key: row.key, supplierGstin: row.record.supplierGstin, sheetRow: row.sheetRow, action: i % 2 ? "P" : "A", ...(i % 2 ? { remarks: `Differs from our books: row ${i}` } : {}) }));
  // The user types into one target row after the add-in read the sheet.
  const typed = targets[3]!.key;
  fake.user.typeInto("B2B", cellAt("B2B", "action", targets[3]!.sheetRow), "R");
  return { targets, before: cells(), typed };
}

/** Action and Remarks of every row, by key. */
function cells(): Map<string, [unknown, unknown]> {
  const out = new Map<string, [unknown, unknown]>();
  for (let row = 2; ; row++) {
    const key = fake.inspect.cell("B2B", cellAt("B2B", "key", row)).value;
    if (key === "" || key === undefined || key === null) return out;
    out.set(String(key), [fake.inspect.cell("B2B", cellAt("B2B", "action", row)).value, fake.inspect.cell("B2B", cellAt("B2B", "remarks", row)).value]);
  }
}

function same(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  return !!a && !!b && a.every((v, i) => v === b[i]);
}

/** Where a cut leaves a block's action cells written and its remarks not: right after the nth values write. */
function afterNthValues(n: number): (info: SyncInfo) => number {
  return (info) => {
    let seen = 0;
    for (let i = 0; i < info.actions.length; i++) if (info.actions[i] === "Range.values" && ++seen === n) return i + 1;
    return Math.floor(info.actions.length / 2);
  };
}

test("at every sync that writes, cut after part of the batch: typed entries kept, nothing else written, undo complete", async () => {
  // Unhindered, to know the writing syncs and what a clean apply writes.
  const clean = await setUp();
  let writes = 0;
  const stop = fake.beforeEachSync((info) => {
    if (info.writes) writes++;
  });
  await applyBulkActions("2025-11-21T06:00:00.000Z", clean.targets, { budgetBytes: BUDGET });
  stop();
  const wanted = cells();
  expect(writes).toBeGreaterThan(3);
  fake.uninstall();

  const cuts: { label: string; applied: "half" | ((info: SyncInfo) => number) }[] = [
    { label: "half", applied: "half" },
    { label: "after the 2nd values write", applied: afterNthValues(2) },
    { label: "after the 3rd values write", applied: afterNthValues(3) },
  ];
  let checked = 0;
  for (const cut of cuts) {
    for (let k = 1; k <= writes; k++) {
      fake = installExcelFake({ today: "2025-11-21" });
      const { targets, before, typed } = await setUp();
      fake.faults.add({ kind: "GeneralException", nth: k, applied: cut.applied, when: (info) => info.writes });
      const where = `${cut.label}, writing sync ${k} of ${writes}`;
      try {
        await applyBulkActions("2025-11-21T06:00:00.000Z", targets, { budgetBytes: BUDGET });
      } catch {
        // A failure the batcher does not send again: what was written has its undo rows.
      }
      const after = cells();
      expect([where, after.get(typed)]).toEqual([where, ["R", ""]]);
      const strays = [...after].filter(([key, c]) => !same(c, before.get(key)) && !same(c, wanted.get(key)));
      expect([where, strays]).toEqual([where, []]);
      for (let n = 0; n < 3 && (await latestBulkApply()); n++) await undoLatestBulkApply({ budgetBytes: BUDGET });
      expect([where, cells()]).toEqual([where, before]);
      checked++;
      fake.uninstall();
    }
  }
  fake = installExcelFake({ today: "2025-11-21" });
  expect(checked).toBe(3 * writes);
});

test("the undo record is complete after a batch Excel applied in part and the batcher sent again", async () => {
  const { targets, before, typed } = await setUp();
  fake.faults.add({ kind: "GeneralException", nth: 2, applied: afterNthValues(4), when: (info) => info.writes });
  const result = await applyBulkActions("2025-11-21T06:00:00.000Z", targets, { budgetBytes: BUDGET });
  // Every target but the typed row was written, and reported so.
  expect(result.changedMeanwhile).toBe(1);
  expect([...result.written.values()].reduce((a, b) => a + b, 0)).toBe(targets.length - 1);
  expect(result.writtenKeys.has(`B2B|${typed}`)).toBe(false);
  const undone = await undoLatestBulkApply({ budgetBytes: BUDGET });
  expect(undone.restored).toBe(targets.length - 1);
  expect(cells()).toEqual(before);
});
