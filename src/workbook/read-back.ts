/**
 * Reading section sheets back: find each section's sheet, read its rows in chunks sized to the
 * response budget (several sheets share a sync), type them into ReviewRows, and report every
 * problem on its row: unreadable actions and amounts, duplicate keys, missing or edited hidden
 * columns, edited record fields, and Action cells that lost their drop-down (which is put back).
 */
import { yieldToHost } from "./yield";
import type { ReviewRow, RowProblem } from "../ims/review-rows";
import { allSections, parseSectionCode, type SectionCode } from "../ims/sections";
import { DEFAULT_BUDGET_BYTES, isPayloadLimitError, jsonBytes, type SyncCounter } from "./chunking";
import { isBlankRow, mapColumns, rawRowToLayout, type CellValue, type ColumnMap } from "./cells";
import { RowReader } from "./row-reader";
import { sectionLayout, type ColumnId, type SectionLayout } from "./layout";
import { loadMetadata, metadataOf, type WorkbookMetadata } from "./metadata";
import { PULL_MARKER_KEY } from "./recovery";
import { queueActionValidation } from "./section-sheet";
import { findLostDropDowns, validationVerdict, type ActionColumn } from "./validation-scan";

/** Rows read with the header to estimate the bytes per row. */
const SAMPLE_ROWS = 32;
/** Extra columns read past the layout's width, in case the user added some to the table. */
const EXTRA_COLUMNS = 8;
/** Excel returns null for reads above 5,000,000 cells: stay well below. */
const MAX_CELLS_PER_READ = 1_000_000;
const READ_OVERHEAD_BYTES = 300;
/** Rows ahead may be longer than the rows seen so far: aim this much above what was seen. */
const READ_MARGIN = 1.05;

export interface SheetProbe {
  section: SectionCode;
  layout: SectionLayout;
  /** The sheet holding the section, or null when there is none. */
  sheetName: string | null;
  /** The sheet holds the section's Excel table. */
  hasTable: boolean;
  /** A sheet with the section's plain name exists but was not made by this add-in. */
  nameTakenByOther: boolean;
  /** 0-based row and column of the header row's first cell. */
  originRow: number;
  originCol: number;
  /** Columns read from the origin. */
  width: number;
  /** Rows below the header down to the last used row. */
  bodyRows: number;
  /** The used range's right edge (0-based column after its last column): a rewrite clears up to it. */
  usedColumns: number;
  map: ColumnMap;
  missing: ColumnId[];
  /** Columns the user added to the table (not in the layout), kept by a pull. */
  userColumns: { index: number; header: string }[];
  /** Estimated response bytes per body row. */
  rowBytes: number;
}

/** Cells of the columns a user added, per sheet row, with their number formats. */
export interface UserColumns {
  headers: string[];
  /** By sheet row; only rows with something in those columns. */
  rows: Map<number, { values: CellValue[]; formats: string[]; formulas: (string | undefined)[] }>;
}

export interface UnrecognisedRow {
  sheetRow: number;
  /** The row's cells in layout column order, as they are to be written back. */
  cells: CellValue[];
}

export interface SectionSheetRead {
  section: SectionCode;
  sheetName: string | null;
  rows: ReviewRow[];
  /** Every problem found, in sheet-row order. */
  problems: RowProblem[];
  /** Rows that cannot be tied to a record; kept by a pull, never submitted. */
  unrecognised: UnrecognisedRow[];
  /** Sheet rows whose Action cell had lost its drop-down. */
  validationLost: number[];
  /** Whether the drop-down was put back on the whole Action column. */
  validationRepaired: boolean;
  /** Columns the user added to the sheet's table, and what they hold. */
  userColumns: UserColumns;
}

export interface ReadOptions {
  /** Put the Action drop-down back where it was lost (default true). */
  repairValidation?: boolean;
  /** Bytes aimed for per response (default DEFAULT_BUDGET_BYTES). */
  budgetBytes?: number;
}

export interface WorkbookState {
  sheetNames: string[];
  metadata: WorkbookMetadata | null;
  probes: SheetProbe[];
  /** The tables on each sheet, by sheet name. */
  tablesBySheet: Map<string, { tables: string[] }>;
  /** The marker of an interrupted pull, as stored (null when there is none); see recovery.ts. */
  pullMarker: unknown;
}

function text(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
}

/** Whether a header row is this layout's: its key column and most headers are there. */
function looksLikeLayout(layout: SectionLayout, headers: readonly CellValue[]): boolean {
  const set = new Set(headers.map((h) => text(h).trim()));
  const found = layout.columns.filter((c) => set.has(c.header)).length;
  return set.has(layout.columns[layout.index.key as number]?.header ?? "") || found >= layout.columns.length / 2;
}

