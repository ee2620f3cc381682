/**
 * Writing to rows already on a section sheet, found by record key (never by position): the
 * status columns after a submit, or whole rows when the portal's state of a record is known.
 * The key column is read in chunks, the cells are written in runs of adjacent rows, each with
 * its number formats first, in as few syncs as the payload limit allows.
 */
import { rowState, type ReviewRow, type RowStatus } from "../ims/review-rows";
import { allSections, type SectionCode } from "../ims/sections";
import { CALL_OVERHEAD_BYTES, DEFAULT_BUDGET_BYTES, readInChunks, rowJsonBytes, WriteBatcher, type SyncCounter, type WriteOp } from "./chunking";
import { rowToCells, type CellValue } from "./cells";
import { instantToSerialIst } from "./date-serial";
import { columnLetter, numberFormatOf, sectionLayout, type ColumnId } from "./layout";
import { probeWorkbook, type SheetProbe } from "./sheet-probe";

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

const STATUS_COLUMNS: readonly ColumnId[] = ["result", "referenceId", "message", "updatedAt", "state"];

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
  if (col === undefined || col < 0 || !probe.sheetName) return out;
  const ws = context.workbook.worksheets.getItem(probe.sheetName);
  let perChunk = Math.max(1, Math.floor(budget / 80));
  // Rows may have been inserted since the probe: each chunk's sync also measures the sheet again.
  let bodyRows = probe.bodyRows;
  let at = 0;
  await readInChunks(context, counter, {
    queue() {
      if (at >= bodyRows) return null;
      const n = Math.min(perChunk, bodyRows - at);
      const range = ws.getRangeByIndexes(probe.originRow + 1 + at, probe.originCol + col, n, 1);
      range.load("values");
      const used = ws.getUsedRangeOrNullObject(true);
      used.load("rowIndex,rowCount");
      return { n, range, used };
    },
    shrink({ n }) {
      if (n === 1) return false;
      perChunk = Math.max(1, Math.floor(n / 2));
      return true;
    },
    take({ n, range, used }) {
      if (!used.isNullObject) bodyRows = Math.max(bodyRows, used.rowIndex + used.rowCount - probe.originRow - 1);
      (range.values as CellValue[][]).forEach((row, i) => {
        const key = row[0];
        if (typeof key !== "string" || key === "") return;
        const list = out.get(key);
        if (list) list.push(at + i);
        else out.set(key, [at + i]);
      });
      at += n;
    },
  });
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

/** A row a write landed on that held another record by then (a co-author sorted or inserted between syncs). */
interface Misplaced {
  /** The record whose row was overwritten, and what its cells held before. */
  key: string;
  previous: CellValue[];
  /** The record the cells were meant for. */
  intended: string;
}

type Segment = { from: number; count: number; col: number };

/**
 * One write op: rows `rows` (consecutive body offsets from `start`) of a column segment. In the
 * same batch, before writing, it reads the key column and the cells it replaces: a batch runs
 * whole between co-authors' edits, so the keys read are those of the rows written.
 */
function patchOp(probe: SheetProbe, seg: Segment, start: number, rows: readonly CellValue[][], keys: readonly string[], formats: readonly string[], misplaced: Misplaced[]): WriteOp {
  const cells = rows.map((r) => r.slice(seg.from, seg.from + seg.count));
  const fmt = formats.slice(seg.from, seg.from + seg.count);
  const fmtBytes = rowJsonBytes(fmt) + 1;
  let bytes = 5 * CALL_OVERHEAD_BYTES;
  for (const r of cells) bytes += rowJsonBytes(r) + 1 + fmtBytes;
  let loaded: { keys: Excel.Range; before: Excel.Range } | null = null;
  let responseBytes = 0;
  for (let i = 0; i < cells.length; i++) responseBytes += 2 * (rowJsonBytes(cells[i] as CellValue[]) + (keys[i]?.length ?? 0) + 8);
  return {
    bytes,
    responseBytes,
    queue(context) {
      const ws = context.workbook.worksheets.getItem(probe.sheetName as string);
      const keyRange = ws.getRangeByIndexes(probe.originRow + 1 + start, probe.originCol + (probe.map.key as number), cells.length, 1);
      keyRange.load("values");
      const range = ws.getRangeByIndexes(probe.originRow + 1 + start, probe.originCol + seg.col, cells.length, seg.count);
      range.load("values");
      loaded = { keys: keyRange, before: range };
      range.numberFormat = cells.map(() => fmt);
      range.values = cells;
    },
    afterSync() {
      if (!loaded) return;
      const found = loaded.keys.values as CellValue[][];
      const before = loaded.before.values as CellValue[][];
      found.forEach((row, i) => {
        const key = typeof row[0] === "string" ? row[0] : "";
        if (key !== keys[i]) misplaced.push({ key, previous: before[i] ?? [], intended: keys[i] as string });
      });
    },
    split() {
      if (rows.length < 2) return null;
      const half = Math.floor(rows.length / 2);
      return [
        patchOp(probe, seg, start, rows.slice(0, half), keys.slice(0, half), formats, misplaced),
        patchOp(probe, seg, start + half, rows.slice(half), keys.slice(half), formats, misplaced),
      ];
    },
  };
}

