/**
 * The search for Action cells that lost their drop-down stays within the payload limit however
 * many cells were pasted over: its loads are capped per sync, and a sync the host still refuses
 * is sent again with fewer.
 */
import { PAYLOAD_LIMIT_BYTES, pullSectionIntoSheet, readSectionSheet } from "../../src/workbook";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { findLostDropDowns } from "../../src/workbook/validation-scan";
import { cellAt, colOf, GSTIN, records, T1 } from "./helpers";
import { seeded } from "./synthetic-records";

/** `count` distinct sheet rows between 2 and `rows + 1`, scattered at random (seeded), ascending. */
function scatteredRows(count: number, rows: number, seed: number): number[] {
  const rnd = seeded(seed);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(2 + Math.floor(rnd() * rows));
  return [...picked].sort((a, b) => a - b);
}

function pasteOverActions(fake: FakeExcelHandle, sheetRows: readonly number[]): void {
  for (const row of sheetRows) fake.user.paste("B2B", cellAt("B2B", "action", row), [["A"]]);
}

test("5,000 scattered pasted Action cells over 100,000 rows: each found on its row, every sync under 5 MB", async () => {
  const fake = installExcelFake({ today: "2025-11-21" });
  try {
    await pullSectionIntoSheet("B2B", records("B2B", 100_000), { gstin: GSTIN, pulledAt: T1 });
    const hit = scatteredRows(5_000, 100_000, 9);
    pasteOverActions(fake, hit);
    fake.resetStats();
    const read = await readSectionSheet("B2B", { repairValidation: false });
    const stats = fake.stats();
    console.log(`lost drop-downs: 5,000 of 100,000 rows found in ${stats.syncs} syncs, largest request ${stats.maxRequestBytes} bytes, largest response ${stats.maxResponseBytes} bytes`);
    expect(read.validationLost).toEqual(hit);
    expect(read.problems.filter((p) => p.code === "validation-lost").map((p) => p.sheetRow)).toEqual(hit);
    expect(stats.rejectedForSize).toBe(0);
    expect(stats.maxRequestBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    expect(stats.maxResponseBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    // Probe (2) and the reads (8) as without any paste, then about ten for the search.
    expect(stats.syncs).toBeLessThanOrEqual(22);
  } finally {
    fake.uninstall();
  }
}, 180_000);

describe("under a 200 kB limit", () => {
  const LIMIT = 200_000;
  let fake: FakeExcelHandle;
  beforeEach(() => {
    fake = installExcelFake({ today: "2025-11-21", payloadLimitBytes: LIMIT });
  });
  afterEach(() => fake.uninstall());

  test("every 5th Action cell of 3,000 pasted over: all found, the search spread over syncs within the limit", async () => {
    await pullSectionIntoSheet("B2B", records("B2B", 3_000), { gstin: GSTIN, pulledAt: T1 }, { budgetBytes: 0.94 * LIMIT });
    const hit = scatteredRows(600, 3_000, 5);
    pasteOverActions(fake, hit);
    fake.resetStats();
    const read = await readSectionSheet("B2B", { repairValidation: false, budgetBytes: 0.94 * LIMIT });
    expect(read.validationLost).toEqual(hit);
    const stats = fake.stats();
    expect(stats.rejectedForSize).toBe(0);
    expect(stats.maxRequestBytes).toBeLessThanOrEqual(LIMIT);
    console.log(`lost drop-downs: 600 of 3,000 rows under a 200 kB limit found in ${stats.syncs} syncs, largest request ${stats.maxRequestBytes} bytes`);
    expect(stats.syncs).toBeLessThanOrEqual(30);
  });

  test("a search sync the host refuses for its size is sent again with fewer loads", async () => {
    await pullSectionIntoSheet("B2B", records("B2B", 3_000), { gstin: GSTIN, pulledAt: T1 }, { budgetBytes: 0.94 * LIMIT });
    const hit = scatteredRows(600, 3_000, 6);
    pasteOverActions(fake, hit);
    fake.resetStats();
    const counter = { syncs: 0, retries: 0 };
    const lost: number[] = [];
    await Excel.run(async (context) => {
      const column = { sheetName: "B2B", firstRow: 1, column: colOf("B2B", "action") };
      // Told the budget is three times the real limit, the search learns it from the refusals.
      await findLostDropDowns(context, [{ key: column, start: 0, count: 3_000 }], (c) => c, (span) => {
        for (let i = 0; i < span.count; i++) lost.push(span.start + i + 2);
      }, counter, 3 * LIMIT);
    });
    expect(lost.sort((a, b) => a - b)).toEqual(hit);
    expect(counter.retries).toBeGreaterThan(0);
    expect(fake.stats().rejectedForSize).toBe(counter.retries);
    expect(fake.stats().maxRequestBytes).toBeLessThanOrEqual(LIMIT);
  });
});
