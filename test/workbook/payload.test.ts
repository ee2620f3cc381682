/**
 * Writes and reads are chunked by payload size: under a lowered limit the engine still
 * succeeds, never sends a sync over it, and uses about as few syncs as the limit allows.
 */
import { pullIntoWorkbook, readSectionSheets } from "../../src/workbook";
import { installExcelFake } from "../excel-fake";
import { GSTIN, T1, T2 } from "./helpers";
import { makeWorkload } from "./synthetic-records";

const LIMIT = 200_000;

test("a pull and a read-back under a 200 kB limit: every sync within it, syncs close to the minimum", async () => {
  const fake = installExcelFake({ payloadLimitBytes: LIMIT });
  try {
    const workload = makeWorkload(3000);
    const pulled = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: workload }, { budgetBytes: 0.94 * LIMIT });
    const w = fake.stats();
    expect(w.maxRequestBytes).toBeLessThanOrEqual(LIMIT);
    expect(w.rejectedForSize).toBe(0);
    expect(pulled.retries).toBe(0);
    const minimum = Math.ceil(w.totalRequestBytes / LIMIT);
    expect(w.syncs).toBeLessThanOrEqual(Math.ceil(minimum * 1.1) + 3);
    expect(w.syncs).toBeLessThan(3000 / 20);

    fake.resetStats();
    const reads = await readSectionSheets(undefined, { budgetBytes: 0.94 * LIMIT });
    const r = fake.stats();
    expect(reads.reduce((n, x) => n + x.rows.length, 0)).toBe(3000);
    expect(reads.flatMap((x) => x.problems)).toEqual([]);
    expect(r.maxResponseBytes).toBeLessThanOrEqual(LIMIT);
    expect(r.syncs).toBeLessThanOrEqual(Math.ceil(Math.ceil(r.totalResponseBytes / LIMIT) * 1.15) + 3);
  } finally {
    fake.uninstall();
  }
});

test("when the host refuses a sync for its size, the engine re-sends it in smaller pieces and aims lower", async () => {
  const fake = installExcelFake({ payloadLimitBytes: LIMIT });
  try {
    const workload = makeWorkload(2000);
    // The engine is told the budget is twice the real limit: the host refuses, the engine adapts.
    const pulled = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: workload }, { budgetBytes: 2 * LIMIT });
    expect(pulled.retries).toBeGreaterThan(0);
    expect(fake.stats().rejectedForSize).toBeGreaterThan(0);
    fake.resetStats();
    const reads = await readSectionSheets(undefined, { budgetBytes: 2 * LIMIT });
    expect(reads.reduce((n, x) => n + x.rows.length, 0)).toBe(2000);
    expect(reads.flatMap((x) => x.problems)).toEqual([]);
    // And a refresh under the same conditions loses nothing.
    const again = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: workload }, { budgetBytes: 2 * LIMIT });
    expect(again.sections.reduce((n, s) => n + s.unchanged, 0)).toBe(2000);
  } finally {
    fake.uninstall();
  }
});

test("syncs do not grow with rows when the payload fits: 10 rows and 1,000 rows take the same number", async () => {
  const counts: number[] = [];
  for (const n of [10, 1000]) {
    const fake = installExcelFake();
    try {
      await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: makeWorkload(n) });
      counts.push(fake.stats().syncs);
    } finally {
      fake.uninstall();
    }
  }
  expect(counts[0]).toBe(counts[1]);
  expect(counts[0]).toBeLessThanOrEqual(3);
});