function lastNonBlank(headers: readonly CellValue[]): number {
  for (let i = headers.length - 1; i >= 0; i--) if (text(headers[i]).trim() !== "") return i;
  return -1;
}

function estimateRowBytes(rows: readonly CellValue[][], width: number): number {
  const dense = rows.filter((r) => !isBlankRow(r));
  if (!dense.length) return Math.max(64, width * 16);
  return Math.ceil(jsonBytes(dense) / dense.length) + 1;
}

/**
 * Finds each section's sheet and measures it: 2 syncs, plus one more only when a section's
 * table sits on a renamed sheet or away from A1.
 */
export async function probeWorkbook(context: Excel.RequestContext, sections: readonly SectionCode[], counter: SyncCounter): Promise<WorkbookState> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const setting = loadMetadata(context);
  const marker = context.workbook.settings.getItemOrNullObject(PULL_MARKER_KEY);
  marker.load("value");
  counter.syncs++;
  await context.sync();
  const sheetNames = worksheets.items.map((w) => w.name);
  const metadata = metadataOf(setting);

  const maxWidth = Math.max(...allSections().map((s) => sectionLayout(s.code).columns.length)) + EXTRA_COLUMNS;
  const perSheet = worksheets.items.map((ws) => {
    const tables = ws.tables;
    tables.load("items/name");
    const used = ws.getUsedRangeOrNullObject(true);
    used.load("rowIndex,rowCount,columnIndex,columnCount");
    const named = parseSectionCode(ws.name.replace(/\s*\(IMS\)\s*\d*$/i, "")) !== null;
    let header: Excel.Range | null = null;
    let sample: Excel.Range | null = null;
    if (named) {
      header = ws.getRangeByIndexes(0, 0, 1, maxWidth);
      header.load("values");
      sample = ws.getRangeByIndexes(1, 0, SAMPLE_ROWS, maxWidth);
      sample.load("values");
    }
    return { ws, name: ws.name, tables, used, header, sample };
  });
  counter.syncs++;
  await context.sync();

  const probes: SheetProbe[] = [];
  const needTableProbe: { probe: SheetProbe; sheet: (typeof perSheet)[number] }[] = [];
  for (const section of sections) {
    const layout = sectionLayout(section);
    const probe: SheetProbe = {
      section,
      layout,
      sheetName: null,
      hasTable: false,
      nameTakenByOther: false,
      originRow: 0,
      originCol: 0,
      width: layout.columns.length,
      bodyRows: 0,
      usedColumns: 0,
      map: {} as ColumnMap,
      missing: [],
      userColumns: [],
      rowBytes: layout.columns.length * 16,
    };
    probes.push(probe);
    const withTable = perSheet.find((s) => s.tables.items.some((t) => t.name === layout.tableName));
    const byName = perSheet.find((s) => s.name === layout.sheetName);
    const chosen = withTable ?? byName;
    if (!chosen) continue;
    const headers = (chosen.header?.values[0] ?? []) as CellValue[];
    if (chosen.header && looksLikeLayout(layout, headers)) {
      probe.sheetName = chosen.name;
      probe.hasTable = chosen === withTable;
      probe.width = lastNonBlank(headers) + 1;
      const usedEnd = chosen.used.isNullObject ? 1 : chosen.used.rowIndex + chosen.used.rowCount;
      probe.bodyRows = Math.max(0, usedEnd - 1);
      probe.usedColumns = chosen.used.isNullObject ? 0 : chosen.used.columnIndex + chosen.used.columnCount;
      const sample = ((chosen.sample?.values ?? []) as CellValue[][]).slice(0, probe.bodyRows).map((r) => r.slice(0, probe.width));
      probe.rowBytes = estimateRowBytes(sample, probe.width);
      setColumns(probe, headers.slice(0, probe.width));
    } else if (withTable) {
      probe.sheetName = withTable.name;
      probe.hasTable = true;
      needTableProbe.push({ probe, sheet: withTable });
    } else {
      probe.nameTakenByOther = true;
    }
  }

  if (needTableProbe.length) {
    const loads = needTableProbe.map(({ probe, sheet }) => {
      const table = sheet.ws.tables.getItemOrNullObject(probe.layout.tableName);
      const range = table.getRange();
      range.load("rowIndex,columnIndex,rowCount,columnCount");
      const header = table.getHeaderRowRange();
      header.load("values");
      const sample = header.getOffsetRange(1, 0).getResizedRange(SAMPLE_ROWS - 1, 0);
      sample.load("values");
      return { probe, sheet, range, header, sample };
    });
    counter.syncs++;
    await context.sync();
    for (const { probe, sheet, range, header, sample } of loads) {
      const headers = (header.values[0] ?? []) as CellValue[];
      probe.originRow = range.rowIndex;
      probe.originCol = range.columnIndex;
      probe.width = range.columnCount;
      const usedEnd = sheet.used.isNullObject ? 0 : sheet.used.rowIndex + sheet.used.rowCount;
      probe.bodyRows = Math.max(range.rowCount - 1, usedEnd - range.rowIndex - 1, 0);
      probe.usedColumns = Math.max(range.columnIndex + range.columnCount, sheet.used.isNullObject ? 0 : sheet.used.columnIndex + sheet.used.columnCount);
      probe.rowBytes = estimateRowBytes((sample.values as CellValue[][]).slice(0, probe.bodyRows), probe.width);
      setColumns(probe, headers);
    }
  }
  const tablesBySheet = new Map(perSheet.map((p) => [p.name, { tables: p.tables.items.map((t) => t.name) }]));
  return { sheetNames, metadata, probes, tablesBySheet, pullMarker: marker.isNullObject ? null : (marker.value as unknown) };
}

