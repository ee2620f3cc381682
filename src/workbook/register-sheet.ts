/**
 * The "Purchase register" sheet (issue 11): the user pastes or imports a register into it, in
 * whatever layout their books export; src/ims/register finds its columns and reads its rows.
 *
 * - `openRegisterSheet` makes the sheet when there is none: the add-in template's headers, and
 *   columns formatted so that what is pasted keeps its meaning (GSTINs, names and numbers as
 *   text, so "00123" stays "00123"; dates; amounts to the paisa). An existing sheet is left alone.
 * - `readRegisterCells` reads the sheet's used range as it is (dates as serials, error values as
 *   "#N/A"…), in chunks under the payload limit, leaving out the add-in's own problem column.
 * - `flagRegisterRows` writes each unreadable row's problems in that column, beside the row, so
 *   no row is dropped silently; a later run clears what no longer applies.
 */
import { ADDIN_TEMPLATE_HEADERS } from "../ims/register";
import { CALL_OVERHEAD_BYTES, DEFAULT_BUDGET_BYTES, rowJsonBytes, WriteBatcher, type SyncCounter, type WriteOp } from "./chunking";
import type { CellValue } from "./cells";
import { DATE_FORMAT, INDIAN_AMOUNT_FORMAT, TEXT_FORMAT } from "./layout";
import { readGrid } from "./report-sheet";
import { formatRuns, sheetNamed } from "./table-sheet";

export const REGISTER_SHEET = "Purchase register";
export const PROBLEM_HEADER = "IMS for Excel: row problem";

/** The problem column's header is looked for in this many rows from the top of the used range. */
const PROBLEM_SCAN_ROWS = 40;
/** Excel's last row (0-based) and its cell text limit. */
const LAST_ROW = 1_048_575;
const CELL_TEXT_MAX = 32_767;

/** Number formats of the template's columns (ADDIN_TEMPLATE_HEADERS order); the rate keeps General. */
const TEMPLATE_FORMATS: readonly (string | undefined)[] = [
  TEXT_FORMAT, // Supplier GSTIN
  TEXT_FORMAT, // Supplier name
  TEXT_FORMAT, // Document type
  TEXT_FORMAT, // Document number
  DATE_FORMAT, // Document date
  TEXT_FORMAT, // Place of supply
  INDIAN_AMOUNT_FORMAT, // Document value
  INDIAN_AMOUNT_FORMAT, // Taxable value
  undefined, // Rate (%)
  INDIAN_AMOUNT_FORMAT, // IGST
  INDIAN_AMOUNT_FORMAT, // CGST
  INDIAN_AMOUNT_FORMAT, // SGST/UTGST
  INDIAN_AMOUNT_FORMAT, // Cess
];

const TEMPLATE_WIDTHS: readonly number[] = [110, 180, 90, 110, 80, 90, 100, 100, 50, 80, 80, 80, 70];

/** The register sheet's name as the workbook spells it (sheet names compare ignoring case), or null. */
async function findRegisterSheet(context: Excel.RequestContext, counter: SyncCounter): Promise<string | null> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  counter.syncs++;
  await context.sync();
  return sheetNamed(sheets.items.map((w) => w.name), REGISTER_SHEET);
}

/**
 * The Purchase register sheet: made (template headers in row 1, columns formatted, row 1 frozen,
 * activated) when the workbook has none; an existing one is returned untouched.
 */
export async function openRegisterSheet(): Promise<{ sheetName: string; created: boolean }> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const existing = await findRegisterSheet(context, { syncs: 0, retries: 0 });
    if (existing !== null) return { sheetName: existing, created: false };
    const ws = context.workbook.worksheets.add(REGISTER_SHEET);
    const headers = [...ADDIN_TEMPLATE_HEADERS];
    const header = ws.getRangeByIndexes(0, 0, 1, headers.length);
    header.numberFormat = [headers.map(() => TEXT_FORMAT)];
    header.values = [headers];
    header.format.font.bold = true;
    // Below the header, to the last row: pasted values take these formats (a single value applies to every cell).
    for (const run of formatRuns(TEMPLATE_FORMATS)) {
      ws.getRangeByIndexes(1, run.from, LAST_ROW, run.count).numberFormat = run.format as unknown as string[][];
    }
    TEMPLATE_WIDTHS.forEach((width, i) => {
      ws.getRangeByIndexes(0, i, 1, 1).format.columnWidth = width;
    });
    ws.freezePanes.freezeRows(1);
    ws.activate();
    await context.sync();
    return { sheetName: REGISTER_SHEET, created: true };
  });
}

/** A register as read from its sheet. */
export interface RegisterCells {
  sheetName: string;
  /** 0-based sheet row of cells[0]. */
  originRow: number;
  /** 0-based sheet column of cells[r][0]. Columns right of the problem column (if any) are shifted left by one. */
  originCol: number;
  /** The used range's values as Excel gives them (dates as serials, errors as "#N/A"), problem column left out. */
  cells: CellValue[][];
  /** 0-based sheet column of the add-in's problem column, or null when there is none. */
  problemColumn: number | null;
}

function isBlankCell(v: CellValue): boolean {
  return v === "" || (typeof v === "string" && v.trim() === "");
}

