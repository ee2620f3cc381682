/**
 * Sheets that hold one Excel table (the section sheets, the Summary and the log): choosing a
 * name no sheet uses, the header row, the body's number formats set once per run of columns
 * (never per cell), column widths, and the table over rows already written, named and styled.
 * Everything here only queues calls; the callers decide which batch they go in.
 */
import { columnLetter } from "./layout";

/** A column of a table sheet. */
export interface TableColumn {
  header: string;
  /** The body cells' number format; absent when the caller sets it cell by cell (a user's own columns). */
  format?: string;
  /** Width in points; absent to leave the column as it is. */
  width?: number;
}

export interface TableSpec {
  /** The Excel table's name, unique in the workbook. */
  tableName: string;
  style: string;
  columns: readonly TableColumn[];
  /** Header cells bold and wrapped (otherwise the table style alone marks them). */
  strongHeader?: boolean;
  /** Freeze the rows down to the header's, so that it stays in view. */
  freezeHeader?: boolean;
}

/** Where a table sits: 0-based row and column of its header's first cell, and its body rows (at least 1). */
export interface TablePlace {
  row: number;
  col: number;
  bodyRows: number;
}

/** Excel's limit on a sheet name's length. */
const MAX_SHEET_NAME = 31;

/** The sheet names in use, as Excel compares them (ignoring case). */
export function sheetNamesTaken(names: Iterable<string>): Set<string> {
  const taken = new Set<string>();
  for (const n of names) taken.add(n.toLowerCase());
  return taken;
}

/** The workbook's spelling of the sheet named `name` (names compare ignoring case), or null. */
export function sheetNamed(names: Iterable<string>, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const n of names) if (n.toLowerCase() === wanted) return n;
  return null;
}

/**
 * The first of `preferred` that no sheet uses, otherwise the last one numbered ("IMS log 2",
 * "IMS log 3", …). The name is added to `taken`, so names chosen for one batch never clash.
 */
export function freeSheetName(preferred: readonly string[], taken: Set<string>): string {
  let name = preferred.find((n) => !taken.has(n.toLowerCase()));
  const base = preferred[preferred.length - 1] ?? "Sheet";
  for (let i = 2; name === undefined; i++) {
    const suffix = ` ${i}`;
    const candidate = base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!taken.has(candidate.toLowerCase())) name = candidate;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Runs of adjacent columns sharing a number format (columns without one are skipped). */
export function formatRuns(formats: readonly (string | undefined)[]): { from: number; count: number; format: string }[] {
  const runs: { from: number; count: number; format: string }[] = [];
  formats.forEach((format, i) => {
    if (format === undefined) return;
    const last = runs[runs.length - 1];
    if (last && last.format === format && last.from + last.count === i) last.count++;
    else runs.push({ from: i, count: 1, format });
  });
  return runs;
}

/** Request calls `queueTableSheet` makes for a spec, besides adding the sheet: for the callers' byte estimates. */
export function tableSheetCalls(spec: TableSpec): number {
  return 2 + (spec.strongHeader ? 2 : 0) + formatRuns(spec.columns.map((c) => c.format)).length;
}

/**
 * Queues the number formats of `rows` rows from (row, col): one call per run of columns
 * sharing a format, each applying to every cell of its block. Queue it before the values, in
 * the same batch, so that text written to Text cells stays text.
 */
export function queueColumnFormats(ws: Excel.Worksheet, row: number, col: number, rows: number, formats: readonly (string | undefined)[]): void {
  // A single value applies to every cell of the range (Range.numberFormat, as Range.values).
  for (const r of formatRuns(formats)) ws.getRangeByIndexes(row, col + r.from, rows, r.count).numberFormat = r.format as unknown as string[][];
}

/**
 * Queues a table sheet's frame: the sheet (added when `create`), the header row as text, and
 * the number formats of `at.bodyRows` body rows (none when 0: the caller formats the rows as it
 * writes them). The values and then the table (queueTable) come after.
 */
export function queueTableSheet(context: Excel.RequestContext, sheetName: string, create: boolean, spec: TableSpec, at: TablePlace): Excel.Worksheet {
  const worksheets = context.workbook.worksheets;
  const ws = create ? worksheets.add(sheetName) : worksheets.getItem(sheetName);
  const headers = spec.columns.map((c) => c.header);
  const header = ws.getRangeByIndexes(at.row, at.col, 1, headers.length);
  header.numberFormat = [headers.map(() => "@")];
  header.values = [headers];
  if (spec.strongHeader) {
    header.format.font.bold = true;
    header.format.wrapText = true;
  }
  if (at.bodyRows > 0) queueColumnFormats(ws, at.row + 1, at.col, at.bodyRows, spec.columns.map((c) => c.format));
  return ws;
}

/** Queues the widths of the columns that have one: one call per run of adjacent columns of the same width. */
export function queueColumnWidths(ws: Excel.Worksheet, col: number, columns: readonly TableColumn[]): void {
  const runs: { from: number; count: number; width: number }[] = [];
  columns.forEach((c, i) => {
    if (c.width === undefined) return;
    const last = runs[runs.length - 1];
    if (last && last.width === c.width && last.from + last.count === i) last.count++;
    else runs.push({ from: i, count: 1, width: c.width });
  });
  for (const r of runs) ws.getRange(`${columnLetter(col + r.from)}:${columnLetter(col + r.from + r.count - 1)}`).format.columnWidth = r.width;
}

/** Calls `queueColumnWidths` makes at most. */
export function columnWidthCalls(columns: readonly TableColumn[]): number {
  return columns.filter((c) => c.width !== undefined).length;
}

/**
 * Queues the table over the header and body rows written at `at`, `width` columns wide (the
 * spec's, unless a user added some), named and styled, and the frozen header when the spec asks.
 * A Range rather than an address: an address without a sheet name may be taken on the active sheet.
 */
export function queueTable(ws: Excel.Worksheet, spec: TableSpec, at: TablePlace, width = spec.columns.length): Excel.Table {
  const table = ws.tables.add(ws.getRangeByIndexes(at.row, at.col, 1 + Math.max(1, at.bodyRows), width), true);
  table.name = spec.tableName;
  table.style = spec.style;
  table.showBandedRows = true;
  if (spec.freezeHeader) ws.freezePanes.freezeRows(at.row + 1);
  return table;
}
