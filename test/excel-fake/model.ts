/**
 * The in-memory workbook behind the fake: sheets, their cells, tables, conditional formats,
 * frozen rows, hidden columns and rows, column widths, and the add-in's settings. Proxies read
 * and change it only while a `context.sync()` executes; user actions and `inspect` use it
 * directly.
 */
import { MAX_COLS, MAX_ROWS, shiftRectCols, shiftRectRows, type Rect } from "./addresses";
import { CellStore } from "./cells";
import type { CoerceOptions, DateOrder } from "./coercion";
import { Codes, officeError } from "./errors";

export type Visibility = "Visible" | "Hidden" | "VeryHidden";

export interface FilterCriteriaModel {
  filterOn: "Values";
  values: string[];
}

export interface TableModel {
  readonly id: number;
  name: string;
  sheet: SheetModel;
  /** Header row included. */
  rect: Rect;
  style: string;
  showBandedRows: boolean;
  /** Column index within the table → criteria. */
  filters: Map<number, FilterCriteriaModel>;
  sortFields: { key: number; ascending: boolean }[];
}

/**
 * A chart on a worksheet (Excel.Chart, ExcelApi 1.1). Its data stays linked to the source cells
 * (on this or another sheet); `inspect.charts` reads the series from them when asked.
 */
export interface ChartModel {
  readonly id: number;
  name: string;
  /** An Excel.ChartType value ("ColumnClustered", …). */
  type: string;
  source: { sheet: SheetModel; rect: Rect };
  /** As given to `charts.add`; "Auto" is read as "Columns", which Excel on the web does. */
  seriesBy: "Auto" | "Columns" | "Rows";
  title: string;
  titleVisible: boolean;
  legendPosition: string;
  legendVisible: boolean;
  /** Cells the chart was placed over with `setPosition` (its top-left, and the cell or range it covers). */
  position: { from: Rect; to: Rect | null } | null;
}

export interface CfModel {
  readonly id: string;
  type: "Custom";
  rects: Rect[];
  formula: string;
  fill: string | null;
  fontColor: string | null;
}

/**
 * A Range proxy's live reference. Office.js keeps the Range objects of an Excel.run "tracked":
 * Excel moves, stretches or shrinks them when cells are inserted or deleted, so a proxy keeps
 * pointing at the same cells. `dead` once all its cells were deleted.
 */
export interface TrackedRange {
  sheet: SheetModel;
  rect: Rect;
  dead: boolean;
}

export class SheetModel {
  readonly cells = new CellStore();
  /** Live references of Range proxies, adjusted by inserts and deletes. */
  readonly tracked = new Set<TrackedRange>();
  tables: TableModel[] = [];
  /** Highest priority first (ConditionalFormatCollection.add puts a new rule on top). */
  cfs: CfModel[] = [];
  /** Charts in the order they were added (ChartCollection.getItemAt order). */
  charts: ChartModel[] = [];
  /** Charts ever added to the sheet, for the default names "Chart 1", "Chart 2", … */
  chartsAdded = 0;
  frozenRows = 0;
  readonly hiddenCols = new Set<number>();
  readonly colWidths = new Map<number, number>();
  /** Rows hidden by table filters. */
  readonly filterHidden = new Set<number>();

  constructor(
    readonly id: string,
    public name: string,
    /** The workbook's options (the sheet reads `tableAutoExpand`). */
    readonly options: ModelOptions,
    public visibility: Visibility = "Visible",
  ) {}

  /** Adjusts tracked ranges for inserted (delta > 0) or deleted rows/columns at `at`, within lo..hi of the other axis. */
  shiftTracked(axis: "rows" | "cols", at: number, delta: number, lo: number, hi: number): void {
    for (const t of this.tracked) {
      const next = axis === "rows" ? shiftRectRows(t.rect, at, delta, lo, hi) : shiftRectCols(t.rect, at, delta, lo, hi);
      if (next) t.rect = next;
      else {
        t.dead = true;
        this.tracked.delete(t);
      }
    }
  }
}

