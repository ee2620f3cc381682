/**
 * Issue #9: a co-author sorts, inserts and deletes rows between the add-in's syncs. Statuses and
 * whole rows written by key still land on their records, and what the writes overwrote on a row
 * that moved in between is put back.
 */
import { imsRecordKey } from "../../src/ims/records";
import { EMPTY_STATUS, RESULTS, type RowStatus } from "../../src/ims/review-rows";
import { pullSectionIntoSheet, readSectionSheet, writeRowStatuses } from "../../src/workbook";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { colOf, GSTIN, records, T1, T2 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

const COLUMNS = ["taxableValue", "docNumber", "igst", "cgst"] as const;

test("a co-author sorts before every sync: every status lands on its record, no other row is changed", async () => {
  const rs = records("B2B", 60);
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  const targets = rs.filter((_, i) => i % 4 === 1);
  let turn = 0;
  const stop = fake.beforeEachSync(() => {
    const column = COLUMNS[turn % COLUMNS.length]!;
    fake.user.sortTable("B2B", "IMS_B2B", colOf("B2B", column), turn % 2 === 0);
    turn++;
  });
  const status = (i: number): RowStatus => ({ result: RESULTS.saved, referenceId: `REF-${i}`, message: `Saved ${i}`, updatedAt: T2, state: "saved" });
  await writeRowStatuses(
    "B2B",
    targets.map((r, i) => ({ key: imsRecordKey(r), status: status(i) })),
    { budgetBytes: 3_000 },
  );
  stop();
  expect(turn).toBeGreaterThan(3);
  const byKey = new Map((await readSectionSheet("B2B")).rows.map((r) => [r.key, r]));
  targets.forEach((r, i) => expect(byKey.get(imsRecordKey(r))!.status).toEqual(status(i)));
  for (const r of rs.filter((_, i) => i % 4 !== 1)) expect(byKey.get(imsRecordKey(r))!.status).toEqual(EMPTY_STATUS);
});

test("a co-author inserts and deletes rows between syncs: statuses still land by key", async () => {
  const rs = records("B2B", 30);
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  let turn = 0;
  const stop = fake.beforeEachSync(() => {
    if (turn++ % 2 === 0) fake.user.insertRows("B2B", 3, 2);
    else fake.user.deleteRows("B2B", 3, 2);
  });
  await writeRowStatuses(
    "B2B",
    rs.map((r, i) => ({ key: imsRecordKey(r), status: { ...EMPTY_STATUS, result: RESULTS.saved, referenceId: `R${i}` } })),
    { budgetBytes: 3_000 },
  );
  stop();
  const read = await readSectionSheet("B2B");
  const byKey = new Map(read.rows.map((r) => [r.key, r]));
  // Rows deleted by the co-author are gone; every record still there has its own status.
  for (const [i, r] of rs.entries()) {
    const row = byKey.get(imsRecordKey(r));
    if (row) expect(row.status.referenceId).toBe(`R${i}`);
  }
});
