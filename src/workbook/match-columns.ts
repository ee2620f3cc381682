/**
 * The "Match", "Suggested action" and "Match reason" columns of the section sheets: what the
 * latest reconciliation found for each row. They sit right of the sheet's columns as the user's
 * own columns do, so a pull keeps them with their rows (by record key) and never reads them as
 * an entry; only reconciling writes them, and never the Action or Remarks cells.
 *
 * All sheets are written in as few syncs as the payload allows, each block of rows in a batch that
 * also loads the block's key cells. Where a key is not the one expected (a co-author sorted,
 * inserted or deleted rows meanwhile), that sheet's key and match columns are read again and the
 * rows whose cells describe another record written again, until a read finds none (at most
 * MAX_PASSES reads); if rows still move after that, the sheet's match cells are all cleared rather
 * than left describing another record, and counted.
 */
import type { SectionCode } from "../ims/sections";
import { CALL_OVERHEAD_BYTES, cellJsonBytes, DEFAULT_BUDGET_BYTES, readInChunks, WriteBatcher, type SyncCounter } from "./chunking";
import type { CellValue } from "./cells";
import { probeWorkbook, type SheetProbe } from "./sheet-probe";

export const MATCH_COLUMN_HEADERS = ["Match", "Suggested action", "Match reason"] as const;
const MAX_PASSES = 3;
/** Excel's last row, 0-based. */
const LAST_ROW = 1_048_575;
const BLANK: readonly CellValue[] = ["", "", ""];

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
  /** Rows of sheets whose rows still moved after every pass: their match cells are cleared; reconcile again. */
  moved: number;
  syncs: number;
}

export interface MatchSheet {
  /** Each sheet row's record key as read just before (1-based sheet row → key); rows absent are cleared. */
  rowKeys: ReadonlyMap<number, string>;
  /** What each record key gets. */
  cells: ReadonlyMap<string, MatchCells>;
}

/** Where each of the three columns is (0-based, from the header's first cell), adding those missing after the last header. */
function matchColumnsOf(probe: SheetProbe): number[] {
  let next = probe.width;
  return MATCH_COLUMN_HEADERS.map((header) => probe.userColumns.find((u) => u.header === header)?.index ?? next++);
}

function valuesFor(sheet: MatchSheet, key: string | null): readonly CellValue[] {
  const c = key === null ? undefined : sheet.cells.get(key);
  return c ? [c.match, c.suggested, c.reason] : BLANK;
}