/** Index in a grid's rows of the column headed PROBLEM_HEADER in its first rows, or -1. */
function problemColumnOf(grid: readonly CellValue[][]): number {
  const limit = Math.min(grid.length, PROBLEM_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const i = (grid[r] ?? []).findIndex((v) => typeof v === "string" && v.trim() === PROBLEM_HEADER);
    if (i >= 0) return i;
  }
  return -1;
}

/**
 * The Purchase register's used range, read in chunks of rows under the payload budget. Null
 * when there is no such sheet or nothing but the problem column is in it.
 */
export async function readRegisterCells(options: { budgetBytes?: number } = {}): Promise<RegisterCells | null> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const counter: SyncCounter = { syncs: 0, retries: 0 };
    const sheetName = await findRegisterSheet(context, counter);
    if (sheetName === null) return null;
    const used = context.workbook.worksheets.getItem(sheetName).getUsedRangeOrNullObject(true);
    used.load("rowIndex,columnIndex,rowCount,columnCount");
    counter.syncs++;
    await context.sync();
    if (used.isNullObject) return null;
    const grid = await readGrid(context, sheetName, used.rowIndex, used.columnIndex, used.rowCount, used.columnCount, counter, options.budgetBytes ?? DEFAULT_BUDGET_BYTES);
    const p = problemColumnOf(grid);
    const cells = p < 0 ? grid : grid.map((row) => row.filter((_, i) => i !== p));
    if (cells.every((row) => row.every(isBlankCell))) return null;
    return { sheetName, originRow: used.rowIndex, originCol: used.columnIndex, cells, problemColumn: p < 0 ? null : used.columnIndex + p };
  });
}

/** One row's problems as one cell's text: joined with "; ", repeated messages once, within Excel's cell limit. */
function problemText(messages: readonly string[]): string {
  const joined = [...new Set(messages.map((m) => m.trim()).filter((m) => m !== ""))].join("; ");
  return joined.length <= CELL_TEXT_MAX ? joined : `${joined.slice(0, CELL_TEXT_MAX - 1)}…`;
}

/**
 * Writes each problem's message on its row in the problem column (right of the register's last
 * column, or where PROBLEM_HEADER already is), PROBLEM_HEADER on the header row
 * (`headerCellRow`, an index into `at.cells`; the first row when null), and clears the messages
 * of rows without problems now. Text cells, written in chunks. With no problems and no problem
 * column, nothing is written.
 */
export async function flagRegisterRows(
  at: RegisterCells,
  headerCellRow: number | null,
  problems: readonly { cellRow: number; message: string }[],
  options: { budgetBytes?: number } = {},
): Promise<{ flagged: number; syncs: number }> {
  const headerRow = Math.max(0, headerCellRow ?? 0);
  const byRow = new Map<number, string[]>();
  for (const p of problems) {
    // A row outside the register read, or its header row, has no cell of its own to hold it.
    if (!Number.isInteger(p.cellRow) || p.cellRow < 0 || p.cellRow >= at.cells.length || p.cellRow === headerRow) continue;
    const list = byRow.get(p.cellRow) ?? [];
    list.push(p.message);
    byRow.set(p.cellRow, list);
  }
  if (byRow.size === 0 && at.problemColumn === null) return { flagged: 0, syncs: 0 };

  const width = at.cells.reduce((w, row) => Math.max(w, row.length), 0);
  const column = at.problemColumn ?? at.originCol + width;
  const rows = Math.max(at.cells.length, headerRow + 1);
  const texts: string[] = new Array<string>(rows);
  let flagged = 0;
  for (let r = 0; r < rows; r++) {
    if (r === headerRow) {
      texts[r] = PROBLEM_HEADER;
      continue;
    }
    const messages = byRow.get(r);
    const t = messages ? problemText(messages) : "";
    if (t !== "") flagged++;
    texts[r] = t;
  }
  const rowBytes = texts.map((t) => rowJsonBytes([t]));

  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const counter: SyncCounter = { syncs: 0, retries: 0 };
    const batcher = new WriteBatcher(context, options.budgetBytes ?? DEFAULT_BUDGET_BYTES, counter);
    const block = (start: number, count: number): WriteOp => {
      let bytes = 3 * CALL_OVERHEAD_BYTES;
      for (let i = start; i < start + count; i++) bytes += (rowBytes[i] as number) + 1;
      return {
        bytes,
        queue(c) {
          const range = c.workbook.worksheets.getItem(at.sheetName).getRangeByIndexes(at.originRow + start, column, count, 1);
          // Text before the values, in the same batch: a message is never read as a formula, number or date.
          range.numberFormat = TEXT_FORMAT as unknown as string[][];
          range.values = texts.slice(start, start + count).map((t) => [t]);
        },
        split() {
          if (count < 2) return null;
          const half = Math.floor(count / 2);
          return [block(start, half), block(start + half, count - half)];
        },
      };
    };
    let from = 0;
    while (from < rows) {
      const n = await batcher.nextBlockRows(rowBytes, from, 3 * CALL_OVERHEAD_BYTES);
      await batcher.add(block(from, n));
      from += n;
    }
    await batcher.add({
      bytes: 2 * CALL_OVERHEAD_BYTES,
      queue(c) {
        c.workbook.worksheets.getItem(at.sheetName).getRangeByIndexes(at.originRow + headerRow, column, 1, 1).format.font.bold = true;
      },
    });
    await batcher.flush();
    return { flagged, syncs: counter.syncs };
  });
}
