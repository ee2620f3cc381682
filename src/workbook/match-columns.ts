/**
 * The "Match", "Suggested action" and "Match reason" columns of the section sheets: what the
 * latest reconciliation found for each row. They sit right of the sheet's columns as the user's
 * own columns do, so a pull keeps them with their rows (by record key) and never reads them as
 * an entry; only reconciling writes them, and never the Action or Remarks cells.
 *
 * Each block of rows is written in a batch that also loads the block's key cells: a row whose key
 * is not the one read (a co-author sorted, or rows were inserted) is counted as moved, and its
 * cells are cleared rather than left describing another record.
 */
import type { SectionCode } from "../ims/sections";
import { CALL_OVERHEAD_BYTES, cellJsonBytes, DEFAULT_BUDGET_BYTES, WriteBatcher, type SyncCounter } from "./chunking";
import type { CellValue } from "./cells";
import { probeWorkbook, type SheetProbe } from "./sheet-probe";

export const MATCH_COLUMN_HEADERS = ["Match", "Suggested action", "Match reason"] as const;

export interface MatchCells {
  /** The category in words ("Exact", "Missing in PR", …). */
  match: string;
  /** "A", "R" or "P", with the remark when there is one ("P: Not in our books"); "" for none. */
  suggested: string;
  reason: string;
}

export interface MatchWriteResult {
  /** Rows given a match. */
  written: number;
  /** Rows whose key changed between the read and the write: cleared, reconcile again. */
  moved: number;
  syncs: number;
}

/** Where each of the three columns is (0-based, from the header's first cell), adding those missing after the last header. */
function matchColumnsOf(probe: SheetProbe): number[] {
  let next = probe.width;
  return MATCH_COLUMN_HEADERS.map((header) => probe.userColumns.find((u) => u.header === header)?.index ?? next++);
}

/**
 * Writes every body row's match cells: `rowKeys` is each sheet row's record key as read just
 * before (1-based sheet row → key); `cells` what each key gets (rows without one are cleared).
 */
export async function writeMatchColumns(
  sheets: ReadonlyMap<SectionCode, { rowKeys: ReadonlyMap<number, string>; cells: ReadonlyMap<string, MatchCells> }>,
  options: { budgetBytes?: number } = {},
): Promise<MatchWriteResult> {
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const result: MatchWriteResult = { written: 0, moved: 0, syncs: 0 };
  if (sheets.size === 0) return result;
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    const state = await probeWorkbook(context, [...sheets.keys()], counter);
    const batcher = new WriteBatcher(context, budget, counter);
    const checks: { probe: SheetProbe; from: number; keys: (string | null)[]; loaded: Excel.Range; cols: number[] }[] = [];
    for (const probe of state.probes) {
      const given = sheets.get(probe.section);
      if (!given || !probe.sheetName || probe.bodyRows === 0) continue;
      const keyCol = probe.map.key;
      if (keyCol === undefined || keyCol < 0) continue;
      const cols = matchColumnsOf(probe);
      const sheetName = probe.sheetName;
      const bodyTop = probe.originRow + 1;
      const keys = Array.from({ length: probe.bodyRows }, (_, i) => given.rowKeys.get(bodyTop + i + 1) ?? null);
      const rows = keys.map((k): CellValue[] => {
        const c = k === null ? undefined : given.cells.get(k);
        return c ? [c.match, c.suggested, c.reason] : ["", "", ""];
      });
      // The values, a "@" format per cell, and the key loaded back.
      const rowBytes = rows.map((r, i) => r.reduce<number>((n, v) => n + cellJsonBytes(v) + 8, 0) + 2 * cellJsonBytes(keys[i] ?? "") + 24);
      await batcher.add({
        bytes: (2 + 3 * cols.length) * CALL_OVERHEAD_BYTES,
        queue(c) {
          const ws = c.workbook.worksheets.getItem(sheetName);
          cols.forEach((col, j) => {
            const head = ws.getRangeByIndexes(probe.originRow, probe.originCol + col, 1, 1);
            head.numberFormat = [["@"]];
            head.values = [[MATCH_COLUMN_HEADERS[j] as string]];
          });
        },
      });
      const fixed = (4 + 2 * cols.length) * CALL_OVERHEAD_BYTES;
      for (let from = 0; from < rows.length; ) {
        const n = await batcher.nextBlockRows(rowBytes, from, fixed);
        const start = from;
        const block = rows.slice(start, start + n);
        let loaded: Excel.Range | null = null;
        await batcher.add({
          bytes: fixed + rowBytes.slice(start, start + n).reduce((a, b) => a + b + 1, 0),
          responseBytes: keys.slice(start, start + n).reduce((a, k) => a + cellJsonBytes(k ?? "") + 4, 0),
          queue(c) {
            const ws = c.workbook.worksheets.getItem(sheetName);
            loaded = ws.getRangeByIndexes(bodyTop + start, probe.originCol + keyCol, n, 1).load("values");
            cols.forEach((col, j) => {
              const range = ws.getRangeByIndexes(bodyTop + start, probe.originCol + col, n, 1);
              range.numberFormat = block.map(() => ["@"]);
              range.values = block.map((r) => [r[j] as CellValue]);
            });
          },
          afterSync() {
            if (loaded) checks.push({ probe, from: start, keys: keys.slice(start, start + n), loaded, cols });
          },
        });
        from += n;
      }
    }
    await batcher.flush();

    // Rows that moved under the write: their cells describe another record, so they are cleared.
    const fix = new WriteBatcher(context, budget, counter);
    for (const check of checks) {
      const seen = check.loaded.values as CellValue[][];
      for (let i = 0; i < check.keys.length; i++) {
        const expected = check.keys[i] ?? null;
        if ((seen[i]?.[0] ?? "") === (expected ?? "")) {
          if (expected !== null && sheets.get(check.probe.section)?.cells.has(expected)) result.written++;
          continue;
        }
        result.moved++;
        const row = check.probe.originRow + 1 + check.from + i;
        await fix.add({
          bytes: (2 + check.cols.length) * CALL_OVERHEAD_BYTES,
          queue(c) {
            const ws = c.workbook.worksheets.getItem(check.probe.sheetName as string);
            for (const col of check.cols) ws.getRangeByIndexes(row, check.probe.originCol + col, 1, 1).values = [[""]];
          },
        });
      }
    }
    await fix.flush();
  });
  result.syncs = counter.syncs;
  return result;
}