function sameValues(a: readonly CellValue[], b: readonly CellValue[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function keyText(v: CellValue | undefined): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

interface SheetWrite {
  probe: SheetProbe;
  sheetName: string;
  cols: number[];
  keyCol: number;
  bodyTop: number;
}

/**
 * Queues `values` at the given body offsets (in blocks of consecutive offsets), each block loading
 * its keys; once synced, the offsets whose key was not `expected` are in `mismatched`.
 */
async function writeAt(batcher: WriteBatcher, s: SheetWrite, offsets: readonly number[], values: readonly (readonly CellValue[])[], expected: readonly (string | null)[], mismatched: number[]): Promise<void> {
  const fixed = (4 + 2 * s.cols.length) * CALL_OVERHEAD_BYTES;
  const rowBytes = offsets.map((_, i) => (values[i] as readonly CellValue[]).reduce<number>((n, v) => n + cellJsonBytes(v) + 8, 0) + 2 * cellJsonBytes(expected[i] ?? "") + 24);
  for (let from = 0; from < offsets.length; ) {
    let n = await batcher.nextBlockRows(rowBytes, from, fixed);
    // Only consecutive rows go in one block.
    for (let j = 1; j < n; j++) {
      if ((offsets[from + j] as number) !== (offsets[from] as number) + j) {
        n = j;
        break;
      }
    }
    const start = from;
    const top = s.bodyTop + (offsets[start] as number);
    const block = values.slice(start, start + n);
    let loaded: Excel.Range | null = null;
    await batcher.add({
      bytes: fixed + rowBytes.slice(start, start + n).reduce((a, b) => a + b + 1, 0),
      responseBytes: expected.slice(start, start + n).reduce((a, k) => a + cellJsonBytes(k ?? "") + 4, 0),
      queue(c) {
        const ws = c.workbook.worksheets.getItem(s.sheetName);
        loaded = ws.getRangeByIndexes(top, s.probe.originCol + s.keyCol, n, 1).load("values");
        s.cols.forEach((col, j) => {
          const range = ws.getRangeByIndexes(top, s.probe.originCol + col, n, 1);
          range.numberFormat = block.map(() => ["@"]);
          range.values = block.map((r) => [r[j] as CellValue]);
        });
      },
      afterSync() {
        const seen = (loaded as Excel.Range | null)?.values ?? [];
        for (let i = 0; i < n; i++) if (keyText(seen[i]?.[0] as CellValue) !== expected[start + i]) mismatched.push(offsets[start + i] as number);
      },
    });
    from += n;
  }
}

function queueHeaders(c: Excel.RequestContext, s: SheetWrite): void {
  const ws = c.workbook.worksheets.getItem(s.sheetName);
  s.cols.forEach((col, j) => {
    const head = ws.getRangeByIndexes(s.probe.originRow, s.probe.originCol + col, 1, 1);
    head.numberFormat = [["@"]];
    head.values = [[MATCH_COLUMN_HEADERS[j] as string]];
  });
}

/** The key and match cells of every body row now (the body may have grown or shrunk, and a sort of the table may have left cells outside it behind). */
async function readRows(context: Excel.RequestContext, s: SheetWrite, budget: number, counter: SyncCounter): Promise<{ keys: (string | null)[]; cells: CellValue[][] }> {
  const ws = context.workbook.worksheets.getItem(s.sheetName);
  const used = ws.getUsedRange(true).load("rowIndex,rowCount");
  counter.syncs++;
  await context.sync();
  const rows = Math.max(0, used.rowIndex + used.rowCount - s.bodyTop);
  const out: (string | null)[] = [];
  const cells: CellValue[][] = [];
  let perChunk = Math.max(1, Math.floor(budget / 400));
  await readInChunks(context, counter, {
    queue() {
      if (out.length >= rows) return null;
      const n = Math.min(perChunk, rows - out.length);
      const at = s.bodyTop + out.length;
      return { n, range: ws.getRangeByIndexes(at, s.probe.originCol + s.keyCol, n, 1).load("values"), matches: s.cols.map((col) => ws.getRangeByIndexes(at, s.probe.originCol + col, n, 1).load("values")) };
    },
    shrink({ n }) {
      if (n === 1) return false;
      perChunk = Math.max(1, Math.floor(n / 2));
      return true;
    },
    take({ n, range, matches }) {
      for (let i = 0; i < n; i++) {
        out.push(keyText(range.values[i]?.[0] as CellValue));
        cells.push(matches.map((m) => (m.values[i]?.[0] ?? "") as CellValue));
      }
    },
  });
  return { keys: out, cells };
}

/** Writes every body row's match cells on each sheet given. */
export async function writeMatchColumns(sheets: ReadonlyMap<SectionCode, MatchSheet>, options: { budgetBytes?: number } = {}): Promise<MatchWriteResult> {
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const result: MatchWriteResult = { written: 0, moved: 0, syncs: 0 };
  if (sheets.size === 0) return result;
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    const state = await probeWorkbook(context, [...sheets.keys()], counter);
    // First every sheet, in as few syncs as the payload allows.
    const batcher = new WriteBatcher(context, budget, counter);
    const work: { s: SheetWrite; sheet: MatchSheet; keys: (string | null)[]; mismatched: number[] }[] = [];
    for (const probe of state.probes) {
      const sheet = sheets.get(probe.section);
      const keyCol = probe.map.key;
      if (!sheet || !probe.sheetName || probe.bodyRows === 0 || keyCol === undefined || keyCol < 0) continue;
      const s: SheetWrite = { probe, sheetName: probe.sheetName, cols: matchColumnsOf(probe), keyCol, bodyTop: probe.originRow + 1 };
      await batcher.add({ bytes: (2 + 3 * s.cols.length) * CALL_OVERHEAD_BYTES, queue: (c) => queueHeaders(c, s) });
      const keys = Array.from({ length: probe.bodyRows }, (_, i) => sheet.rowKeys.get(s.bodyTop + i + 1) ?? null);
      const offsets = keys.map((_, i) => i);
      const item = { s, sheet, keys, mismatched: [] as number[] };
      work.push(item);
      await writeAt(batcher, s, offsets, offsets.map((o) => valuesFor(sheet, keys[o] ?? null)), keys, item.mismatched);
    }
    await batcher.flush();

    // Then, on a sheet where rows moved meanwhile: read where every record is now and write the
    // rows whose cells describe another record, until a read finds none (at most MAX_PASSES reads).
    for (const item of work) {
      const { s, sheet } = item;
      let keys = item.keys;
      let settled = item.mismatched.length === 0;
      for (let pass = 1; !settled && pass <= MAX_PASSES; pass++) {
        const now = await readRows(context, s, budget, counter);
        keys = now.keys;
        const offsets = keys.map((_, o) => o).filter((o) => !sameValues(now.cells[o] ?? BLANK, valuesFor(sheet, keys[o] ?? null)));
        if (!offsets.length) settled = true;
        else if (pass < MAX_PASSES) {
          const again = new WriteBatcher(context, budget, counter);
          await writeAt(again, s, offsets, offsets.map((o) => valuesFor(sheet, keys[o] ?? null)), offsets.map((o) => keys[o] ?? null), []);
          await again.flush();
        }
      }
      const described = keys.filter((k) => k !== null && sheet.cells.has(k)).length;
      if (!settled) {
        // Rows still moving: the sheet's match cells are cleared, wherever its rows are now, rather
        // than left describing another record.
        result.moved += described;
        const clear = new WriteBatcher(context, budget, counter);
        await clear.add({
          bytes: (2 + 2 * s.cols.length) * CALL_OVERHEAD_BYTES,
          queue(c) {
            const ws = c.workbook.worksheets.getItem(s.sheetName);
            for (const col of s.cols) ws.getRangeByIndexes(s.bodyTop, s.probe.originCol + col, LAST_ROW + 1 - s.bodyTop, 1).clear("Contents");
          },
        });
        await clear.flush();
      } else result.written += described;
    }
  });
  result.syncs = counter.syncs;
  return result;
}