export interface ModelOptions {
  payloadLimitBytes: number;
  /** Date order used when the *user* types or pastes ("DMY" for en-IN). API writes are always MDY. */
  userDateOrder: DateOrder;
  /** "YYYY-MM-DD": today's date, for dates typed without a year. */
  today: string | undefined;
  /** Throw when engine code touches a member that is not in docs/excel-api-subset.md. */
  strictSubset: boolean;
  /** `worksheet.tables` also finds and lists the tables of other sheets (office-js#2235). */
  worksheetTablesReturnOtherSheets: boolean;
  /** Tables grow over rows written right below them (the user's AutoCorrect option; office-js#6745). */
  tableAutoExpand: boolean;
}

/** Points; Excel's default column width (8.43 characters of Calibri 11, 64 px). */
export const DEFAULT_COLUMN_WIDTH = 48;

const FORBIDDEN_SHEET_CHARS = /[\\/?*[\]:]/;

export class WorkbookModel {
  sheets: SheetModel[] = [];
  readonly settings = new Map<string, unknown>();
  activeSheetId: string | null = null;
  selection: { sheetId: string; rect: Rect } | null = null;
  private nextSheetId = 1;
  private nextTableId = 1;
  private nextCfId = 1;

  constructor(readonly options: ModelOptions) {}

  coerceOptions(forUser: boolean): CoerceOptions {
    const today = this.options.today ?? new Date().toISOString().slice(0, 10);
    return { dateOrder: forUser ? this.options.userDateOrder : "MDY", currentYear: Number(today.slice(0, 4)) };
  }

  // ----- sheets ---------------------------------------------------------------------------

  sheetByName(name: string): SheetModel | undefined {
    const key = name.toLocaleUpperCase();
    return this.sheets.find((s) => s.name.toLocaleUpperCase() === key);
  }

  sheetById(id: string): SheetModel | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  /** By name or id, as `worksheets.getItem(key)` looks sheets up. */
  sheetByKey(key: string): SheetModel | undefined {
    return this.sheetById(key) ?? this.sheetByName(key);
  }

  requireSheet(name: string): SheetModel {
    const s = this.sheetByName(name);
    if (!s) throw officeError(Codes.itemNotFound, `no worksheet named ${JSON.stringify(name)}`);
    return s;
  }

  /** Excel's rules: 1-31 characters, none of \ / ? * [ ] :, no leading or trailing apostrophe, not "History", unique ignoring case. */
  validateSheetName(name: unknown, except?: SheetModel): string {
    if (typeof name !== "string" || name.length === 0 || name.length > 31) {
      throw officeError(Codes.invalidArgument, `worksheet names must have 1 to 31 characters: ${JSON.stringify(name)}`);
    }
    if (FORBIDDEN_SHEET_CHARS.test(name) || name.startsWith("'") || name.endsWith("'")) {
      throw officeError(Codes.invalidArgument, `worksheet names can't contain \\ / ? * [ ] : or start or end with ': ${JSON.stringify(name)}`);
    }
    if (name.toLocaleUpperCase() === "HISTORY") throw officeError(Codes.invalidArgument, `"History" is reserved by Excel`);
    const other = this.sheetByName(name);
    if (other && other !== except) throw officeError(Codes.itemAlreadyExists, `a worksheet named ${JSON.stringify(other.name)} already exists`);
    return name;
  }

  addSheet(name?: string): SheetModel {
    let finalName: string;
    if (name === undefined || name === null) {
      let n = this.sheets.length + 1;
      while (this.sheetByName(`Sheet${n}`)) n++;
      finalName = `Sheet${n}`;
    } else {
      finalName = this.validateSheetName(name);
    }
    const sheet = new SheetModel(`{sheet-${this.nextSheetId++}}`, finalName, this.options);
    this.sheets.push(sheet);
    if (!this.activeSheetId) this.activeSheetId = sheet.id;
    return sheet;
  }

  renameSheet(sheet: SheetModel, newName: unknown): void {
    sheet.name = this.validateSheetName(newName, sheet);
  }

  visibleSheets(): SheetModel[] {
    return this.sheets.filter((s) => s.visibility === "Visible");
  }

