/**
 * Writing to rows already on a section sheet, found by record key (never by position): the
 * status columns after a submit, or whole rows when the portal's state of a record is known.
 * The key column is read in chunks, the cells are written in runs of adjacent rows, each with
 * its number formats first, in as few syncs as the payload limit allows.
 */
import type { ReviewRow, RowStatus } from "../ims/review-rows";
import { allSections, type SectionCode } from "../ims/sections";
import { CALL_OVERHEAD_BYTES, DEFAULT_BUDGET_BYTES, isPayloadLimitError, rowJsonBytes, WriteBatcher, type SyncCounter, type WriteOp } from "./chunking";
import { rowToCells, type CellValue } from "./cells";
import { instantToSerialIst } from "./date-serial";
import { numberFormatOf, sectionLayout, type ColumnId } from "./layout";
import { probeWorkbook, type SheetProbe } from "./read-back";

export interface RowWriteOptions {
  budgetBytes?: number;
}

export interface RowWriteResult {
  /** Sheet rows written. */
  written: number;
  /** Keys with no row on the sheet (the user deleted it, or the sheet is gone). */
  missing: string[];
  syncs: number;
}

const STATUS_COLUMNS: readonly ColumnId[] = ["result", "referenceId", "message", "updatedAt"];

/** Sections that have a sheet in the workbook. */
export async function listSectionSheets(): Promise<SectionCode[]> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const state = await probeWorkbook(context, allSections().map((s) => s.code), { syncs: 0, retries: 0 });
    return state.probes.filter((p) => p.sheetName !== null).map((p) => p.section);
  });
}

/** Reads the key column: record key → body row offsets holding it. */
async function readKeys(context: Excel.RequestContext, probe: SheetProbe, counter: SyncCounter, budget: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  const col = probe.map.key;
  if (col === undefined || col < 0 || !probe.sheetName || probe.bodyRows === 0) return out;
  const ws = context.workbook.worksheets.getItem(probe.sheetName);
  let perChunk = Math.max(1, Math.floor(budget / 80));
  for (let at = 0; at < probe.bodyRows; ) {
    const n = Math.min(perChunk, probe.bodyRows - at);
    const range = ws.getRangeByIndexes(probe.originRow + 1 + at, probe.originCol + col, n, 1);
    range.load("values");
    try {
      counter.syncs++;
      await context.sync();
    } catch (e) {
      if (!isPayloadLimitError(e) || n === 1) throw e;
      counter.retries++;
      perChunk = Math.max(1, Math.floor(n / 2));
      continue;
    }
    (range.values as CellValue[][]).forEach((row, i) => {
      const key = row[0];
      if (typeof key !== "string" || key === "") return;
      const list = out.get(key);
      if (list) list.push(at + i);
      else out.set(key, [at + i]);
    });
    at += n;
  }
  return out;
}

/** Consecutive actual sheet columns of the given layout columns, as [first index in `ids`, count, sheet column]. */
function columnSegments(probe: SheetProbe, ids: readonly ColumnId[]): { from: number; count: number; col: number }[] {
  const segments: { from: number; count: number; col: number }[] = [];
  ids.forEach((id, i) => {
    const col = probe.map[id];
    if (col === undefined || col < 0) return;
    const last = segments[segments.length - 1];
    if (last && last.from + last.count === i && last.col + last.count === col) last.count++;
    else segments.push({ from: i, count: 1, col });
  });
  return segments;
}