/** Writes `cellsOf(key)` (in `ids` order) on every row holding each key, and checks it landed there. */
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
    const formats = ids.map((id) => numberFormatOf(probe.layout.columns[probe.layout.index[id] as number]?.kind ?? "text"));
    const missing = new Set<string>();
    let written = 0;
    // Per column segment, the cells each key must hold. First by position, each write checked
    // against the keys read in its own batch; what went astray (a co-author moved rows between
    // syncs) is put back and written again by key, found by Excel when the batch runs.
    const keys = await readKeys(context, probe, counter, budget);
    const segments = columnSegments(probe, ids);
    const astray: { seg: Segment; cells: Map<string, CellValue[]> }[] = [];
    const batcher = new WriteBatcher(context, budget, counter);
    const misplacedBySeg: Misplaced[][] = [];
    for (const [n, seg] of segments.entries()) {
      const misplaced: Misplaced[] = [];
      misplacedBySeg.push(misplaced);
      const byOffset = new Map<number, { key: string; cells: CellValue[] }>();
      for (const e of entries) {
        const offsets = keys.get(e.key);
        if (!offsets) missing.add(e.key);
        else for (const o of offsets) byOffset.set(o, { key: e.key, cells: e.cells.slice(seg.from, seg.from + seg.count) });
      }
      const offsets = [...byOffset.keys()].sort((a, b) => a - b);
      if (n === 0) written = offsets.length;
      const segFormats = formats.slice(seg.from, seg.from + seg.count);
      const local: Segment = { from: 0, count: seg.count, col: seg.col };
      for (let i = 0; i < offsets.length; ) {
        let j = i + 1;
        while (j < offsets.length && offsets[j] === (offsets[j - 1] as number) + 1) j++;
        const run = offsets.slice(i, j).map((o) => byOffset.get(o) as { key: string; cells: CellValue[] });
        await addSplit(batcher, patchOp(probe, local, offsets[i] as number, run.map((r) => r.cells), run.map((r) => r.key), segFormats, misplaced));
        i = j;
      }
    }
    await batcher.flush();
    segments.forEach((seg, i) => {
      const misplaced = misplacedBySeg[i] ?? [];
      if (!misplaced.length && !missing.size) return;
      const cellsOf = new Map(entries.map((e) => [e.key, e.cells.slice(seg.from, seg.from + seg.count)]));
      // A record written over by mistake gets its own cells when it is one being written,
      // otherwise what it held first (a later mistake on it saw the earlier one's cells).
      const again = new Map<string, CellValue[]>();
      for (const m of misplaced) {
        if (m.key !== "" && !again.has(m.key)) again.set(m.key, cellsOf.get(m.key) ?? m.previous);
        again.set(m.intended, cellsOf.get(m.intended) as CellValue[]);
      }
      // Keys not seen by position may have moved into rows read in another sync: Excel finds them, or says they are gone.
      for (const key of missing) again.set(key, cellsOf.get(key) as CellValue[]);
      astray.push({ seg, cells: again });
    });
    const gone = astray.length ? await writeByFind(context, probe, astray, formats, counter, budget) : new Set(missing);
    return { written: written + missing.size - gone.size, missing: entries.map((e) => e.key).filter((k) => gone.has(k)), syncs: counter.syncs };
  });
}

/**
 * Writes cells on the rows holding each key, located by Excel itself when the batch runs
 * (`Range.find` on the key column), so rows moved between syncs don't matter. A key deleted
 * meanwhile fails its batch (ItemNotFound, after the calls before it): the keys are read again
 * and the writes, which can be repeated, are sent again without it.
 */
