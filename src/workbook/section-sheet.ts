/**
 * Writing one section sheet: the header, the rows in blocks sized to the payload budget
 * (number formats set before values in the same batch, so text stays text), then the table,
 * the Action drop-down, the status colours, the frozen header and the hidden columns.
 * The table is re-created over the written range; rows are never added one by one.
 */
import { RESULTS } from "../ims/review-rows";
import { cellJsonBytes, jsonBytes, rowJsonBytes, type WriteBatcher, type WriteOp } from "./chunking";
import { isBlank, type CellValue } from "./cells";
import { columnLetter, numberFormatOf, type SectionLayout } from "./layout";
import { columnWidthCalls, formatRuns, queueColumnWidths, queueTable, queueTableSheet, tableSheetCalls, type TableSpec } from "./table-sheet";
import { queueActionValidation } from "./validation-scan";

/** Columns a user added to the table: kept, to the right of the layout, with their number formats. */
export interface UserCells {
  headers: string[];
  /** Lined up with the rows written. */
  values: CellValue[][];
  formats: string[][];
  /** The R1C1 formula of each cell that holds one (undefined otherwise), lined up with the rows. */
  formulas?: (string | undefined)[][];
}

export interface SheetPlan {
  layout: SectionLayout;
  sheetName: string;
  /**
   * The hidden sheet the new content is written to first. The section sheet is touched only
   * once that copy is complete, in one batch that copies it over: a failure before leaves the
   * section sheet as it was, one after is finished from the copy (see recovery.ts).
   */
  stagingName: string;
  /** A staging sheet of an earlier, interrupted pull exists and is deleted first. */
  stagingExists: boolean;
  /** Add the worksheet (it does not exist yet). */
  create: boolean;
  /** Set column widths (on a new sheet only, so a user's widths survive a refresh). */
  setWidths: boolean;
  /** 0-based row and column of the header's first cell (0, 0 on a new sheet; lower when the user inserted rows above). */
  originRow: number;
  originCol: number;
  /** The block below and right of the origin that the old rows used, cleared before writing. */
  clearRows: number;
  clearColumns: number;
}

/** What finishing a pull needs to know about one section: kept in the workbook until the copy is done. */
export interface SwapPlan {
  sheetName: string;
  stagingName: string;
  create: boolean;
  setWidths: boolean;
  originRow: number;
  originCol: number;
  clearRows: number;
  clearColumns: number;
  /** Header plus body rows and columns written to the staging sheet. */
  rows: number;
  width: number;
}

const TABLE_STYLE = "TableStyleLight1";
const EDIT_HEADER_FILL = "#FFF2CC";
const STATUS_HEADER_FILL = "#DDEBF7";
const HIDDEN_HEADER_FILL = "#EDEDED";

/** Status colours (Excel's Good / Bad / Neutral styles, and grey). */
const STATUS_COLOURS: readonly { result: string; fill: string; font: string }[] = [
  { result: RESULTS.saved, fill: "#C6EFCE", font: "#006100" },
  { result: RESULTS.failed, fill: "#FFC7CE", font: "#9C0006" },
  { result: RESULTS.submitted, fill: "#FFEB9C", font: "#9C5700" },
  { result: RESULTS.notOnPortal, fill: "#D9D9D9", font: "#404040" },
  { result: RESULTS.duplicate, fill: "#FFC7CE", font: "#9C0006" },
  { result: RESULTS.unrecognised, fill: "#FFC7CE", font: "#9C0006" },
  { result: RESULTS.reset, fill: "#C6EFCE", font: "#006100" },
  { result: RESULTS.refused, fill: "#FCE4D6", font: "#833C0B" },
  { result: RESULTS.conflict, fill: "#F8CBAD", font: "#833C0B" },
  { result: RESULTS.unknown, fill: "#FFEB9C", font: "#9C5700" },
  { result: RESULTS.inUpload, fill: "#FFEB9C", font: "#9C5700" },
  { result: RESULTS.uploaded, fill: "#C6EFCE", font: "#006100" },
];

