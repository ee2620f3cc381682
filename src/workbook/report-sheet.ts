/**
 * Sheets the add-in rewrites whole on every refresh (the supplier view's sheets, Follow-up,
 * Customers, Added back, Suppliers): a few title lines, then one or more tables, each written
 * through the table-sheet writer. Rows of text are written to Text ("@") cells, so nothing from
 * the portal ever becomes a formula, number or date.
 *
 * Each rewrite first writes a hidden "IMS build …" sheet, then copies it over the sheet in one
 * batch (converting the old tables, clearing, copying, making the tables, deleting the copy): a
 * failure before that leaves the sheet as it was, and a copy interrupted part-way is found again
 * by the next refresh, which reads the columns the user fills from it.
 *
 * The sheet is found by its first table's name, wherever the user moved or renamed it; a new one
 * takes a name no sheet uses (a user's own "Suppliers" sheet is left alone).
 */
import { CALL_OVERHEAD_BYTES, DEFAULT_BUDGET_BYTES, jsonBytes, readInChunks, WriteBatcher, type SyncCounter } from "./chunking";
import { literal, type CellValue } from "./cells";
import { rowPayloadBytes } from "./section-sheet";
import { columnLetter, numberFormatOf } from "./layout";
import { ACTION_LIST_REFERENCE, queueListsSheet } from "./lists-sheet";
import { INDIAN_COUNT_FORMAT } from "./summary-charts";
import { loadMetadata, metadataOf, type WorkbookMetadata } from "./metadata";
import { freeSheetName, queueColumnWidths, queueTable, queueTableSheet, sheetNamed, sheetNamesTaken, type TableSpec } from "./table-sheet";

/** text: Text ("@"); amount: rupees with Indian grouping; count: whole numbers with Indian grouping. */
export type ReportKind = "text" | "date" | "datetime" | "amount" | "count";

/**
 * data: written by the add-in; user: filled by the user and kept by every refresh (the caller
 * carries the values over); placeholder: left blank for a later feature to fill; hidden: the
 * row's key.
 */
export type ReportRole = "data" | "user" | "placeholder" | "hidden";

export interface ReportColumn {
  header: string;
  kind: ReportKind;
  role?: ReportRole;
  width?: number;
}

export interface ReportTable {
  tableName: string;
  columns: readonly ReportColumn[];
  rows: readonly CellValue[][];
  /** A line of text just above the table's header. */
  caption?: string;
  /** The column (index) that gets the A/R/P/N drop-down, with this prompt. */
  dropDown?: { column: number; title: string; message: string };
  style?: string;
}

export interface ReportSheet {
  /** Names to try for a new sheet, in order (then the last one numbered). */
  names: readonly string[];
  /** Lines at the top of the sheet. */
  title: readonly string[];
  tables: readonly ReportTable[];
  /** Keep the first table's header in view. */
  freezeFirstHeader?: boolean;
}

export const BUILD_PREFIX = "IMS build ";
const USER_HEADER_FILL = "#FFF2CC";
const PLACEHOLDER_HEADER_FILL = "#EDEDED";
const HIDDEN_HEADER_FILL = "#EDEDED";

export function formatOf(kind: ReportKind): string {
  return kind === "count" ? INDIAN_COUNT_FORMAT : numberFormatOf(kind);
}

/** The hidden sheet a report is built in before it is copied over (names stay within Excel's 31 characters). */
export function buildSheetName(tableName: string): string {
  return `${BUILD_PREFIX}${tableName.replace(/^IMS_/, "")}`.slice(0, 31);
}

function specOf(t: ReportTable): TableSpec {
  return {
    tableName: t.tableName,
    style: t.style ?? "TableStyleLight9",
    strongHeader: true,
    columns: t.columns.map((c) => ({ header: c.header, format: formatOf(c.kind), ...(c.role === "hidden" ? {} : { width: c.width ?? 90 }) })),
  };
}

/** Where each table goes: 0-based header row, and the first body row after it. */
interface Placed {
  table: ReportTable;
  spec: TableSpec;
  captionRow: number | null;
  headerRow: number;
  bodyRows: number;
}

