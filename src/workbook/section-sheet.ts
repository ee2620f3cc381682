/**
 * Writing one section sheet: the header, the rows in blocks sized to the payload budget
 * (number formats set before values in the same batch, so text stays text), then the table,
 * the Action drop-down, the status colours, the frozen header and the hidden columns.
 * The table is re-created over the written range; rows are never added one by one.
 */
import { RESULTS } from "../ims/review-rows";
import { ACTIONS } from "../ims/sections";
import { jsonBytes, rowJsonBytes, rowsThatFit, type WriteBatcher, type WriteOp } from "./chunking";
import type { CellValue } from "./cells";
import { columnLetter, rowNumberFormats, type SectionLayout } from "./layout";

/** Columns a user added to the table: kept, to the right of the layout, with their number formats. */
export interface UserCells {
  headers: string[];
  /** Lined up with the rows written. */
  values: CellValue[][];
  formats: string[][];
}

export interface SheetPlan {
  layout: SectionLayout;
  sheetName: string;
  /** Add the worksheet (it does not exist yet). */
  create: boolean;
  /** The sheet holds the section's table, to be turned back into a plain range before rewriting. */
  hasTable: boolean;
  /** Set column widths (on a new sheet only, so a user's widths survive a refresh). */
  setWidths: boolean;
  /** 0-based row and column of the header's first cell (0, 0 on a new sheet; lower when the user inserted rows above). */
  originRow: number;
  originCol: number;
  /** The block below and right of the origin that the old rows used, cleared before writing. */
  clearRows: number;
  clearColumns: number;
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
];

export const ACTION_LIST_SOURCE = ACTIONS.join(",");
export const ACTION_PROMPT = {
  showPrompt: true,
  title: "Action",
  message: "A = accept, R = reject, P = keep pending, N = no action (reset). Pick from the list; the add-in sends it when you submit.",
};
export const ACTION_ERROR_ALERT = {
  showAlert: true,
  style: "Stop" as const,
  title: "Not an IMS action",
  message: "Enter A (accept), R (reject), P (keep pending) or N (no action).",
};

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

function sheet(context: Excel.RequestContext, name: string): Excel.Worksheet {
  return context.workbook.worksheets.getItem(name);
}