/** The editable, status and hidden columns are each contiguous: their header cells get one fill per group. */
function groupSpans(layout: SectionLayout): { group: string; from: number; count: number; fill: string }[] {
  const fills: Record<string, string> = { edit: EDIT_HEADER_FILL, status: STATUS_HEADER_FILL, hidden: HIDDEN_HEADER_FILL };
  const spans: { group: string; from: number; count: number; fill: string }[] = [];
  layout.columns.forEach((c, i) => {
    const fill = fills[c.group];
    if (!fill) return;
    const last = spans[spans.length - 1];
    if (last && last.group === c.group && last.from + last.count === i) last.count++;
    else spans.push({ group: c.group, from: i, count: 1, fill });
  });
  return spans;
}

/**
 * The section's table: the layout's columns with their number formats and (hidden ones aside)
 * widths, then the user's own columns, formatted cell by cell as they were.
 */
export function sectionTableSpec(layout: SectionLayout, userHeaders: readonly string[] = []): TableSpec {
  return {
    tableName: layout.tableName,
    style: TABLE_STYLE,
    strongHeader: true,
    freezeHeader: true,
    columns: [
      ...layout.columns.map((c) => ({ header: c.header, format: numberFormatOf(c.kind), ...(c.group === "hidden" ? {} : { width: c.width }) })),
      ...userHeaders.map((header) => ({ header })),
    ],
  };
}

function sheet(context: Excel.RequestContext, name: string): Excel.Worksheet {
  return context.workbook.worksheets.getItem(name);
}

/** What one queued call with its object paths costs in the request, at most (measured on the wire format). */
const CALL_BYTES = 200;

function op(bytes: number, queue: (context: Excel.RequestContext) => void): WriteOp {
  return { bytes, queue };
}

/**
 * Office.js sends a 2-D write of more than 1,500 cells as 1,500-cell pieces, each with its own
 * object paths (about 550 bytes): spread over the rows of a piece, for the two writes per block.
 */
export function pieceOverheadPerRow(width: number): number {
  return Math.ceil((2 * 550) / Math.max(1, Math.round(1500 / Math.max(1, width))));
}

/** Per-row request bytes of a block write: the row's values, its number formats and its share of the per-piece overhead. */
export function rowPayloadBytes(rows: readonly CellValue[][], formatRowBytes: number, width: number): number[] {
  const fixed = formatRowBytes + 2 + pieceOverheadPerRow(width);
  const out = new Array<number>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rowJsonBytes(rows[i] as CellValue[]) + fixed;
  return out;
}

/** A run of adjacent columns, by offset in the row. */
export interface ColumnRun {
  from: number;
  count: number;
}

/**
 * The runs of columns that hold something in at least one row. A fresh staging sheet is empty,
 * so columns blank in every row (statuses, remarks and ITC columns of a first pull) need not be
 * sent at all.
 */
export function filledColumnRuns(rows: readonly CellValue[][], width: number): ColumnRun[] {
  const filled = new Array<boolean>(width).fill(false);
  let left = width;
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      if (filled[c] || isBlank(row[c])) continue;
      filled[c] = true;
      left--;
    }
    if (left === 0) break;
  }
  const runs: ColumnRun[] = [];
  for (let c = 0; c < width; c++) {
    if (!filled[c]) continue;
    const last = runs[runs.length - 1];
    if (last && last.from + last.count === c) last.count++;
    else runs.push({ from: c, count: 1 });
  }
  return runs;
}

/** Per-row request bytes of writing only `runs` of each row: their values and each run's share of the per-piece overhead. */
function runPayloadBytes(rows: readonly CellValue[][], runs: readonly ColumnRun[]): number[] {
  const fixed = runs.reduce((n, r) => n + 2 + pieceOverheadPerRow(r.count), 0);
  const out = new Array<number>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as CellValue[];
    let n = fixed;
    for (const r of runs) {
      n += 1 + r.count; // brackets and commas
      for (let c = r.from; c < r.from + r.count; c++) n += cellJsonBytes(row[c]);
    }
    out[i] = n;
  }
  return out;
}