function place(sheet: ReportSheet): { placed: Placed[]; rows: number; width: number } {
  let row = sheet.title.length ? sheet.title.length + 1 : 0;
  const placed: Placed[] = [];
  for (const table of sheet.tables) {
    const captionRow = table.caption ? row++ : null;
    const bodyRows = Math.max(1, table.rows.length);
    placed.push({ table, spec: specOf(table), captionRow, headerRow: row, bodyRows });
    row += 1 + bodyRows + 1;
  }
  const width = Math.max(1, ...sheet.tables.map((t) => t.columns.length));
  return { placed, rows: Math.max(1, row - 1), width };
}

/** What a table held before the rewrite: its header texts and body rows (values as Excel returned them). */
export interface TableContent {
  headers: string[];
  rows: CellValue[][];
}

export interface ReportContext {
  /** The tables found (by name), with what they held; from the leftover build sheet when an earlier copy was cut short. */
  existing: Map<string, TableContent>;
}

export interface ReportWriteOptions {
  budgetBytes?: number;
  /** Queued in the batch that puts the new content in place (workbook metadata, read before the rewrite). */
  alsoQueue?: (context: Excel.RequestContext, metadata: WorkbookMetadata | null) => void;
}

export interface ReportWriteResult {
  sheetName: string;
  syncs: number;
}

/**
 * Reads the report's tables as they are, lets `build` make the new content from them (carrying
 * the user's columns over by key), and writes it: one Excel.run.
 */
export async function rewriteReportSheet(tableNames: readonly string[], build: (found: ReportContext) => ReportSheet, options: ReportWriteOptions = {}): Promise<ReportWriteResult> {
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const sheetName = await Excel.run({ delayForCellEdit: true }, async (context) => {
    const found = await findTables(context, tableNames, counter, budget);
    const sheet = build({ existing: found.contents });
    return writeInContext(context, sheet, found, counter, budget, options);
  });
  return { sheetName, syncs: counter.syncs };
}

/** What a report table holds now (undefined when the workbook has none). */
export async function readReportTable(tableName: string, options: { budgetBytes?: number } = {}): Promise<TableContent | undefined> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const found = await findTables(context, [tableName], { syncs: 0, retries: 0 }, options.budgetBytes ?? DEFAULT_BUDGET_BYTES);
    return found.sheetName ? found.contents.get(tableName) : undefined;
  });
}

interface Found {
  sheetNames: string[];
  /** The sheet holding the first table, or null. */
  sheetName: string | null;
  /** Tables of the report on that sheet. */
  tablesOnSheet: string[];
  /** The used area of that sheet, cleared before the copy. */
  usedRows: number;
  usedColumns: number;
  buildExists: boolean;
  contents: Map<string, TableContent>;
  metadata: WorkbookMetadata | null;
}

