/**
 * Entries typed into a section sheet after a pull read it. In the same batch as the copy of the
 * staging sheet over the section sheet, and just before it, Excel copies the key and editable
 * columns of both sheets onto a hidden snapshot sheet ("Paste Values", so no data crosses the
 * wire and nothing can be typed in between, whatever the sheet's size). The snapshot is then
 * read in chunks: a row whose editable cells in the section sheet differ from the staging
 * sheet's was typed in since the pull read it, and is written back after the copy, by key. The
 * snapshot sheet is deleted only once that is done, so a failure in between loses nothing: the
 * next pull, or the pane opening, reads it again.
 */
import { parseActionText } from "../ims/action-text";
import type { SectionCode } from "../ims/sections";
import type { CellValue } from "./cells";
import { readInChunks, rowJsonBytes, type SyncCounter } from "./chunking";
import { sectionLayout, type ColumnId } from "./layout";
import { snapshotSection, snapshotSheetName } from "./staging-names";

export interface TypedEntry {
  section: SectionCode;
  key: string;
  ids: ColumnId[];
  cells: CellValue[];
}

/** Where a swap copies from and to (a SectionSwap's fields). */
export interface WatchedSwap {
  section: SectionCode;
  sheetName: string;
  stagingName: string;
  create: boolean;
  originRow: number;
  originCol: number;
  /** Rows of the section sheet's block now, header included. */
  clearRows: number;
  /** Rows of the staging block, header included. */
  rows: number;
}

/** The columns a snapshot holds, in order: the key, then the editable columns. */
function watchedColumns(section: SectionCode): ColumnId[] {
  return ["key", ...sectionLayout(section).columns.filter((c) => c.group === "edit").map((c) => c.id)];
}

/** Request bytes of the snapshot's calls (a fixed number, whatever the rows). */
export function snapshotBytes(section: SectionCode): number {
  return (4 + 6 * watchedColumns(section).length) * 200;
}

/**
 * Queues the snapshot before the copy; false when there is nothing to watch (the section sheet
 * is new or empty). `existing` names the sheets there now: a snapshot left by a copy that never
 * ran is stale (the section sheet was not overwritten) and is replaced.
 */
export function queueEditsSnapshot(context: Excel.RequestContext, swap: WatchedSwap, existing: { has(name: string): boolean }): boolean {
  if (swap.create || swap.clearRows <= 1) return false;
  const sheets = context.workbook.worksheets;
  const name = snapshotSheetName(swap.section);
  if (existing.has(name)) sheets.getItem(name).delete();
  const snapshot = sheets.add(name);
  snapshot.visibility = "Hidden";
  const layout = sectionLayout(swap.section);
  const columns = watchedColumns(swap.section);
  const copy = (from: string, rows: number, firstColumn: number) =>
    columns.forEach((id, i) => {
      const source = sheets.getItem(from).getRangeByIndexes(swap.originRow, swap.originCol + (layout.index[id] as number), rows, 1);
      snapshot.getRangeByIndexes(0, firstColumn + i, rows, 1).copyFrom(source, "Values");
    });
  copy(swap.sheetName, swap.clearRows, 0);
  copy(swap.stagingName, swap.rows, columns.length + 1);
  return true;
}

/**
 * Whether a snapshot sheet holds both blocks whole. Each column is copied by one call, and the
 * calls come before the copy over the section sheet; so a snapshot whose last column is there
 * was taken before any of the copy ran, and is the one to keep.
 */
export async function snapshotIsComplete(context: Excel.RequestContext, section: SectionCode, counter: SyncCounter): Promise<boolean> {
  const columns = watchedColumns(section);
  const header = context.workbook.worksheets.getItem(snapshotSheetName(section)).getRangeByIndexes(0, 0, 1, 2 * columns.length + 1).load("values");
  counter.syncs++;
  await context.sync();
  return headersMatch(section, (header.values[0] ?? []) as CellValue[]);
}

function headersMatch(section: SectionCode, header: readonly CellValue[]): boolean {
  const layout = sectionLayout(section);
  const columns = watchedColumns(section);
  const n = columns.length;
  return columns.every((id, i) => {
    const expected = layout.columns[layout.index[id] as number]?.header ?? "";
    return String(header[i] ?? "") === expected && String(header[n + 1 + i] ?? "") === expected;
  });
}

interface SnapshotRead {
  section: SectionCode;
  sheet: Excel.Worksheet;
  width: number;
  total: number;
  rows: CellValue[][];
}

/**
 * Reads snapshot sheets in chunks of rows, several sheets to a sync while they fit the budget;
 * returns what was typed since the pull read each section sheet.
 */