async function writeByFind(
  context: Excel.RequestContext,
  probe: SheetProbe,
  work: readonly { seg: Segment; cells: Map<string, CellValue[]> }[],
  formats: readonly string[],
  counter: SyncCounter,
  budget: number,
): Promise<Set<string>> {
  const keyCol = probe.map.key as number;
  const gone = new Set<string>();
  for (let attempt = 0; ; attempt++) {
    const batcher = new WriteBatcher(context, budget, counter);
    for (const { seg, cells } of work) {
      const fmt = formats.slice(seg.from, seg.from + seg.count);
      for (const [key, row] of cells) {
        await batcher.add({
          bytes: 6 * CALL_OVERHEAD_BYTES + 2 * key.length + rowJsonBytes(row) + rowJsonBytes(fmt),
          queue(c) {
            const column = c.workbook.worksheets.getItem(probe.sheetName as string).getRange(`${columnLetter(probe.originCol + keyCol)}:${columnLetter(probe.originCol + keyCol)}`);
            const target = column.find(key, { completeMatch: true, matchCase: true }).getOffsetRange(0, seg.col - keyCol).getResizedRange(0, seg.count - 1);
            target.numberFormat = [fmt];
            target.values = [row];
          },
        });
      }
    }
    try {
      await batcher.flush();
      return gone;
    } catch (e) {
      if ((e as { code?: unknown }).code !== "ItemNotFound" || attempt === MAX_FIND_ATTEMPTS) throw e;
      const present = await readKeys(context, probe, counter, budget);
      for (const { cells } of work) {
        for (const key of [...cells.keys()]) {
          if (present.has(key)) continue;
          cells.delete(key);
          gone.add(key);
        }
      }
    }
  }
}

/** Batches re-sent after a row was deleted under them; each needs the co-author to delete again. */
const MAX_FIND_ATTEMPTS = 8;

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
  return [status.result, status.referenceId, status.message, at, rowState(status)];
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
  // The key cell already holds the key: it is how the row was found, and a write that lands on
  // another row (moved by a co-author) must not give that row a second record's key.
  const keyAt = layout.index.key as number;
  const ids = layout.columns.map((c) => c.id).filter((id) => id !== "key");
  return patchRows(section, ids, rows.map((r) => ({ key: r.key, cells: rowToCells(layout, r).filter((_, i) => i !== keyAt) })), options);
}

/**
 * Writes status columns on rows that have no record key (pasted from elsewhere, say), by sheet
 * row. The batch first reads each row's key and document-number cells: a row that by then holds a
 * key or another document (a co-author moved rows) gets its cells put back and is reported.
 */
export async function writeRowStatusesAt(
  section: SectionCode,
  updates: readonly { sheetRow: number; docNumber: string; status: RowStatus }[],
): Promise<{ written: number; moved: number[] }> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const counter: SyncCounter = { syncs: 0, retries: 0 };
    const probe = (await probeWorkbook(context, [section], counter)).probes[0] as SheetProbe;
    const keyCol = probe.map.key;
    const docCol = probe.map.docNumber;
    if (!probe.sheetName || keyCol === undefined || docCol === undefined) return { written: 0, moved: updates.map((u) => u.sheetRow), restoreByKey: [] };
    const segments = columnSegments(probe, STATUS_COLUMNS);
    const formats = STATUS_COLUMNS.map((id) => numberFormatOf(probe.layout.columns[probe.layout.index[id] as number]?.kind ?? "text"));
    const ws = context.workbook.worksheets.getItem(probe.sheetName);
    const cellAt = (row: number, col: number, width = 1) => ws.getRangeByIndexes(row - 1, probe.originCol + col, 1, width);
    const checks = updates.map((u) => {
      const key = cellAt(u.sheetRow, keyCol);
      const doc = cellAt(u.sheetRow, docCol);
      key.load("values");
      doc.load("values");
      const cells = statusCells(u.status);
      const before = segments.map((seg) => {
        const range = cellAt(u.sheetRow, seg.col, seg.count);
        range.load("values");
        range.numberFormat = [formats.slice(seg.from, seg.from + seg.count)];
        range.values = [cells.slice(seg.from, seg.from + seg.count)];
        return { seg, range };
      });
      return { u, key, doc, before };
    });
    await context.sync();
    const moved: number[] = [];
    const restoreByKey: { key: string; cells: CellValue[] }[] = [];
    for (const c of checks) {
      const key = String(c.key.values[0]?.[0] ?? "");
      if (key === "" && String(c.doc.values[0]?.[0] ?? "") === c.u.docNumber) continue;
      moved.push(c.u.sheetRow);
      const previous = c.before.flatMap(({ range }) => (range.values[0] ?? []) as CellValue[]);
      // A record's row is put back by its key, wherever it is now; a keyless one where it was.
      if (key !== "") restoreByKey.push({ key, cells: previous });
      else for (const { seg, range } of c.before) cellAt(c.u.sheetRow, seg.col, seg.count).values = range.values as CellValue[][];
    }
    if (moved.length) await context.sync();
    return { written: updates.length - moved.length, moved, restoreByKey };
  }).then(async ({ written, moved, restoreByKey }) => {
    if (restoreByKey.length) await patchRows(section, STATUS_COLUMNS, restoreByKey, {});
    return { written, moved };
  });
}

/** Writes the given columns of the rows holding each key (checked as every write by key is). */
export async function writeRowCells(section: SectionCode, ids: readonly ColumnId[], entries: readonly { key: string; cells: CellValue[] }[]): Promise<RowWriteResult> {
  return patchRows(section, ids, entries, {});
}