function setColumns(probe: SheetProbe, headers: readonly CellValue[]): void {
  const { map, missing } = mapColumns(probe.layout, headers);
  probe.map = map;
  probe.missing = missing;
  const known = new Set(Object.values(map));
  probe.userColumns = [];
  headers.forEach((h, index) => {
    const header = text(h).trim();
    if (header !== "" && !known.has(index)) probe.userColumns.push({ index, header });
  });
}

export interface SheetCells {
  values: CellValue[][];
  /** Number formats of the user's columns, by body row offset. */
  userFormats: string[][];
  /** R1C1 formulas of the user's columns, per body row (undefined where a cell holds a constant). */
  userFormulas: (string | undefined)[][];
  /** Body row offsets whose Action cell has no drop-down. */
  lost: Set<number>;
}

interface Span {
  probe: SheetProbe;
  start: number;
  count: number;
}

/** Where a probed sheet's Action cells are, or null when it has none. */
function actionColumn(probe: SheetProbe): ActionColumn | null {
  const col = probe.map.action;
  if (col === undefined || col < 0 || !probe.sheetName) return null;
  return { sheetName: probe.sheetName, firstRow: probe.originRow + 1, column: probe.originCol + col };
}

function actionRange(context: Excel.RequestContext, probe: SheetProbe, start: number, count: number): Excel.Range | null {
  const at = actionColumn(probe);
  return at ? context.workbook.worksheets.getItem(at.sheetName).getRangeByIndexes(at.firstRow + start, at.column, count, 1) : null;
}