/** A block of rows written to the staging sheet: the values, and the number formats of the user's own columns (the layout's are set once per column). */
function blockOp(sheetName: string, origin: { row: number; col: number }, rows: readonly CellValue[][], runs: readonly ColumnRun[], rowBytes: readonly number[], user: UserFormats | null, from: number, count: number): WriteOp {
  let bytes = (2 + runs.length) * CALL_BYTES;
  for (let i = from; i < from + count; i++) bytes += rowBytes[i] as number;
  return {
    bytes,
    queue(context) {
      const ws = sheet(context, sheetName);
      const userWidth = user?.formats[0]?.length ?? 0;
      const userRange = user ? ws.getRangeByIndexes(origin.row + 1 + from, origin.col + user.fromCol, count, userWidth) : null;
      if (user && userRange) userRange.numberFormat = user.formats.slice(from, from + count);
      const block = rows.slice(from, from + count);
      for (const run of runs) {
        const values = run.count === block[0]?.length ? block : block.map((r) => r.slice(run.from, run.from + run.count));
        ws.getRangeByIndexes(origin.row + 1 + from, origin.col + run.from, count, run.count).values = values;
      }
      // The user's formulas, written over the values in R1C1 so that each follows its row; null leaves a cell as written.
      const formulas = user?.formulas?.slice(from, from + count);
      if (userRange && formulas?.some((r) => r.some((f) => f !== undefined))) {
        userRange.formulasR1C1 = formulas.map((r) => Array.from({ length: userWidth }, (_, j) => r[j] ?? null)) as string[][];
      }
    },
    split() {
      if (count < 2) return null;
      const half = Math.floor(count / 2);
      return [blockOp(sheetName, origin, rows, runs, rowBytes, user, from, half), blockOp(sheetName, origin, rows, runs, rowBytes, user, from + half, count - half)];
    },
  };
}

interface UserFormats {
  /** Column offset of the first user column. */
  fromCol: number;
  formats: string[][];
  formulas?: (string | undefined)[][];
}

/**
 * A value for a cell of the user's own columns: text in a cell that is not Text-formatted is
 * apostrophe-prefixed so that it stays the text it was (never a formula, number or date).
 * Cells holding a formula get it written afterwards (blockOp).
 */
function userCell(value: CellValue, format: string, formula: string | undefined): CellValue {
  if (formula) return "";
  return typeof value === "string" && value !== "" && format !== "@" ? `'${value}` : value;
}

/**
 * Writes a section's new content (header and rows, at the section sheet's origin) to its hidden
 * staging sheet through the batcher, and says how to copy it over. `rows` are in layout column
 * order; `user` adds the user's own columns.
 */
export async function writeStagingSheet(batcher: WriteBatcher, plan: SheetPlan, layoutRows: readonly CellValue[][], user?: UserCells): Promise<SwapPlan> {
  const { layout, stagingName } = plan;
  const userHeaders = user?.headers ?? [];
  const rows: CellValue[][] = userHeaders.length
    ? layoutRows.map((r, i) => [...r, ...userHeaders.map((_, j) => userCell(user?.values[i]?.[j] ?? "", user?.formats[i]?.[j] ?? "General", user?.formulas?.[i]?.[j]))])
    : (layoutRows as CellValue[][]);
  const userFormats: UserFormats | null = userHeaders.length
    ? {
        fromCol: layout.columns.length,
        formats: layoutRows.map((_, i) => user?.formats[i] ?? userHeaders.map(() => "General")),
        ...(user?.formulas ? { formulas: user.formulas } : {}),
      }
    : null;
  const spec = sectionTableSpec(layout, userHeaders);
  const headers = spec.columns.map((c) => c.header);
  const width = headers.length;
  const origin = { row: plan.originRow, col: plan.originCol };
  const runs = formatRuns(spec.columns.map((c) => c.format));
  const bodyRows = Math.max(1, rows.length);

  // 1. A fresh hidden staging sheet: header, and the layout's number formats once per column block.
  // Besides the frame's calls: the delete, the add, the visibility and the header's range.
  await batcher.add(
    op(2 * jsonBytes(headers) + (4 + tableSheetCalls(spec)) * CALL_BYTES + runs.reduce((n, r) => n + r.format.length, 0), (context) => {
      if (plan.stagingExists) context.workbook.worksheets.getItem(stagingName).delete();
      const ws = queueTableSheet(context, stagingName, true, spec, { row: origin.row, col: origin.col, bodyRows });
      ws.visibility = "Hidden";
    }),
  );

  // 2. The rows, in blocks that fill each batch up to the budget.
  // Only the columns that hold something: the staging sheet was just added, so its cells are empty.
  const filled = filledColumnRuns(rows, width);
  const rowBytes = runPayloadBytes(rows, filled).map((b, i) => b + (userFormats ? jsonBytes(userFormats.formats[i]) + jsonBytes(userFormats.formulas?.[i] ?? []) : 0));
  let from = 0;
  while (from < rows.length) {
    const fixed = (2 + filled.length) * CALL_BYTES;
    const n = await batcher.nextBlockRows(rowBytes, from, fixed);
    await batcher.add(blockOp(stagingName, origin, rows, filled, rowBytes, userFormats, from, n));
    from += n;
  }

  return {
    sheetName: plan.sheetName,
    stagingName,
    create: plan.create,
    setWidths: plan.setWidths,
    originRow: plan.originRow,
    originCol: plan.originCol,
    clearRows: plan.clearRows,
    clearColumns: plan.clearColumns,
    rows: 1 + bodyRows,
    width,
  };
}