/** Finds the report's tables (and a leftover build sheet) and reads them in chunks. */
async function findTables(context: Excel.RequestContext, tableNames: readonly string[], counter: SyncCounter, budget: number): Promise<Found> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const setting = loadMetadata(context);
  const lookups = tableNames.map((name) => {
    const table = context.workbook.tables.getItemOrNullObject(name);
    table.load("name");
    return { name, table };
  });
  counter.syncs++;
  await context.sync();
  const sheetNames = worksheets.items.map((w) => w.name);
  const buildName = buildSheetName(tableNames[0] as string);
  const buildExists = sheetNamed(sheetNames, buildName) !== null;
  const present = lookups.filter((l) => !l.table.isNullObject);
  const shapes = present.map((l) => {
    const ws = l.table.worksheet;
    ws.load("name");
    const range = l.table.getRange();
    range.load("rowIndex,columnIndex,rowCount,columnCount");
    const header = l.table.getHeaderRowRange();
    header.load("values");
    return { ...l, ws, range, header };
  });
  const firstSheet = shapes.find((s) => s.name === tableNames[0])?.ws ?? null;
  const used = firstSheet ? firstSheet.getUsedRangeOrNullObject() : null;
  used?.load("rowIndex,rowCount,columnIndex,columnCount");
  const buildUsed = buildExists ? worksheets.getItem(buildName).getUsedRangeOrNullObject(true) : null;
  buildUsed?.load("rowIndex,rowCount,columnIndex,columnCount");
  if (shapes.length || buildUsed) {
    counter.syncs++;
    await context.sync();
  }
  let sheetName = firstSheet ? firstSheet.name : null;
  let recovered: { usedRows: number; usedColumns: number } | null = null;
  const contents = new Map<string, TableContent>();
  const blocks: { name: string; sheet: string; row: number; col: number; rows: number; width: number; headers: string[] }[] = [];
  for (const s of shapes) {
    if (s.ws.name !== sheetName) continue;
    blocks.push({ name: s.name, sheet: s.ws.name, row: s.range.rowIndex + 1, col: s.range.columnIndex, rows: s.range.rowCount - 1, width: s.range.columnCount, headers: (s.header.values[0] ?? []).map(String) });
  }
  if (!sheetName && buildUsed && !buildUsed.isNullObject) {
    // An earlier copy was cut short: the build sheet holds the content the user's columns are read from.
    const grid = await readGrid(context, buildName, 0, 0, buildUsed.rowIndex + buildUsed.rowCount, buildUsed.columnIndex + buildUsed.columnCount, counter, budget);
    for (const name of tableNames) {
      const t = locateInGrid(grid, name);
      if (t) contents.set(name, t);
    }
    // The sheet that copy was going to: rewritten in place when it is there and holds no table.
    const target = targetInGrid(grid);
    if (target && sheetNames.includes(target)) {
      const ws = worksheets.getItem(target);
      const tables = ws.tables;
      tables.load("items/name");
      const u = ws.getUsedRangeOrNullObject();
      u.load("rowIndex,rowCount,columnIndex,columnCount");
      counter.syncs++;
      await context.sync();
      if (tables.items.length === 0) {
        sheetName = target;
        recovered = u.isNullObject ? { usedRows: 0, usedColumns: 0 } : { usedRows: u.rowIndex + u.rowCount, usedColumns: u.columnIndex + u.columnCount };
      }
    }
  }
  for (const b of blocks) {
    const rows = b.rows > 0 ? await readGrid(context, b.sheet, b.row, b.col, b.rows, b.width, counter, budget) : [];
    contents.set(b.name, { headers: b.headers, rows: rows.filter((r) => r.some((v) => v !== "" && v !== null)) });
  }
  return {
    sheetNames,
    sheetName,
    tablesOnSheet: blocks.map((b) => b.name),
    usedRows: recovered ? recovered.usedRows : used && !used.isNullObject ? used.rowIndex + used.rowCount : 0,
    usedColumns: recovered ? recovered.usedColumns : used && !used.isNullObject ? used.columnIndex + used.columnCount : 0,
    buildExists,
    contents,
    metadata: metadataOf(setting),
  };
}

/**
 * Headers of the tables, noted in the build sheet beside each table's header row (column A of
 * the row above holds "IMS table: <name>"), so a leftover build sheet can be read back.
 */
const TABLE_MARK = "IMS table: ";
/** And the sheet the copy goes to, on the first row. */
const TARGET_MARK = "IMS target: ";

function targetInGrid(grid: readonly CellValue[][]): string | null {
  for (const v of grid[0] ?? []) if (typeof v === "string" && v.startsWith(TARGET_MARK)) return v.slice(TARGET_MARK.length);
  return null;
}

function locateInGrid(grid: readonly CellValue[][], tableName: string): TableContent | null {
  const markRow = grid.findIndex((r) => r.some((v) => v === `${TABLE_MARK}${tableName}`));
  if (markRow < 0) return null;
  const header = grid[markRow + 1] ?? [];
  const width = header.findIndex((v) => v === "" || v === null);
  const headers = header.slice(0, width < 0 ? header.length : width).map(String);
  const rows: CellValue[][] = [];
  for (let i = markRow + 2; i < grid.length; i++) {
    const r = (grid[i] ?? []).slice(0, headers.length);
    if (r.every((v) => v === "" || v === null)) break;
    rows.push(r);
  }
  return { headers, rows };
}