export async function readEditsSnapshots(context: Excel.RequestContext, sections: readonly SectionCode[], counter: SyncCounter, budgetBytes: number): Promise<TypedEntry[]> {
  if (!sections.length) return [];
  const reads: SnapshotRead[] = sections.map((section) => ({ section, sheet: context.workbook.worksheets.getItem(snapshotSheetName(section)), width: 2 * watchedColumns(section).length + 1, total: 0, rows: [] }));
  const used = reads.map((r) => r.sheet.getUsedRangeOrNullObject(true).load("rowCount"));
  counter.syncs++;
  await context.sync();
  reads.forEach((r, i) => (r.total = used[i]!.isNullObject ? 0 : used[i]!.rowCount));
  let rowBytes = 40 * Math.max(...reads.map((r) => r.width));
  let budget = budgetBytes;
  await readInChunks(context, counter, {
    queue: () => {
      const batch: { read: SnapshotRead; range: Excel.Range }[] = [];
      let room = budget;
      for (const read of reads) {
        const left = read.total - read.rows.length;
        if (left <= 0) continue;
        const count = Math.min(left, Math.floor(room / rowBytes));
        if (count <= 0 && batch.length) break;
        const take = Math.max(1, count);
        batch.push({ read, range: read.sheet.getRangeByIndexes(read.rows.length, 0, take, read.width).load("values") });
        room -= take * rowBytes;
        if (room <= 0) break;
      }
      return batch.length ? batch : null;
    },
    take: (batch) => {
      let bytes = 0;
      let count = 0;
      for (const { read, range } of batch) {
        const values = range.values as CellValue[][];
        read.rows.push(...values);
        for (const row of values) bytes += rowJsonBytes(row);
        count += values.length;
      }
      // Size the next chunks on the rows read so far, with a margin; a refused read is halved.
      rowBytes = Math.max(2, (bytes / Math.max(1, count)) * 1.2);
    },
    shrink: () => {
      if (budget <= rowBytes) return false;
      budget = Math.floor(budget / 2);
      return true;
    },
  });
  return reads.flatMap((r) => typedIn(r.section, r.rows));
}

/** Compares the two blocks of a snapshot: rows by key whose editable cells differ. */
export function typedIn(section: SectionCode, rows: readonly (readonly CellValue[])[]): TypedEntry[] {
  const columns = watchedColumns(section);
  const n = columns.length;
  // Columns the user moved: comparing would pair the wrong cells.
  if (!headersMatch(section, rows[0] ?? [])) return [];
  const staged = new Map<string, CellValue[]>();
  for (const row of rows.slice(1)) {
    const key = row[n + 1];
    if (typeof key === "string" && key !== "") staged.set(key, row.slice(n + 2, 2 * n + 1) as CellValue[]);
  }
  const ids = columns.slice(1);
  const typed: TypedEntry[] = [];
  for (const row of rows.slice(1)) {
    const key = row[0];
    if (typeof key !== "string" || key === "") continue;
    const now = ids.map((_, j) => (row[1 + j] ?? "") as CellValue);
    const then = staged.get(key);
    if (then && now.some((v, j) => !sameEntry(ids[j] as ColumnId, v, then[j] ?? ""))) typed.push({ section, key, ids, cells: now });
  }
  return typed;
}

/**
 * The typed entries that differ from what the pull read from the section sheet. A snapshot
 * compares the sheet with the staging sheet, so an entry the pull itself changed (a row nobody
 * edited, whose action, remarks or declaration changed on the portal) looks typed; it is not, if
 * its cells still say what the pull read. `read` holds, per section and key, the editable cells
 * of the rows the pull read (in `TypedEntry.ids` order). Without it (a snapshot left by an
 * interrupted pull) every entry is kept.
 */
export function typedSinceRead(typed: readonly TypedEntry[], read: ReadonlyMap<SectionCode, ReadonlyMap<string, readonly (readonly CellValue[])[]>>): TypedEntry[] {
  return typed.filter((t) => {
    const rows = read.get(t.section)?.get(t.key);
    if (!rows) return true;
    return !rows.some((then) => t.cells.every((v, j) => sameEntry(t.ids[j] as ColumnId, v, then[j] ?? "")));
  });
}

/** The editable cells of a row as the snapshot lists them (its `ids`), from the row's cells in layout order. */
export function watchedCells(section: SectionCode, layoutCells: readonly CellValue[]): CellValue[] {
  const layout = sectionLayout(section);
  return watchedColumns(section)
    .slice(1)
    .map((id) => layoutCells[layout.index[id] as number] ?? "");
}

/** The sections whose snapshot sheets are among these names. */
export function snapshotSections(sheetNames: Iterable<string>): SectionCode[] {
  return [...sheetNames].map(snapshotSection).filter((s): s is SectionCode => s !== null);
}

/**
 * Whether a cell still says what the staging sheet says: the pull writes entries tidied (an
 * "accept" typed earlier is staged as "A", amounts as numbers), so those count as the same.
 */
function sameEntry(id: ColumnId, now: CellValue, staged: CellValue): boolean {
  if (id === "action") {
    const a = parseActionText(now === "" ? null : now);
    const b = parseActionText(staged === "" ? null : staged);
    if (a.ok && b.ok) return a.action === b.action;
  }
  const text = (v: CellValue) => String(v ?? "").trim().replace(/,/g, "").toUpperCase();
  return text(now) === text(staged) || (Number.isFinite(Number(text(now))) && text(now) !== "" && Number(text(now)) === Number(text(staged)));
}
