/**
 * Locating and measuring section sheets: which sheet holds each section (by its table, or by
 * its name), where its header is, which columns are where, how many rows it holds and about how
 * many bytes a row reads as. Nothing of the rows is read here.
 */
import { allSections, parseSectionCode, type SectionCode } from "../ims/sections";
import { jsonBytes, type SyncCounter } from "./chunking";
import { isBlankRow, mapColumns, type CellValue, type ColumnMap } from "./cells";
import { sectionLayout, type ColumnId, type SectionLayout } from "./layout";
import { loadMetadata, metadataOf, type WorkbookMetadata } from "./metadata";
import { PULL_MARKER_KEY } from "./recovery";

/** Rows read with the header to estimate the bytes per row. */
const SAMPLE_ROWS = 32;
/** Extra columns read past the layout's width, in case the user added some to the table. */
const EXTRA_COLUMNS = 8;

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

/** What the probe's first sync saw: enough for a caller to decide which sections to probe. */
export interface WorkbookGlance {
  metadata: WorkbookMetadata | null;
  sheetNames: readonly string[];
}

/**
 * Finds each section's sheet and measures it: 2 syncs, plus one more only when a section's
 * table sits on a renamed sheet or away from A1. The sections may be decided from what the
 * first sync saw (a planned pull).
 */
export async function probeWorkbook(
  context: Excel.RequestContext,
  sectionsWanted: readonly SectionCode[] | ((glance: WorkbookGlance) => readonly SectionCode[]),
  counter: SyncCounter,
): Promise<WorkbookState> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const setting = loadMetadata(context);
  const marker = context.workbook.settings.getItemOrNullObject(PULL_MARKER_KEY);
  marker.load("value");
  counter.syncs++;
  await context.sync();
  const sheetNames = worksheets.items.map((w) => w.name);
  const metadata = metadataOf(setting);
  const sections = typeof sectionsWanted === "function" ? sectionsWanted({ metadata, sheetNames }) : sectionsWanted;

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