/** Reads the body rows of every probed sheet, packing chunks of several sheets into each sync. */
export async function readBodies(
  context: Excel.RequestContext,
  probes: readonly SheetProbe[],
  counter: SyncCounter,
  budget = DEFAULT_BUDGET_BYTES,
): Promise<Map<SheetProbe, SheetCells>> {
  const out = new Map<SheetProbe, SheetCells>();
  const todo = probes.filter((p) => p.sheetName && p.bodyRows > 0);
  for (const p of probes) out.set(p, emptyCells(p.bodyRows));
  const next = new Map<SheetProbe, number>(todo.map((p) => [p, 0]));
  const estimate = new Map<SheetProbe, number>(todo.map((p) => [p, Math.ceil((p.rowBytes + 16 * p.userColumns.length) * READ_MARGIN)]));
  const searches: Span[] = [];

  for (;;) {
    const open = todo.filter((p) => (next.get(p) as number) < p.bodyRows);
    if (!open.length) break;
    let room = budget;
    const batch: { span: Span; range: Excel.Range; dv: Excel.DataValidation | null; formats: Excel.Range[] }[] = [];
    for (const p of open) {
      const est = estimate.get(p) as number;
      let at = next.get(p) as number;
      let n = Math.min(p.bodyRows - at, Math.floor((room - READ_OVERHEAD_BYTES) / est), Math.floor(MAX_CELLS_PER_READ / Math.max(1, p.width)));
      if (n <= 0) {
        if (batch.length) break;
        n = 1;
      }
      const ws = context.workbook.worksheets.getItem(p.sheetName as string);
      const range = ws.getRangeByIndexes(p.originRow + 1 + at, p.originCol, n, p.width);
      range.load("values");
      const ar = actionRange(context, p, at, n);
      const dv = ar ? ar.dataValidation : null;
      dv?.load("type,rule");
      const formats = p.userColumns.map((u) => {
        const f = ws.getRangeByIndexes(p.originRow + 1 + at, p.originCol + u.index, n, 1);
        f.load("numberFormat,formulasR1C1");
        return f;
      });
      batch.push({ span: { probe: p, start: at, count: n }, range, dv, formats });
      at += n;
      next.set(p, at);
      room -= n * est + READ_OVERHEAD_BYTES;
      if (room < READ_OVERHEAD_BYTES + est) break;
    }
    try {
      counter.syncs++;
      await context.sync();
    } catch (e) {
      if (!isPayloadLimitError(e)) throw e;
      if (batch.length === 1 && batch[0]?.span.count === 1) throw e;
      counter.retries++;
      for (const { span } of batch) {
        next.set(span.probe, Math.min(next.get(span.probe) as number, span.start));
        estimate.set(span.probe, Math.ceil((estimate.get(span.probe) as number) * 1.6));
      }
      continue;
    }
    for (const { span, range, dv, formats } of batch) {
      const values = range.values as CellValue[][];
      const cells = out.get(span.probe) as SheetCells;
      const target = cells.values;
      for (let i = 0; i < span.count; i++) target[span.start + i] = (values[i] ?? []) as CellValue[];
      if (formats.length) {
        const loaded = formats.map((f) => f.numberFormat as string[][]);
        for (let i = 0; i < span.count; i++) cells.userFormats[span.start + i] = loaded.map((col) => String(col[i]?.[0] ?? "General"));
        const formulas = formats.map((f) => f.formulasR1C1 as unknown[][]);
        for (let i = 0; i < span.count; i++) cells.userFormulas[span.start + i] = formulas.map((col) => formulaOf(col[i]?.[0]));
      }
      const observed = Math.ceil(jsonBytes(values) / span.count) + 1 + 16 * span.probe.userColumns.length;
      estimate.set(span.probe, Math.max(Math.ceil(observed * READ_MARGIN), Math.ceil(span.probe.width * 3)));
      if (dv) noteValidation(dv, span, out, searches);
    }
  }

  // Locate the cells that lost the drop-down inside chunks whose cells differ.
  const mixed = searches.map((s) => ({ key: s.probe, start: s.start, count: s.count }));
  await findLostDropDowns(context, mixed, actionColumn, (span) => markLost(out, span.key, span.start, span.count), counter, budget);
  return out;
}

export function emptyCells(rows: number): SheetCells {
  return { values: new Array(rows), userFormats: new Array(rows), userFormulas: new Array(rows), lost: new Set() };
}

function formulaOf(v: unknown): string | undefined {
  return typeof v === "string" && v.startsWith("=") ? v : undefined;
}

/** Notes a span's loaded validation: kept throughout, lost throughout, or to be searched. */
function noteValidation(dv: Excel.DataValidation, span: Span, out: Map<SheetProbe, SheetCells>, searches: Span[]): void {
  const verdict = validationVerdict(dv, span.count);
  if (verdict === "search") searches.push(span);
  else if (verdict === "lost") markLost(out, span.probe, span.start, span.count);
}

function markLost(out: Map<SheetProbe, SheetCells>, probe: SheetProbe, start: number, count: number): void {
  const lost = (out.get(probe) as SheetCells).lost;
  for (let i = 0; i < count; i++) lost.add(start + i);
}