/** Reads a block of cells in chunks under the response budget. */
export async function readGrid(context: Excel.RequestContext, sheet: string, row: number, col: number, rows: number, width: number, counter: SyncCounter, budget: number): Promise<CellValue[][]> {
  const out: CellValue[][] = [];
  let perChunk = Math.max(1, Math.floor(budget / Math.max(64, width * 40)));
  let at = 0;
  await readInChunks(context, counter, {
    queue() {
      if (at >= rows) return null;
      const n = Math.min(perChunk, rows - at);
      const range = context.workbook.worksheets.getItem(sheet).getRangeByIndexes(row + at, col, n, width);
      range.load("values");
      return { n, range };
    },
    shrink({ n }) {
      if (n === 1) return false;
      perChunk = Math.max(1, Math.floor(n / 2));
      return true;
    },
    take({ n, range }) {
      const values = range.values as CellValue[][];
      out.push(...values);
      if (values.length) perChunk = Math.max(1, Math.floor(budget / Math.max(64, Math.ceil((jsonBytes(values) / values.length) * 1.2))));
      at += n;
    },
  });
  return out;
}

async function writeInContext(context: Excel.RequestContext, sheet: ReportSheet, found: Found, counter: SyncCounter, budget: number, options: ReportWriteOptions): Promise<string> {
  const { placed, rows: totalRows, width } = place(sheet);
  const first = sheet.tables[0];
  if (!first) throw new Error("A report sheet needs a table");
  const buildName = buildSheetName(first.tableName);
  const create = found.sheetName === null;
  const target = found.sheetName ?? freeSheetName(sheet.names, sheetNamesTaken(found.sheetNames.filter((n) => n.toLowerCase() !== buildName.toLowerCase())));
  const batcher = new WriteBatcher(context, budget, counter, (c) => c.workbook.application.suspendScreenUpdatingUntilNextSync());

  // 1. The build sheet: title lines, each table's mark, caption, header and body formats.
  await batcher.add({
    bytes: (12 + 8 * placed.length + placed.reduce((n, p) => n + p.spec.columns.length, 0)) * CALL_OVERHEAD_BYTES + jsonBytes(sheet.title) + jsonBytes(placed.map((p) => p.spec.columns.map((c) => c.header))),
    queue(c) {
      if (found.buildExists) c.workbook.worksheets.getItem(buildName).delete();
      const ws = c.workbook.worksheets.add(buildName);
      ws.visibility = "Hidden";
      if (sheet.title.length) {
        const t = ws.getRangeByIndexes(0, 0, sheet.title.length, 1);
        t.numberFormat = sheet.title.map(() => ["@"]);
        t.values = sheet.title.map((line) => [line]);
        ws.getRange("A1").format.font.bold = true;
      }
      const targetMark = ws.getRangeByIndexes(0, width + 2, 1, 1);
      targetMark.numberFormat = [["@"]];
      targetMark.values = [[`${TARGET_MARK}${target}`]];
      for (const p of placed) {
        // The mark sits on the caption row (or the row above the header), in the last column, and is not copied.
        const markAt = ws.getRangeByIndexes(p.headerRow - 1 < 0 ? 0 : p.headerRow - 1, width + 1, 1, 1);
        markAt.numberFormat = [["@"]];
        markAt.values = [[`${TABLE_MARK}${p.table.tableName}`]];
        if (p.captionRow !== null) {
          const cap = ws.getRangeByIndexes(p.captionRow, 0, 1, 1);
          cap.numberFormat = [["@"]];
          cap.values = [[p.table.caption as string]];
          cap.format.font.bold = true;
        }
        queueTableSheet(c, buildName, false, p.spec, { row: p.headerRow, col: 0, bodyRows: p.bodyRows });
      }
    },
  });

  // 2. The rows, in blocks that fill each batch. Text in a column that is not Text-formatted (a
  // value kept from a user's or a later feature's cell) is apostrophe-prefixed: it stays text.
  for (const p of placed) {
    const rows = safeRows(p.table);
    const rowBytes = rowPayloadBytes(rows as CellValue[][], 0, p.spec.columns.length);
    let from = 0;
    while (from < rows.length) {
      const n = await batcher.nextBlockRows(rowBytes, from, 3 * CALL_OVERHEAD_BYTES);
      const start = from;
      const count = n;
      let bytes = 3 * CALL_OVERHEAD_BYTES;
      for (let i = start; i < start + count; i++) bytes += rowBytes[i] as number;
      await batcher.add({
        bytes,
        queue(c) {
          c.workbook.worksheets.getItem(buildName).getRangeByIndexes(p.headerRow + 1 + start, 0, count, p.spec.columns.length).values = rows.slice(start, start + count) as CellValue[][];
        },
      });
      from += n;
    }
  }

  // 3. Once the build sheet is complete (synced), one batch of its own puts it in place: old
  // tables to ranges, the old content cleared, the copy, the tables, the user's columns marked,
  // the drop-downs, then the build sheet deleted. Alone in its batch, it is never re-sent in
  // halves: a failure part-way is finished by the next refresh, from the build sheet.
  await batcher.flush();
  const perTable = placed.reduce((n, p) => n + 12 + p.spec.columns.length, 0);
  await batcher.add({
    bytes: (20 + perTable) * CALL_OVERHEAD_BYTES,
    queue(c) {
      const ws = create ? c.workbook.worksheets.add(target) : c.workbook.worksheets.getItem(target);
      if (!create) {
        for (const name of found.tablesOnSheet) ws.tables.getItem(name).convertToRange();
        if (found.usedRows > 0 && found.usedColumns > 0) {
          const old = ws.getRangeByIndexes(0, 0, found.usedRows, found.usedColumns);
          old.conditionalFormats.clearAll();
          old.dataValidation.clear();
          old.clear("All");
        }
      }
      const build = c.workbook.worksheets.getItem(buildName);
      ws.getRangeByIndexes(0, 0, totalRows, width).copyFrom(build.getRangeByIndexes(0, 0, totalRows, width), "All");
      for (const p of placed) {
        queueTable(ws, { ...p.spec, freezeHeader: false }, { row: p.headerRow, col: 0, bodyRows: p.bodyRows });
        p.table.columns.forEach((col, i) => {
          const fill = col.role === "user" ? USER_HEADER_FILL : col.role === "placeholder" ? PLACEHOLDER_HEADER_FILL : col.role === "hidden" ? HIDDEN_HEADER_FILL : null;
          if (fill) ws.getRangeByIndexes(p.headerRow, i, 1, 1).format.fill.color = fill;
          if (col.role === "hidden") ws.getRange(`${columnLetter(i)}:${columnLetter(i)}`).columnHidden = true;
        });
        if (p.table.dropDown) queueDropDown(ws.getRangeByIndexes(p.headerRow + 1, p.table.dropDown.column, p.bodyRows, 1), p.table.dropDown);
        if (create) queueColumnWidths(ws, 0, p.spec.columns);
      }
      const firstPlaced = placed[0];
      if (sheet.freezeFirstHeader && firstPlaced) ws.freezePanes.freezeRows(firstPlaced.headerRow + 1);
      build.delete();
      options.alsoQueue?.(c, found.metadata);
    },
  });
  await batcher.flush();
  return target;
}