/** Puts the A/R/P/N drop-down (Stop alert, input message) on a range of Action cells. */
export function queueActionValidation(range: Excel.Range): void {
  range.dataValidation.clear();
  range.dataValidation.rule = { list: { inCellDropDown: true, source: ACTION_LIST_SOURCE } };
  range.dataValidation.prompt = ACTION_PROMPT;
  range.dataValidation.errorAlert = ACTION_ERROR_ALERT;
  range.dataValidation.ignoreBlanks = true;
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

/** `formats` is one row's formats (the same for every row) or one per row. */
function blockOp(
  plan: SheetPlan,
  width: number,
  rows: readonly CellValue[][],
  rowBytes: readonly number[],
  formats: readonly string[] | readonly string[][],
  from: number,
  count: number,
): WriteOp {
  let bytes = 3 * CALL_BYTES;
  for (let i = from; i < from + count; i++) bytes += rowBytes[i] as number;
  const perRow = Array.isArray(formats[0]);
  return {
    bytes,
    queue(context) {
      const range = sheet(context, plan.sheetName).getRangeByIndexes(plan.originRow + 1 + from, plan.originCol, count, width);
      range.numberFormat = perRow ? (formats as string[][]).slice(from, from + count) : new Array(count).fill(formats);
      range.values = rows.slice(from, from + count);
    },
    split() {
      if (count < 2) return null;
      const half = Math.floor(count / 2);
      return [blockOp(plan, width, rows, rowBytes, formats, from, half), blockOp(plan, width, rows, rowBytes, formats, from + half, count - half)];
    },
  };
}

/**
 * A value for a cell of the user's own columns: text in a cell that is not Text-formatted is
 * apostrophe-prefixed so that it stays the text it was (never a formula, number or date).
 */
function userCell(value: CellValue, format: string): CellValue {
  return typeof value === "string" && value !== "" && format !== "@" ? `'${value}` : value;
}

/** Appends the user's columns to the layout's cells and formats. */
function withUserColumns(rows: readonly CellValue[][], formats: readonly string[], user: UserCells): { rows: CellValue[][]; formats: string[][] } {
  return {
    rows: rows.map((r, i) => [...r, ...(user.values[i] ?? []).map((v, j) => userCell(v, user.formats[i]?.[j] ?? "General"))]),
    formats: rows.map((_, i) => [...formats, ...(user.formats[i] ?? user.headers.map(() => "General"))]),
  };
}

/** Writes a whole section sheet through the batcher. `rows` are in layout column order; `user` adds the user's own columns. */
export async function writeSectionSheet(batcher: WriteBatcher, plan: SheetPlan, layoutRows: readonly CellValue[][], user?: UserCells): Promise<void> {
  const { layout, sheetName } = plan;
  const layoutFormats = rowNumberFormats(layout);
  const extended = user && user.headers.length ? withUserColumns(layoutRows, layoutFormats, user) : null;
  const rows = extended ? extended.rows : layoutRows;
  const headers = [...layout.columns.map((c) => c.header), ...(extended ? (user as UserCells).headers : [])];
  const width = headers.length;
  const { originRow: r0, originCol: c0 } = plan;
  const letter = (i: number) => columnLetter(c0 + i);

  // 1. The sheet, emptied, with its header.
  await batcher.add(
    op(2 * jsonBytes(headers) + (plan.create ? 8 : 16) * CALL_BYTES, (context) => {
      const ws = plan.create ? context.workbook.worksheets.add(sheetName) : sheet(context, sheetName);
      if (!plan.create) {
        if (plan.hasTable) {
          const table = ws.tables.getItemOrNullObject(layout.tableName);
          table.autoFilter.clearCriteria();
          table.convertToRange();
        }
        if (plan.clearRows > 0 && plan.clearColumns > 0) {
          const old = ws.getRangeByIndexes(r0, c0, plan.clearRows, plan.clearColumns);
          old.conditionalFormats.clearAll();
          old.dataValidation.clear();
          old.clear("All");
        }
      }
      const header = ws.getRangeByIndexes(r0, c0, 1, width);
      header.numberFormat = [headers.map(() => "@")];
      header.values = [headers];
      header.format.font.bold = true;
      header.format.wrapText = true;
    }),
  );

  // 2. The rows, in blocks that fill each batch up to the budget.
  const formats: readonly string[] | readonly string[][] = extended ? extended.formats : layoutFormats;
  const rowBytes = extended
    ? rowPayloadBytes(rows, 0, width).map((b, i) => b + jsonBytes(extended.formats[i]))
    : rowPayloadBytes(rows, jsonBytes(layoutFormats), width);
  let from = 0;
  while (from < rows.length) {
    const fixed = 3 * CALL_BYTES;
    let n = rowsThatFit(rowBytes, from, batcher.remaining(), fixed, false);
    if (n === 0) {
      if (!batcher.isEmpty()) {
        await batcher.flush();
        continue;
      }
      n = 1;
    }
    await batcher.add(blockOp(plan, width, rows, rowBytes, formats, from, n));
    from += n;
  }

  // 3. Table, drop-down, colours, frozen header, hidden columns, widths.
  const bodyRows = Math.max(1, rows.length);
  const actionCol = layout.index.action as number;
  const resultCol = layout.index.result as number;
  const groups = groupSpans(layout);
  const visible = layout.columns.filter((c) => c.group !== "hidden").length;
  const calls = 12 + 5 * STATUS_COLOURS.length + 3 * groups.length + 4 + (plan.setWidths ? 3 * visible : 0);
  await batcher.add(
    op(calls * CALL_BYTES, (context) => {
      const ws = sheet(context, sheetName);
      const table = ws.tables.add(`${letter(0)}${r0 + 1}:${letter(width - 1)}${r0 + 1 + bodyRows}`, true);
      table.name = layout.tableName;
      table.style = TABLE_STYLE;
      table.showBandedRows = true;

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
      ws.freezePanes.freezeRows(r0 + 1);
      const hidden = groups.find((g) => g.group === "hidden");
      if (hidden) ws.getRange(`${letter(hidden.from)}:${letter(hidden.from + hidden.count - 1)}`).columnHidden = true;
      if (plan.setWidths) {
        layout.columns.forEach((c, i) => {
          if (c.group !== "hidden") ws.getRange(`${letter(i)}:${letter(i)}`).format.columnWidth = c.width;
        });
      }
    }),
  );
}