/** Types the cells of one sheet into rows and problems. */
export function parseSheet(probe: SheetProbe, cells: SheetCells, repaired: boolean): SectionSheetRead {
  const { layout } = probe;
  const read: SectionSheetRead = {
    section: probe.section,
    sheetName: probe.sheetName,
    rows: [],
    problems: [],
    unrecognised: [],
    validationLost: [],
    validationRepaired: false,
    userColumns: { headers: probe.userColumns.map((u) => u.header), rows: new Map() },
  };
  const headerRow = probe.originRow + 1;
  for (const id of probe.missing) {
    const col = layout.columns[layout.index[id] as number];
    read.problems.push({
      sheetRow: headerRow,
      field: col?.header ?? id,
      code: "column-missing",
      message: `Row ${headerRow}: the column "${col?.header ?? id}" is missing from the header; pull again to restore the sheet's columns.`,
    });
  }
  const actionHeader = layout.columns[layout.index.action as number]?.header ?? "Action";
  const reader = new RowReader(layout, probe.map);
  for (let i = 0; i < probe.bodyRows; i++) {
    const row = cells.values[i];
    if (!row || isBlankRow(row)) continue;
    const sheetRow = probe.originRow + 2 + i;
    const parsed = reader.read(row, sheetRow);
    if (probe.userColumns.length) {
      const values = probe.userColumns.map((u) => (row[u.index] ?? "") as CellValue);
      if (!isBlankRow(values) || cells.userFormulas[i]?.some((f) => f !== undefined)) read.userColumns.rows.set(sheetRow, { values, formats: cells.userFormats[i] ?? values.map(() => "General"), formulas: cells.userFormulas[i] ?? [] });
    }
    if (parsed.row) read.rows.push(parsed.row);
    else read.unrecognised.push({ sheetRow, cells: rawRowToLayout(layout, row, probe.map) });
    read.problems.push(...parsed.problems);
    if (cells.lost.has(i)) {
      read.validationLost.push(sheetRow);
      const problem: RowProblem = {
        sheetRow,
        field: actionHeader,
        code: "validation-lost",
        message: `Row ${sheetRow}, column "${actionHeader}": the A/R/P/N drop-down was removed (usually by pasting over it); ${repaired ? "it has been put back" : "it is put back on the next pull or before submitting"}. Check the action typed there.`,
      };
      if (parsed.row) problem.key = parsed.row.key;
      read.problems.push(problem);
    }
  }

  // The same record on more than one row (copied or pasted rows).
  const byKey = new Map<string, ReviewRow[]>();
  for (const r of read.rows) {
    const group = byKey.get(r.key);
    if (group) group.push(r);
    else byKey.set(r.key, [r]);
  }
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      const others = group.filter((o) => o !== r).map((o) => o.sheetRow);
      read.problems.push({
        sheetRow: r.sheetRow,
        key: r.key,
        field: layout.columns[layout.index.key as number]?.header ?? "key",
        code: "duplicate-key",
        message: `Row ${r.sheetRow}: the same record (${r.record.supplierGstin}, ${r.record.docNumber}, ${r.record.returnPeriod}) is also on row${others.length > 1 ? "s" : ""} ${others.join(", ")}; keep one row and delete the others.`,
      });
    }
  }
  read.problems.sort((a, b) => a.sheetRow - b.sheetRow);
  read.validationRepaired = repaired && read.validationLost.length > 0;
  return read;
}

/** Puts the drop-down back on the whole Action column of the sheets that lost some. One sync. */
export async function repairValidation(context: Excel.RequestContext, probes: readonly SheetProbe[], counter: SyncCounter): Promise<void> {
  let queued = false;
  for (const p of probes) {
    const range = actionRange(context, p, 0, p.bodyRows);
    if (!range || p.bodyRows === 0) continue;
    queueActionValidation(range);
    queued = true;
  }
  if (queued) {
    counter.syncs++;
    await context.sync();
  }
}

/** Reads section sheets inside an Excel.run the caller owns. */
export async function readSectionsInContext(
  context: Excel.RequestContext,
  sections: readonly SectionCode[],
  options: ReadOptions = {},
  counter: SyncCounter = { syncs: 0, retries: 0 },
): Promise<{ reads: SectionSheetRead[]; state: WorkbookState }> {
  const state = await probeWorkbook(context, sections, counter);
  const cells = await readBodies(context, state.probes, counter, options.budgetBytes);
  const repair = options.repairValidation ?? true;
  const lostIn = state.probes.filter((p) => (cells.get(p)?.lost.size ?? 0) > 0);
  if (repair && lostIn.length) await repairValidation(context, lostIn, counter);
  const reads: SectionSheetRead[] = [];
  for (const p of state.probes) {
    reads.push(parseSheet(p, cells.get(p) as SheetCells, repair && lostIn.includes(p)));
    await yieldToHost();
  }
  return { reads, state };
}

/** Reads the sheets of the given sections (default: all eight) back as typed rows and problems. */
export async function readSectionSheets(sections: readonly SectionCode[] = allSections().map((s) => s.code), options: ReadOptions = {}): Promise<SectionSheetRead[]> {
  return Excel.run({ delayForCellEdit: true }, async (context) => (await readSectionsInContext(context, sections, options)).reads);
}

/** Reads one section's sheet back (an empty read when the workbook has no such sheet). */
export async function readSectionSheet(section: SectionCode, options: ReadOptions = {}): Promise<SectionSheetRead> {
  return (await readSectionSheets([section], options))[0] as SectionSheetRead;
}