function safeRows(table: ReportTable): readonly CellValue[][] {
  const risky = table.columns.map((c, i) => (c.kind === "text" ? -1 : i)).filter((i) => i >= 0);
  if (!risky.length) return table.rows;
  return table.rows.map((row) => {
    if (!risky.some((i) => typeof row[i] === "string" && row[i] !== "" && !(row[i] as string).startsWith("'"))) return row;
    return row.map((v, i) => (risky.includes(i) && typeof v === "string" && v !== "" && !v.startsWith("'") ? literal(v) : v));
  });
}

/** The A/R/P/N list (from the lists sheet, so any case passes) with the caller's prompt. */
function queueDropDown(range: Excel.Range, d: { title: string; message: string }): void {
  const fromSheet = queueListsSheet(range.context);
  range.dataValidation.clear();
  range.dataValidation.rule = { list: { inCellDropDown: true, source: fromSheet ? ACTION_LIST_REFERENCE : "A,R,P,N" } };
  range.dataValidation.prompt = { showPrompt: true, title: d.title, message: d.message };
  range.dataValidation.errorAlert = { showAlert: true, style: "Stop", title: "Not an IMS action", message: "Enter A (accept), R (reject) or P (keep pending), or leave it empty." };
  range.dataValidation.ignoreBlanks = true;
}

/** The column (0-based) of a header in a table read back, or -1. */
export function headerIndex(content: TableContent, header: string): number {
  return content.headers.findIndex((h) => h.trim() === header);
}
