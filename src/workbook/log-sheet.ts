/**
 * The log sheet: one row per request sent to the portal (save, reset, status check), appended
 * below its table so that earlier lines are never rewritten.
 */
import type { SectionCode } from "../ims/sections";
import { CALL_OVERHEAD_BYTES, rowJsonBytes, WriteBatcher, type SyncCounter } from "./chunking";
import type { CellValue } from "./cells";
import { instantToSerialIst } from "./date-serial";
import { columnLetter, DATETIME_FORMAT } from "./layout";

export const LOG_SHEET = "IMS log";
export const LOG_TABLE = "IMS_Log";
export const LOG_HEADERS = ["At", "GSTIN", "Section", "Operation", "Records", "Reference ID", "Outcome", "Processed", "Errors"] as const;
const LOG_FORMATS = [DATETIME_FORMAT, "@", "@", "@", "0", "@", "@", "0", "0"];
const LOG_WIDTHS = [95, 110, 55, 65, 55, 120, 260, 65, 50];

/** One line of the log (the same shape as the submit step's log lines). */
export interface LogEntry {
  /** ISO instant. */
  at: string;
  gstin: string;
  section: SectionCode;
  kind: "save" | "reset" | "check";
  records: number;
  referenceId: string;
  outcome: string;
  processed: number;
  errors: number;
}

function logCells(e: LogEntry): CellValue[] {
  const at = Number.isNaN(Date.parse(e.at)) ? `'${e.at}` : instantToSerialIst(e.at);
  return [at, e.gstin, e.section, e.kind, e.records, e.referenceId, e.outcome, e.processed, e.errors];
}

/** Appends lines to the log sheet (made on first use). Returns the sheet's name. */
export async function appendLogLines(lines: readonly LogEntry[]): Promise<{ sheetName: string; syncs: number }> {
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const rows = lines.map(logCells);
  const sheetName = await Excel.run({ delayForCellEdit: true }, async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name");
    counter.syncs++;
    await context.sync();
    const tables = worksheets.items.map((w) => {
      const t = w.tables.getItemOrNullObject(LOG_TABLE);
      t.load("name");
      return { name: w.name, table: t };
    });
    counter.syncs++;
    await context.sync();
    const found = tables.find((t) => !t.table.isNullObject) ?? null;
    const width = LOG_HEADERS.length;
    const batcher = new WriteBatcher(context, undefined, counter);

    if (found) {
      if (!rows.length) return found.name;
      const range = found.table.getRange();
      range.load("rowIndex,columnIndex,rowCount");
      counter.syncs++;
      await context.sync();
      // Values written on the row right below a table extend it: earlier lines are never touched.
      const start = range.rowIndex + range.rowCount;
      await addRows(batcher, found.name, start, range.columnIndex, rows);
      await batcher.flush();
      return found.name;
    }

    const taken = new Set(worksheets.items.map((w) => w.name.toLowerCase()));
    let name = LOG_SHEET;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${LOG_SHEET} ${i}`;
    await batcher.add({
      bytes: 40 * CALL_OVERHEAD_BYTES,
      queue(c) {
        const ws = c.workbook.worksheets.add(name);
        const header = ws.getRangeByIndexes(0, 0, 1, width);
        header.numberFormat = [LOG_HEADERS.map(() => "@")];
        header.values = [[...LOG_HEADERS]];
        LOG_WIDTHS.forEach((w, i) => (ws.getRange(`${columnLetter(i)}:${columnLetter(i)}`).format.columnWidth = w));
        ws.freezePanes.freezeRows(1);
      },
    });
    await addRows(batcher, name, 1, 0, rows.length ? rows : [LOG_HEADERS.map(() => "")]);
    await batcher.add({
      bytes: 6 * CALL_OVERHEAD_BYTES,
      queue(c) {
        const table = c.workbook.worksheets.getItem(name).tables.add(`A1:${columnLetter(width - 1)}${1 + Math.max(1, rows.length)}`, true);
        table.name = LOG_TABLE;
        table.style = "TableStyleLight1";
      },
    });
    await batcher.flush();
    return name;
  });
  return { sheetName, syncs: counter.syncs };
}

async function addRows(batcher: WriteBatcher, sheetName: string, startRow: number, startCol: number, rows: readonly CellValue[][]): Promise<void> {
  const fmtBytes = rowJsonBytes(LOG_FORMATS) + 1;
  for (let from = 0; from < rows.length; ) {
    let bytes = 3 * CALL_OVERHEAD_BYTES;
    let n = 0;
    while (from + n < rows.length && (n === 0 || bytes + rowJsonBytes(rows[from + n] as CellValue[]) + fmtBytes < batcher.capacity())) {
      bytes += rowJsonBytes(rows[from + n] as CellValue[]) + 1 + fmtBytes;
      n++;
    }
    const block = rows.slice(from, from + n);
    const at = startRow + from;
    await batcher.add({
      bytes,
      queue(c) {
        const range = c.workbook.worksheets.getItem(sheetName).getRangeByIndexes(at, startCol, block.length, LOG_HEADERS.length);
        range.numberFormat = block.map(() => LOG_FORMATS);
        range.values = block;
      },
    });
    from += n;
  }
}
