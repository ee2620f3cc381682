/**
 * The log sheet: one row per request sent to the portal (save, reset, status check), appended
 * below its table so that earlier lines are never rewritten, and taken into the table.
 */
import type { SectionCode } from "../ims/sections";
import { CALL_OVERHEAD_BYTES, rowJsonBytes, WriteBatcher, type SyncCounter } from "./chunking";
import type { CellValue } from "./cells";
import { instantToSerialIst } from "./date-serial";
import { DATETIME_FORMAT } from "./layout";
import { queueTableGrowth, reaches, type TableExtent } from "./table-extent";
import { formatRuns, freeSheetName, queueColumnFormats, queueColumnWidths, queueTable, queueTableSheet, sheetNamesTaken, type TableSpec } from "./table-sheet";

export const LOG_SHEET = "IMS log";
export const LOG_TABLE = "IMS_Log";
export const LOG_HEADERS = ["At", "GSTIN", "Section", "Operation", "Records", "Reference ID", "Outcome", "Processed", "Errors"] as const;
const LOG_FORMATS = [DATETIME_FORMAT, "@", "@", "@", "0", "@", "@", "0", "0"];
const LOG_WIDTHS = [95, 110, 55, 65, 55, 120, 260, 65, 50];
const LOG_SPEC: TableSpec = {
  tableName: LOG_TABLE,
  style: "TableStyleLight1",
  freezeHeader: true,
  columns: LOG_HEADERS.map((header, i) => ({ header, format: LOG_FORMATS[i] as string, width: LOG_WIDTHS[i] as number })),
};

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

interface FoundLog {
  sheetName: string;
  /** The table's range, header included. */
  extent: TableExtent;
  /** The first row below both the table and anything written below it (an earlier append the table did not take in). */
  nextRow: number;
}

/**
 * Appends lines to the log sheet (made on first use) and returns the sheet's name. The table is
 * found through the workbook's tables and written on its own sheet, since a worksheet's table
 * lookup can return other sheets' tables (office-js#2235). After each append the table's size is
 * checked and grown if Excel did not grow it.
 */
export async function appendLogLines(lines: readonly LogEntry[]): Promise<{ sheetName: string; syncs: number }> {
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const rows = lines.map(logCells);
  const sheetName = await Excel.run({ delayForCellEdit: true }, async (context) => {
    const { log, sheetNames } = await findLogTable(context, counter);
    if (!log) return createLogSheet(context, sheetNames, rows, counter);
    if (rows.length) await appendBelow(context, log, rows, counter);
    return log.sheetName;
  });
  return { sheetName, syncs: counter.syncs };
}

/** The log table and where the next line goes (null when there is none), and the workbook's sheet names. Two syncs when found, one otherwise. */
async function findLogTable(context: Excel.RequestContext, counter: SyncCounter): Promise<{ log: FoundLog | null; sheetNames: string[] }> {
  const table = context.workbook.tables.getItemOrNullObject(LOG_TABLE);
  table.load("name");
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  counter.syncs++;
  await context.sync();
  const sheetNames = worksheets.items.map((w) => w.name);
  if (table.isNullObject) return { log: null, sheetNames };

  const ws = table.worksheet;
  ws.load("name");
  const range = table.getRange();
  range.load("rowIndex,columnIndex,rowCount,columnCount");
  const used = ws.getUsedRangeOrNullObject(true);
  used.load("rowIndex,rowCount");
  counter.syncs++;
  await context.sync();
  const sheetName = ws.name;
  const extent = { rowIndex: range.rowIndex, columnIndex: range.columnIndex, rowCount: range.rowCount, columnCount: range.columnCount };
  const usedEnd = used.isNullObject ? 0 : used.rowIndex + used.rowCount;
  return { log: { sheetName, extent, nextRow: Math.max(extent.rowIndex + extent.rowCount, usedEnd) }, sheetNames };
}

/** Writes the lines below the table, loads its range in the same batch, and grows it (one more sync) when Excel did not. */
async function appendBelow(context: Excel.RequestContext, log: FoundLog, rows: readonly CellValue[][], counter: SyncCounter): Promise<void> {
  const batcher = new WriteBatcher(context, undefined, counter);
  await addRows(batcher, log.sheetName, log.nextRow, log.extent.columnIndex, rows);
  const after: { range?: Excel.Range } = {};
  await batcher.add({
    bytes: 3 * CALL_OVERHEAD_BYTES,
    queue(c) {
      after.range = c.workbook.tables.getItem(LOG_TABLE).getRange().load("rowIndex,rowCount");
    },
  });
  await batcher.flush();
  const end = log.nextRow + rows.length;
  if (after.range && reaches(after.range, end)) return;

  queueTableGrowth(context, LOG_TABLE, log.sheetName, log.extent, end, LOG_SPEC.style);
  const check = context.workbook.tables.getItem(LOG_TABLE).getRange().load("rowIndex,rowCount");
  counter.syncs++;
  await context.sync();
  if (!reaches(check, end)) {
    throw new Error(`The log lines were written to rows ${log.nextRow + 1}-${end} of "${log.sheetName}", but Excel did not take them into the ${LOG_TABLE} table.`);
  }
}

async function createLogSheet(context: Excel.RequestContext, sheetNames: readonly string[], rows: readonly CellValue[][], counter: SyncCounter): Promise<string> {
  const name = freeSheetName([LOG_SHEET], sheetNamesTaken(sheetNames));
  const at = { row: 0, col: 0, bodyRows: Math.max(1, rows.length) };
  const batcher = new WriteBatcher(context, undefined, counter);
  await batcher.add({
    bytes: 40 * CALL_OVERHEAD_BYTES,
    queue(c) {
      // No body formats here: addRows formats each block of lines as it writes it.
      const ws = queueTableSheet(c, name, true, LOG_SPEC, { ...at, bodyRows: 0 });
      queueColumnWidths(ws, 0, LOG_SPEC.columns);
    },
  });
  await addRows(batcher, name, 1, 0, rows.length ? rows : [LOG_HEADERS.map(() => "")]);
  await batcher.add({
    bytes: 6 * CALL_OVERHEAD_BYTES,
    queue(c) {
      queueTable(c.workbook.worksheets.getItem(name), LOG_SPEC, at);
    },
  });
  await batcher.flush();
  return name;
}

/** Writes rows from (startRow, startCol) in blocks that fit a batch: each block's number formats once per run of columns, then its values. */
async function addRows(batcher: WriteBatcher, sheetName: string, startRow: number, startCol: number, rows: readonly CellValue[][]): Promise<void> {
  const fixed = (3 + formatRuns(LOG_FORMATS).length) * CALL_OVERHEAD_BYTES;
  for (let from = 0; from < rows.length; ) {
    let bytes = fixed;
    let n = 0;
    while (from + n < rows.length && (n === 0 || bytes + rowJsonBytes(rows[from + n] as CellValue[]) < batcher.capacity())) {
      bytes += rowJsonBytes(rows[from + n] as CellValue[]) + 1;
      n++;
    }
    const block = rows.slice(from, from + n);
    const at = startRow + from;
    await batcher.add({
      bytes,
      queue(c) {
        const ws = c.workbook.worksheets.getItem(sheetName);
        queueColumnFormats(ws, at, startCol, block.length, LOG_FORMATS);
        ws.getRangeByIndexes(at, startCol, block.length, LOG_HEADERS.length).values = block;
      },
    });
    from += n;
  }
}