/** One write op: rows `rows` (consecutive body offsets from `start`) of a column segment. */
function patchOp(probe: SheetProbe, seg: { from: number; count: number; col: number }, start: number, rows: readonly CellValue[][], formats: readonly string[]): WriteOp {
  const cells = rows.map((r) => r.slice(seg.from, seg.from + seg.count));
  const fmt = formats.slice(seg.from, seg.from + seg.count);
  const fmtBytes = rowJsonBytes(fmt) + 1;
  let bytes = 3 * CALL_OVERHEAD_BYTES;
  for (const r of cells) bytes += rowJsonBytes(r) + 1 + fmtBytes;
  return {
    bytes,
    queue(context) {
      const range = context.workbook.worksheets
        .getItem(probe.sheetName as string)
        .getRangeByIndexes(probe.originRow + 1 + start, probe.originCol + seg.col, cells.length, seg.count);
      range.numberFormat = cells.map(() => fmt);
      range.values = cells;
    },
    split() {
      if (rows.length < 2) return null;
      const half = Math.floor(rows.length / 2);
      return [patchOp(probe, seg, start, rows.slice(0, half), formats), patchOp(probe, seg, start + half, rows.slice(half), formats)];
    },
  };
}

/** Writes `cellsOf(key)` (in `ids` order) on every row holding each key. */
async function patchRows(
  section: SectionCode,
  ids: readonly ColumnId[],
  entries: readonly { key: string; cells: CellValue[] }[],
  options: RowWriteOptions,
): Promise<RowWriteResult> {
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const counter: SyncCounter = { syncs: 0, retries: 0 };
    const probe = (await probeWorkbook(context, [section], counter)).probes[0] as SheetProbe;
    const keys = await readKeys(context, probe, counter, budget);
    const byOffset = new Map<number, CellValue[]>();
    const missing: string[] = [];
    for (const e of entries) {
      const offsets = keys.get(e.key);
      if (!offsets) missing.push(e.key);
      else for (const o of offsets) byOffset.set(o, e.cells);
    }
    const offsets = [...byOffset.keys()].sort((a, b) => a - b);
    const formats = ids.map((id) => numberFormatOf(probe.layout.columns[probe.layout.index[id] as number]?.kind ?? "text"));
    const segments = columnSegments(probe, ids);
    const batcher = new WriteBatcher(context, budget, counter);
    for (let i = 0; i < offsets.length; ) {
      let j = i + 1;
      while (j < offsets.length && offsets[j] === (offsets[j - 1] as number) + 1) j++;
      const start = offsets[i] as number;
      const rows = offsets.slice(i, j).map((o) => byOffset.get(o) as CellValue[]);
      for (const seg of segments) await addSplit(batcher, patchOp(probe, seg, start, rows, formats));
      i = j;
    }
    await batcher.flush();
    return { written: offsets.length, missing, syncs: counter.syncs };
  });
}

/** Adds an op, split into pieces that fit a batch on their own. */
async function addSplit(batcher: WriteBatcher, op: WriteOp): Promise<void> {
  if (op.bytes > batcher.capacity()) {
    const parts = op.split?.();
    if (parts) {
      await addSplit(batcher, parts[0]);
      await addSplit(batcher, parts[1]);
      return;
    }
  }
  await batcher.add(op);
}

function statusCells(status: RowStatus): CellValue[] {
  const at = status.updatedAt === "" ? "" : Number.isNaN(Date.parse(status.updatedAt)) ? `'${status.updatedAt}` : instantToSerialIst(status.updatedAt);
  return [status.result, status.referenceId, status.message, at];
}

/** Writes the status columns (Result, Reference ID, Message, Updated at) of the rows holding each key. */
export async function writeRowStatuses(
  section: SectionCode,
  updates: readonly { key: string; status: RowStatus }[],
  options: RowWriteOptions = {},
): Promise<RowWriteResult> {
  return patchRows(section, STATUS_COLUMNS, updates.map((u) => ({ key: u.key, cells: statusCells(u.status) })), options);
}

/** Rewrites whole rows (portal, editable, status and hidden columns) of the rows holding each row's key. Columns a user added are left alone. */
export async function writeReviewRows(section: SectionCode, rows: readonly ReviewRow[], options: RowWriteOptions = {}): Promise<RowWriteResult> {
  const layout = sectionLayout(section);
  const ids = layout.columns.map((c) => c.id);
  return patchRows(section, ids, rows.map((r) => ({ key: r.key, cells: rowToCells(layout, r) })), options);
}