  deleteSheet(sheet: SheetModel): void {
    if (sheet.visibility === "VeryHidden") throw officeError(Codes.invalidOperation, "a VeryHidden worksheet can't be deleted; make it visible first");
    if (sheet.visibility === "Visible" && this.visibleSheets().length === 1) {
      throw officeError(Codes.invalidOperation, "a workbook must contain at least one visible worksheet");
    }
    const idx = this.sheets.indexOf(sheet);
    if (idx < 0) throw officeError(Codes.itemNotFound, "the worksheet was already deleted");
    this.sheets.splice(idx, 1);
    if (this.activeSheetId === sheet.id) {
      const next = this.sheets.slice(idx).find((s) => s.visibility === "Visible") ?? this.visibleSheets().at(-1);
      this.activeSheetId = next?.id ?? null;
    }
    if (this.selection?.sheetId === sheet.id) this.selection = null;
  }

  setVisibility(sheet: SheetModel, v: unknown): void {
    if (v !== "Visible" && v !== "Hidden" && v !== "VeryHidden") throw officeError(Codes.invalidArgument, `visibility ${String(v)}`);
    if (v !== "Visible" && sheet.visibility === "Visible" && this.visibleSheets().length === 1) {
      throw officeError(Codes.invalidOperation, "a workbook must contain at least one visible worksheet");
    }
    sheet.visibility = v;
    if (v !== "Visible" && this.activeSheetId === sheet.id) this.activeSheetId = this.visibleSheets()[0]?.id ?? null;
  }

  setPosition(sheet: SheetModel, pos: unknown): void {
    if (typeof pos !== "number" || !Number.isInteger(pos) || pos < 0 || pos >= this.sheets.length) {
      throw officeError(Codes.invalidArgument, `worksheet position ${String(pos)}`);
    }
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    this.sheets.splice(pos, 0, sheet);
  }

  activeSheet(): SheetModel {
    const s = (this.activeSheetId && this.sheetById(this.activeSheetId)) || this.visibleSheets()[0];
    if (!s) throw officeError(Codes.itemNotFound, "the workbook has no visible worksheet");
    return s;
  }

  activate(sheet: SheetModel): void {
    if (sheet.visibility !== "Visible") throw officeError(Codes.invalidOperation, "a hidden worksheet can't be activated");
    this.activeSheetId = sheet.id;
  }

  // ----- tables -----------------------------------------------------------------------------

  allTables(): TableModel[] {
    return this.sheets.flatMap((s) => s.tables);
  }

  tableByName(name: string): TableModel | undefined {
    const key = name.toLocaleUpperCase();
    return this.allTables().find((t) => t.name.toLocaleUpperCase() === key || String(t.id) === name);
  }

  tableById(id: number): TableModel | undefined {
    return this.allTables().find((t) => t.id === id);
  }

  newTableId(): number {
    return this.nextTableId++;
  }

  newCfId(): string {
    return `cf-${this.nextCfId++}`;
  }

  /** "Table1", "Table2", … the first not in use. */
  nextTableName(): string {
    let n = 1;
    while (this.tableByName(`Table${n}`)) n++;
    return `Table${n}`;
  }

  /** Table names: letter, underscore or backslash first; letters, digits, "_" and "." after; no cell-reference look-alikes; unique. */
  validateTableName(name: unknown, except?: TableModel): string {
    if (typeof name !== "string" || name.length === 0 || name.length > 255) throw officeError(Codes.invalidArgument, `table name ${JSON.stringify(name)}`);
    const wellFormed = /^[A-Za-z_\\\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*$/.test(name);
    const looksLikeReference = /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name);
    if (!wellFormed || looksLikeReference) {
      throw officeError(Codes.invalidArgument, `invalid table name ${JSON.stringify(name)}`);
    }
    const other = this.tableByName(name);
    if (other && other !== except) throw officeError(Codes.itemAlreadyExists, `a table named ${JSON.stringify(other.name)} already exists`);
    return name;
  }
}

export function fullSheetRect(): Rect {
  return { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 };
}
