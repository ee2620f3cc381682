/**
 * An in-memory Excel for tests: `installExcelFake()` puts a fake `Excel` (with `Excel.run`) and
 * `OfficeExtension.Error` on globalThis, backed by an in-memory workbook, and returns a handle to
 * count round trips, act as a user (and as a co-author between syncs), make chosen syncs fail or
 * hang, inspect and seed the workbook, and uninstall.
 *
 * It implements exactly docs/excel-api-subset.md with Excel's semantics (see the module docs of
 * context.ts, coercion.ts, model-*.ts) and runs in Node and in a browser page: no Node built-ins,
 * no jest. Known differences from Excel: KNOWN-DIFFERENCES.md.
 */
import { formatRef, parseAddress, type Rect } from "./addresses";
import { chartInfo, type ChartInfo } from "./chart";
import { emptyStats, FakeClientObject, FakeRequestContext, Session, type SyncStats } from "./context";
import { Codes, EXCEL_ERROR_CODES, FakeOfficeError, OFFICE_EXTENSION_ERROR_CODES, officeError } from "./errors";
import type { SyncFaults, SyncInfo } from "./faults";
import { WorkbookModel, type ModelOptions } from "./model";
import { readValues, writeContent, writeNumberFormats } from "./model-content";
import { createUserActions, type UserActions } from "./user-actions";
import { FakeWorkbook } from "./workbook";

export type { SyncStats } from "./context";
export type { SyncFault, SyncFaultKind, SyncFaults, SyncInfo } from "./faults";
export type { UserActions } from "./user-actions";
export type { ChartInfo } from "./chart";
export { FakeOfficeError, NotInSubsetError } from "./errors";
export { dateToSerial, serialToDate } from "./dates";

export interface FakeExcelOptions {
  /** Request and response limit per sync, in UTF-8 bytes of JSON. Default 5,000,000 (Excel on the web). */
  payloadLimitBytes?: number;
  /** Worksheets of the new workbook, in order. Default ["Sheet1"], like a new Excel workbook. */
  sheets?: string[];
  /** How the *user* types dates (typeInto, paste): "DMY" (en-IN, default) or "MDY". API writes always parse month first. */
  userDateOrder?: "DMY" | "MDY";
  /** Today's date as "YYYY-MM-DD", for dates typed without a year. Default: the real date. */
  today?: string;
  /** Throw NotInSubsetError when code touches an API member the contract doesn't list. Default true. */
  strictSubset?: boolean;
  /**
   * `worksheet.tables` (its items and `getItemOrNullObject`) also finds the tables of other
   * worksheets, as reported on Windows (office-js#2235). Default false.
   */
  worksheetTablesReturnOtherSheets?: boolean;
  /**
   * Tables grow over values written (by the API or the user) on the row right below them. False
   * models a user whose AutoCorrect option "Include new rows and columns in table" is off
   * (office-js#6745 shows AutoCorrect applies to API writes). Default true.
   */
  tableAutoExpand?: boolean;
}

export interface CellInfo {
  /** What `Range.values` returns: number, string, boolean, error text, or "" when empty. */
  value: unknown;
  /** The formula ("=…"), or null. */
  formula: string | null;
  numberFormat: string;
  /** The cell's data validation ({ rule, errorAlert, prompt, ignoreBlanks }), or null. */
  validation: unknown | null;
}

export interface Inspect {
  sheetNames(): string[];
  cell(sheet: string, address: string): CellInfo;
  values(sheet: string, address: string): unknown[][];
  /** Used range (values or formats) without the sheet name, e.g. "A1:D20"; null when blank. */
  usedRange(sheet: string): string | null;
  settings(): Record<string, unknown>;
  /** Tables of the sheet with their addresses (header row included), e.g. { name: "Table1", address: "A1:D20" }. */
  tables(sheet: string): { name: string; address: string }[];
  /** Conditional formats, highest priority first; `address` may list several areas ("A2:A5,A8:A9"). */
  conditionalFormats(sheet: string): { address: string; formula: string; fill?: string; font?: string }[];
  frozenRows(sheet: string): number;
  /** Hidden columns as 0-based indices (A = 0), ascending. */
  hiddenColumns(sheet: string): number[];
  /** Width in points set on column `col` (0-based), or null when it has Excel's default width. */
  columnWidth(sheet: string, col: number): number | null;
  /** Whether row `row` (1-based, as in A1) is hidden by a table filter. */
  rowHidden(sheet: string, row: number): boolean;
  /** The sheet's charts in the order they were added, with their series read from the source cells now. */
  charts(sheet: string): ChartInfo[];
}

export interface Seed {
  addSheet(name: string): void;
  /** Writes values as `Range.values` would (same coercion), without a sync or payload accounting. */
  setValues(sheet: string, topLeft: string, rows: unknown[][]): void;
  /** Sets number formats (e.g. "@") as `Range.numberFormat` would, without a sync. */
  setNumberFormats(sheet: string, topLeft: string, formats: string[][]): void;
}