/** The lists sheet the drop-down refers to: added, hidden, its items and their format. */
const LISTS_SHEET_CALLS = 6;

/** Request bytes of one swap: a fixed number of calls, whatever the number of rows. */
export function swapBytes(layout: SectionLayout, swap: SwapPlan): number {
  const widths = swap.setWidths ? columnWidthCalls(sectionTableSpec(layout).columns) : 0;
  return (24 + LISTS_SHEET_CALLS + 5 * STATUS_COLOURS.length + 3 * groupSpans(layout).length + 3 * widths) * CALL_BYTES;
}

/**
 * Queues the copy of a staging sheet over its section sheet, then the table, drop-down,
 * colours, frozen header, hidden columns and widths, and deletes the staging sheet. Every call
 * is independent of the number of rows; `tables` names the tables on the section sheet to turn
 * back into ranges first (the section's own, and any an interrupted swap left behind).
 */
export function queueSwap(context: Excel.RequestContext, layout: SectionLayout, swap: SwapPlan, tables: readonly string[]): void {
  const { originRow: r0, originCol: c0, width } = swap;
  const letter = (i: number) => columnLetter(c0 + i);
  const ws = swap.create ? context.workbook.worksheets.add(swap.sheetName) : sheet(context, swap.sheetName);
  if (!swap.create) {
    for (const name of tables) {
      const table = ws.tables.getItem(name);
      table.autoFilter.clearCriteria();
      table.convertToRange();
    }
    if (swap.clearRows > 0 && swap.clearColumns > 0) {
      const old = ws.getRangeByIndexes(r0, c0, swap.clearRows, swap.clearColumns);
      old.conditionalFormats.clearAll();
      old.dataValidation.clear();
      old.clear("All");
    }
  }
  const staging = sheet(context, swap.stagingName);
  ws.getRangeByIndexes(r0, c0, swap.rows, width).copyFrom(staging.getRangeByIndexes(r0, c0, swap.rows, width), "All");

  const bodyRows = swap.rows - 1;
  const actionCol = layout.index.action as number;
  const resultCol = layout.index.result as number;
  const groups = groupSpans(layout);
  const spec = sectionTableSpec(layout);
  queueTable(ws, spec, { row: r0, col: c0, bodyRows }, width);

  queueActionValidation(ws.getRangeByIndexes(r0 + 1, c0 + actionCol, bodyRows, 1));

  const result = ws.getRangeByIndexes(r0 + 1, c0 + resultCol, bodyRows, 1);
  result.conditionalFormats.clearAll();
  const cell = `$${letter(resultCol)}${r0 + 2}`;
  for (const s of STATUS_COLOURS) {
    const cf = result.conditionalFormats.add("Custom");
    cf.custom.rule.formula = `=${cell}="${s.result}"`;
    cf.custom.format.fill.color = s.fill;
    cf.custom.format.font.color = s.font;
  }

  for (const g of groups) ws.getRangeByIndexes(r0, c0 + g.from, 1, g.count).format.fill.color = g.fill;
  const hidden = groups.find((g) => g.group === "hidden");
  if (hidden) ws.getRange(`${letter(hidden.from)}:${letter(hidden.from + hidden.count - 1)}`).columnHidden = true;
  if (swap.setWidths) queueColumnWidths(ws, c0, spec.columns);
  staging.delete();
}