export interface FakeExcelHandle {
  stats(): SyncStats;
  resetStats(): void;
  user: UserActions;
  inspect: Inspect;
  /** Seed content directly (no payload accounting): for tests that start from an existing workbook. */
  seed: Seed;
  /** Make chosen syncs fail (GeneralException, InvalidOperation) or hang. */
  faults: SyncFaults;
  /**
   * Calls `hook` before each sync that sends a request is applied (even one a fault or cell-edit
   * mode will then stop), so it can act as a co-author through `handle.user`. Returns a function
   * that removes the hook. An exception from the hook rejects that sync with it.
   */
  beforeEachSync(hook: (info: SyncInfo) => void): () => void;
  /** Leaves hung or delayed syncs pending (see `faults.releaseHung`). */
  uninstall(): void;
}

export const ConditionalFormatType = Object.freeze({
  custom: "Custom", dataBar: "DataBar", colorScale: "ColorScale", iconSet: "IconSet", topBottom: "TopBottom",
  presetCriteria: "PresetCriteria", containsText: "ContainsText", cellValue: "CellValue",
});

const ENUMS = {
  ConditionalFormatType,
  DataValidationAlertStyle: Object.freeze({ stop: "Stop", warning: "Warning", information: "Information" }),
  DataValidationType: Object.freeze({
    none: "None", wholeNumber: "WholeNumber", decimal: "Decimal", list: "List", date: "Date", time: "Time",
    textLength: "TextLength", custom: "Custom", inconsistent: "Inconsistent", mixedCriteria: "MixedCriteria",
  }),
  ClearApplyTo: Object.freeze({
    all: "All", formats: "Formats", contents: "Contents", hyperlinks: "Hyperlinks", removeHyperlinks: "RemoveHyperlinks", resetContents: "ResetContents",
  }),
  DeleteShiftDirection: Object.freeze({ up: "Up", left: "Left" }),
  InsertShiftDirection: Object.freeze({ down: "Down", right: "Right" }),
  SheetVisibility: Object.freeze({ visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" }),
  ChartType: Object.freeze({ columnClustered: "ColumnClustered", barClustered: "BarClustered", pie: "Pie", line: "Line", doughnut: "Doughnut" }),
  ChartSeriesBy: Object.freeze({ auto: "Auto", columns: "Columns", rows: "Rows" }),
  ChartLegendPosition: Object.freeze({ invalid: "Invalid", top: "Top", bottom: "Bottom", left: "Left", right: "Right", corner: "Corner", custom: "Custom" }),
  FilterOn: Object.freeze({
    bottomItems: "BottomItems", bottomPercent: "BottomPercent", cellColor: "CellColor", dynamic: "Dynamic", fontColor: "FontColor",
    values: "Values", topItems: "TopItems", topPercent: "TopPercent", icon: "Icon", custom: "Custom",
  }),
};

function rectAt(address: string): Rect {
  const p = parseAddress(address);
  if (!p) throw officeError(Codes.invalidArgument, `bad address ${JSON.stringify(address)}`);
  return { r0: p.r0, c0: p.c0, r1: p.r1, c1: p.c1 };
}

function blockAt(topLeft: string, rows: readonly unknown[][]): Rect {
  const at = rectAt(topLeft);
  const width = rows[0]?.length ?? 0;
  if (rows.length === 0 || width === 0) throw officeError(Codes.invalidArgument, "empty block");
  return { r0: at.r0, c0: at.c0, r1: at.r0 + rows.length - 1, c1: at.c0 + width - 1 };
}

function createInspect(wb: WorkbookModel): Inspect {
  return {
    sheetNames: () => wb.sheets.map((s) => s.name),
    cell(sheet, address) {
      const s = wb.requireSheet(sheet);
      const { r0: r, c0: c } = rectAt(address);
      const spec = s.cells.attr(r, c, "dv");
      return {
        value: s.cells.value(r, c) ?? "",
        formula: s.cells.formula(r, c) ?? null,
        numberFormat: s.cells.attr(r, c, "nf"),
        validation: spec && spec.rule ? { rule: spec.rule, errorAlert: spec.errorAlert, prompt: spec.prompt, ignoreBlanks: spec.ignoreBlanks } : null,
      };
    },
    values: (sheet, address) => readValues(wb.requireSheet(sheet), rectAt(address)),
    usedRange(sheet) {
      const b = wb.requireSheet(sheet).cells.bounds(false);
      return b ? formatRef(b) : null;
    },
    settings: () => JSON.parse(JSON.stringify(Object.fromEntries(wb.settings))) as Record<string, unknown>,
    tables: (sheet) => wb.requireSheet(sheet).tables.map((t) => ({ name: t.name, address: formatRef(t.rect) })),
    conditionalFormats: (sheet) =>
      wb.requireSheet(sheet).cfs.map((cf) => {
        const out: { address: string; formula: string; fill?: string; font?: string } = { address: cf.rects.map(formatRef).join(","), formula: cf.formula };
        if (cf.fill) out.fill = cf.fill;
        if (cf.fontColor) out.font = cf.fontColor;
        return out;
      }),
    frozenRows: (sheet) => wb.requireSheet(sheet).frozenRows,
    hiddenColumns: (sheet) => Array.from(wb.requireSheet(sheet).hiddenCols).sort((a, b) => a - b),
    columnWidth: (sheet, col) => wb.requireSheet(sheet).colWidths.get(col) ?? null,
    rowHidden: (sheet, row) => wb.requireSheet(sheet).filterHidden.has(row - 1),
    charts: (sheet) => wb.requireSheet(sheet).charts.map((c) => chartInfo(c, readValues)),
  };
}

type Batch = (context: FakeRequestContext) => unknown;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The context an Excel.run reuses: from `previousObjects` (an API object, an array of them, or a context). */
function contextOf(objects: unknown): FakeRequestContext | undefined {
  if (objects instanceof FakeRequestContext) return objects;
  if (objects instanceof FakeClientObject) return objects._ctx;
  if (Array.isArray(objects) && objects[0] instanceof FakeClientObject) return objects[0]._ctx;
  return undefined;
}

/** Excel.run(batch), Excel.run(object, batch) and Excel.run(options: Excel.RunOptions, batch). */
function makeRun(session: Session): (...args: unknown[]) => Promise<unknown> {
  const hooks = { createWorkbook: (ctx: FakeRequestContext) => FakeWorkbook.create(ctx) };
  return async (...args: unknown[]): Promise<unknown> => {
    const batch = args[args.length - 1];
    if (typeof batch !== "function") throw officeError(Codes.invalidArgument, "Excel.run needs a batch function");
    const first = args.length > 1 ? args[0] : undefined;
    const options = isPlainObject(first) ? first : {};
    const ctx = contextOf(isPlainObject(first) ? first.previousObjects : first) ?? new FakeRequestContext(session, hooks);
    const outer = { delay: ctx._delayForCellEdit, run: ctx._runIndex };
    ctx._delayForCellEdit = options.delayForCellEdit === true;
    ctx._runIndex = ++session.runCount;
    try {
      const result: unknown = (batch as Batch)(ctx);
      if (result === null || result === undefined || typeof (result as { then?: unknown }).then !== "function") {
        throw officeError(Codes.runMustReturnPromise);
      }
      const value = await result;
      // Excel.run syncs whatever is still queued when the batch's promise resolves.
      await ctx._sync(true);
      return value;
    } finally {
      // As Office.js does, release the Range objects the batch created: they can't be used again.
      ctx._pending = [];
      ctx._endRun();
      ctx._delayForCellEdit = outer.delay;
      ctx._runIndex = outer.run;
    }
  };
}

export function installExcelFake(options: FakeExcelOptions = {}): FakeExcelHandle {
  const modelOptions: ModelOptions = {
    payloadLimitBytes: options.payloadLimitBytes ?? 5_000_000,
    userDateOrder: options.userDateOrder ?? "DMY",
    today: options.today,
    strictSubset: options.strictSubset ?? true,
    worksheetTablesReturnOtherSheets: options.worksheetTablesReturnOtherSheets ?? false,
    tableAutoExpand: options.tableAutoExpand ?? true,
  };
  const wb = new WorkbookModel(modelOptions);
  for (const name of options.sheets ?? ["Sheet1"]) wb.addSheet(name);
  const session = new Session(wb);

  const g = globalThis as Record<string, unknown>;
  const previous = { Excel: g.Excel, OfficeExtension: g.OfficeExtension, hadExcel: "Excel" in g, hadOfficeExtension: "OfficeExtension" in g };
  g.Excel = { run: makeRun(session), ErrorCodes: EXCEL_ERROR_CODES, ...ENUMS };
  g.OfficeExtension = { Error: FakeOfficeError, ErrorCodes: OFFICE_EXTENSION_ERROR_CODES };

  return {
    stats: () => ({ ...session.stats }),
    resetStats: () => {
      session.stats = emptyStats();
    },
    user: createUserActions(wb, session.cellEdit),
    inspect: createInspect(wb),
    seed: {
      addSheet: (name) => {
        wb.addSheet(name);
      },
      setValues: (sheet, topLeft, rows) => writeContent(wb.requireSheet(sheet), blockAt(topLeft, rows), rows, wb.coerceOptions(false)),
      setNumberFormats: (sheet, topLeft, formats) => writeNumberFormats(wb.requireSheet(sheet), blockAt(topLeft, formats), formats),
    },
    faults: session.faults,
    beforeEachSync: (hook) => {
      session.beforeSyncHooks = [...session.beforeSyncHooks, hook];
      return () => {
        session.beforeSyncHooks = session.beforeSyncHooks.filter((h) => h !== hook);
      };
    },
    uninstall: () => {
      if (previous.hadExcel) g.Excel = previous.Excel;
      else delete g.Excel;
      if (previous.hadOfficeExtension) g.OfficeExtension = previous.OfficeExtension;
      else delete g.OfficeExtension;
    },
  };
}
