/** Excel.Range and its format (RangeFormat, RangeFont, RangeFill), as listed in the contract. */
import { formatAddress, intersect, MAX_COLS, MAX_ROWS, parseAddress, type Rect } from "./addresses";
import { normaliseColor } from "./colors";
import { FakeConditionalFormatCollection } from "./conditional-formats";
import { FakeClientObject, NULL_TARGET, type Executor, type FakeRequestContext, type PropTable } from "./context";
import { FakeDataValidation } from "./data-validation";
import { displayText } from "./display";
import { Codes, officeError } from "./errors";
import { DEFAULT_COLUMN_WIDTH, type TrackedRange, type WorkbookModel } from "./model";
import {
  clearRange,
  readable,
  readFormulas,
  readFormulasR1C1,
  readNumberFormats,
  readText,
  readValues,
  writeContent,
  writeNumberFormats,
} from "./model-content";
import { copyCells, type CopyType } from "./copy";
import { deleteCells, insertCells } from "./model-structure";
import { patchStyle, rangeTarget, uniformStyle, wireArg, type RangeTarget } from "./targets";

function int(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw officeError(Codes.invalidArgument, `${what} must be an integer`);
  return v;
}

const RANGE_PROPS: PropTable = {
  address: { get: (t: RangeTarget) => formatAddress(t.sheet.name, t.rect) },
  rowCount: { get: (t: RangeTarget) => t.rect.r1 - t.rect.r0 + 1 },
  columnCount: { get: (t: RangeTarget) => t.rect.c1 - t.rect.c0 + 1 },
  rowIndex: { get: (t: RangeTarget) => t.rect.r0 },
  columnIndex: { get: (t: RangeTarget) => t.rect.c0 },
  values: {
    get: (t: RangeTarget) => (readable(t.rect) ? readValues(t.sheet, t.rect) : null),
    set: (t: RangeTarget, v: unknown, exec: Executor) => writeContent(t.sheet, t.rect, v, exec.wb.coerceOptions(false), "values"),
  },
  formulas: {
    get: (t: RangeTarget) => (readable(t.rect) ? readFormulas(t.sheet, t.rect) : null),
    set: (t: RangeTarget, v: unknown, exec: Executor) => writeContent(t.sheet, t.rect, v, exec.wb.coerceOptions(false), "formulas"),
  },
  formulasR1C1: {
    get: (t: RangeTarget) => (readable(t.rect) ? readFormulasR1C1(t.sheet, t.rect) : null),
    set: (t: RangeTarget, v: unknown, exec: Executor) => writeContent(t.sheet, t.rect, v, exec.wb.coerceOptions(false), "formulasR1C1"),
  },
  numberFormat: {
    get: (t: RangeTarget) => (readable(t.rect) ? readNumberFormats(t.sheet, t.rect) : null),
    set: (t: RangeTarget, v: unknown) => writeNumberFormats(t.sheet, t.rect, v),
  },
  text: { get: (t: RangeTarget) => (readable(t.rect) ? readText(t.sheet, t.rect) : null) },
  columnHidden: {
    get: (t: RangeTarget) => {
      let hidden = 0;
      for (let c = t.rect.c0; c <= t.rect.c1; c++) if (t.sheet.hiddenCols.has(c)) hidden++;
      const n = t.rect.c1 - t.rect.c0 + 1;
      return hidden === 0 ? false : hidden === n ? true : null;
    },
    set: (t: RangeTarget, v: unknown) => {
      if (typeof v !== "boolean") throw officeError(Codes.invalidArgument, "columnHidden must be a boolean");
      for (let c = t.rect.c0; c <= t.rect.c1; c++) {
        if (v) t.sheet.hiddenCols.add(c);
        else t.sheet.hiddenCols.delete(c);
      }
    },
  },
};

export class FakeRange extends FakeClientObject {
  get _entity(): string {
    return "Range";
  }
  get _props(): PropTable {
    return RANGE_PROPS;
  }
  override _nav(name: string): FakeClientObject | undefined {
    if (name === "format") return this.format;
    if (name === "dataValidation") return this.dataValidation;
    return undefined;
  }

  /** @internal The live reference once resolved: Office.js tracks Range objects (see TrackedRange). */
  _ref: TrackedRange | null = null;

  /** @internal */
  static create(
    ctx: FakeRequestContext,
    parent: FakeClientObject,
    name: string,
    args: unknown[],
    resolver: (p: never, exec: Executor) => RangeTarget | typeof NULL_TARGET,
    instantiate = true,
  ): FakeRange {
    return FakeClientObject.make(new FakeRange(ctx, parent, name, args.map(wireArg), resolver), instantiate);
  }

  override _stableTarget(exec: Executor): unknown {
    const ref = this._ref;
    if (!ref) return undefined;
    if (ref.dead) throw officeError(Codes.invalidReference, "all the cells of this range were deleted");
    if (!exec.wb.sheets.includes(ref.sheet)) throw officeError(Codes.itemNotFound, "the range's worksheet was deleted");
    return ref;
  }

  override _adopt(target: unknown, _exec: Executor): unknown {
    if (target === NULL_TARGET || this._ref) return target;
    const t = target as RangeTarget;
    const ref: TrackedRange = { sheet: t.sheet, rect: { ...t.rect }, dead: false };
    t.sheet.tracked.add(ref);
    this._ref = ref;
    this._ctx._autoTracked.push(this);
    return ref;
  }

  override _sheetName(wb: WorkbookModel): string | undefined {
    const ref = this._ref;
    return ref && !ref.dead && wb.sheets.includes(ref.sheet) ? ref.sheet.name : super._sheetName(wb);
  }

  override _release(): void {
    super._release();
    if (this._ref) this._ref.sheet.tracked.delete(this._ref);
  }

  private child(name: string, args: unknown[], resolver: (p: RangeTarget, exec: Executor) => RangeTarget | typeof NULL_TARGET): FakeRange {
    return FakeRange.create(this._ctx, this, name, args, resolver);
  }

  get address(): string {
    return this._get("address") as string;
  }
  get rowCount(): number {
    return this._get("rowCount") as number;
  }
  get columnCount(): number {
    return this._get("columnCount") as number;
  }
  get rowIndex(): number {
    return this._get("rowIndex") as number;
  }
  get columnIndex(): number {
    return this._get("columnIndex") as number;
  }
  get values(): unknown[][] {
    return this._get("values") as unknown[][];
  }
  set values(v: unknown[][]) {
    this._set("values", v);
  }
  get formulas(): unknown[][] {
    return this._get("formulas") as unknown[][];
  }
  set formulas(v: unknown[][]) {
    this._set("formulas", v);
  }
  get formulasR1C1(): unknown[][] {
    return this._get("formulasR1C1") as unknown[][];
  }
  set formulasR1C1(v: unknown[][]) {
    this._set("formulasR1C1", v);
  }
  get numberFormat(): unknown[][] {
    return this._get("numberFormat") as unknown[][];
  }
  set numberFormat(v: unknown[][]) {
    this._set("numberFormat", v);
  }
  get text(): string[][] {
    return this._get("text") as string[][];
  }
  get columnHidden(): boolean {
    return this._get("columnHidden") as boolean;
  }
  set columnHidden(v: boolean) {
    this._set("columnHidden", v);
  }

  get format(): FakeRangeFormat {
    return this._navChild("format", () => FakeClientObject.make(new FakeRangeFormat(this._ctx, this, "Format", [], (p: RangeTarget) => p, 4)));
  }

  get dataValidation(): FakeDataValidation {
    return this._navChild("dataValidation", () => FakeDataValidation.create(this._ctx, this));
  }

  get conditionalFormats(): FakeConditionalFormatCollection {
    return this._navChild("conditionalFormats", () => FakeConditionalFormatCollection.create(this._ctx, this));
  }

  /** A cell relative to the range's top-left; it may lie outside the range. */
  getCell(row: number, column: number): FakeRange {
    return this.child("GetCell", [row, column], (p) => {
      const r = p.rect.r0 + int(row, "row");
      const c = p.rect.c0 + int(column, "column");
      return rangeTarget(p.sheet, { r0: r, r1: r, c0: c, c1: c });
    });
  }

  getRow(row: number): FakeRange {
    return this.child("GetRow", [row], (p) => {
      const i = int(row, "row");
      if (i < 0 || i > p.rect.r1 - p.rect.r0) throw officeError(Codes.invalidArgument, `row ${i} is outside the range`);
      return rangeTarget(p.sheet, { ...p.rect, r0: p.rect.r0 + i, r1: p.rect.r0 + i });
    });
  }

  getColumn(column: number): FakeRange {
    return this.child("GetColumn", [column], (p) => {
      const i = int(column, "column");
      if (i < 0 || i > p.rect.c1 - p.rect.c0) throw officeError(Codes.invalidArgument, `column ${i} is outside the range`);
      return rangeTarget(p.sheet, { ...p.rect, c0: p.rect.c0 + i, c1: p.rect.c0 + i });
    });
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.child("GetResizedRange", [deltaRows, deltaColumns], (p) => {
      const rect = { ...p.rect, r1: p.rect.r1 + int(deltaRows, "deltaRows"), c1: p.rect.c1 + int(deltaColumns, "deltaColumns") };
      if (rect.r1 < rect.r0 || rect.c1 < rect.c0) throw officeError(Codes.invalidArgument, "the resized range would be empty");
      return rangeTarget(p.sheet, rect);
    });
  }

  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.child("GetOffsetRange", [rowOffset, columnOffset], (p) => {
      const dr = int(rowOffset, "rowOffset");
      const dc = int(columnOffset, "columnOffset");
      return rangeTarget(p.sheet, { r0: p.rect.r0 + dr, r1: p.rect.r1 + dr, c0: p.rect.c0 + dc, c1: p.rect.c1 + dc });
    });
  }

  /**
   * The first cell (by rows, then columns) whose displayed text matches, resolved when the batch
   * runs (ExcelApi 1.9; learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-find-member(1)).
   * Only `completeMatch` and `matchCase` are emulated; `find` throws ItemNotFound when nothing matches.
   */
  find(text: string, criteria: { completeMatch?: boolean; matchCase?: boolean } = {}): FakeRange {
    return this.child("Find", [text, criteria], (p) => findCell(p, text, criteria) ?? (() => {
      throw officeError(Codes.itemNotFound, `no cell matches ${JSON.stringify(text)}`);
    })());
  }

  findOrNullObject(text: string, criteria: { completeMatch?: boolean; matchCase?: boolean } = {}): FakeRange {
    return this.child("FindOrNullObject", [text, criteria], (p) => findCell(p, text, criteria) ?? NULL_TARGET);
  }

  getIntersectionOrNullObject(anotherRange: FakeRange | string): FakeRange {
    const r = this.child("GetIntersectionOrNullObject", [anotherRange], (p, exec) => {
      let other: Rect;
      if (anotherRange instanceof FakeRange) {
        const o = exec.require<RangeTarget>(anotherRange);
        if (o.sheet !== p.sheet) throw officeError(Codes.invalidArgument, "the ranges are on different worksheets");
        other = o.rect;
      } else {
        const parsed = typeof anotherRange === "string" ? parseAddress(anotherRange) : null;
        if (!parsed) throw officeError(Codes.invalidArgument, `bad address ${String(anotherRange)}`);
        if (parsed.sheet !== undefined && parsed.sheet.toLocaleUpperCase() !== p.sheet.name.toLocaleUpperCase()) {
          throw officeError(Codes.invalidArgument, "the ranges are on different worksheets");
        }
        other = parsed;
      }
      const i = intersect(p.rect, other);
      return i ? { sheet: p.sheet, rect: i } : NULL_TARGET;
    });
    return r;
  }

  select(): void {
    this._call("Select", [], (t: RangeTarget, exec: Executor) => {
      exec.wb.activate(t.sheet);
      exec.wb.selection = { sheetId: t.sheet.id, rect: { ...t.rect } };
    });
  }

  clear(applyTo?: string): void {
    this._call("Clear", applyTo === undefined ? [] : [applyTo], (t: RangeTarget) => clearRange(t.sheet, t.rect, applyTo));
  }

  delete(shift: string): void {
    this._call("Delete", [shift], (t: RangeTarget) => deleteCells(t.sheet, t.rect, shift));
  }

  /** Copies `source` (a Range, or an address on this sheet) here: see copy.ts. */
  copyFrom(source: FakeRange | string, copyType?: string): void {
    this._call("CopyFrom", [wireArg(source), copyType ?? "All"], (t: RangeTarget, exec: Executor) => {
      const from = source instanceof FakeRange ? exec.require<RangeTarget>(source) : { sheet: t.sheet, rect: resolveAddressOnSheet(t.sheet.name, source) };
      copyCells(from.sheet, from.rect, t.sheet, t.rect, (copyType ?? "All") as CopyType);
    });
  }

  /** Inserts cells in place of this range; returns the (now blank) range. */
  insert(shift: string): FakeRange {
    let inserted: RangeTarget | null = null;
    const result = FakeRange.create(
      this._ctx,
      this,
      "Insert",
      [shift],
      () => {
        if (!inserted) throw officeError(Codes.generalException, "the insert did not run");
        return inserted;
      },
      false,
    );
    this._call("Insert", [shift], (t: RangeTarget, exec: Executor) => {
      const blank = { sheet: t.sheet, rect: { ...t.rect } };
      insertCells(t.sheet, t.rect, shift);
      inserted = blank;
      exec.bind(result, inserted);
    });
    return result;
  }
}

function findCell(p: RangeTarget, text: string, criteria: { completeMatch?: boolean; matchCase?: boolean }): RangeTarget | null {
  const want = criteria.matchCase ? text : text.toLocaleUpperCase();
  const { cells } = p.sheet;
  for (const r of cells.rowKeys()) {
    if (r < p.rect.r0 || r > p.rect.r1) continue;
    for (let c = p.rect.c0; c <= p.rect.c1; c++) {
      const value = cells.value(r, c);
      if (value === undefined) continue;
      const shown = displayText(value, cells.attr(r, c, "nf"));
      const cell = criteria.matchCase ? shown : shown.toLocaleUpperCase();
      if (criteria.completeMatch ? cell === want : cell.includes(want)) return { sheet: p.sheet, rect: { r0: r, c0: c, r1: r, c1: c } };
    }
  }
  return null;
}

function widthOf(t: RangeTarget, c: number): number {
  return t.sheet.colWidths.get(c) ?? DEFAULT_COLUMN_WIDTH;
}

const FORMAT_PROPS: PropTable = {
  columnWidth: {
    get: (t: RangeTarget) => {
      const w = widthOf(t, t.rect.c0);
      for (let c = t.rect.c0 + 1; c <= t.rect.c1; c++) if (widthOf(t, c) !== w) return null;
      return w;
    },
    set: (t: RangeTarget, v: unknown) => {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw officeError(Codes.invalidArgument, "columnWidth must be a number ≥ 0");
      for (let c = t.rect.c0; c <= t.rect.c1; c++) t.sheet.colWidths.set(c, v);
    },
  },
  wrapText: {
    get: (t: RangeTarget) => uniformStyle(t, (s) => s?.wrap === true),
    set: (t: RangeTarget, v: unknown) => {
      if (typeof v !== "boolean") throw officeError(Codes.invalidArgument, "wrapText must be a boolean");
      patchStyle(t, { wrap: v });
    },
  },
};

export class FakeRangeFormat extends FakeClientObject {
  get _entity(): string {
    return "RangeFormat";
  }
  get _props(): PropTable {
    return FORMAT_PROPS;
  }
  override _nav(name: string): FakeClientObject | undefined {
    return name === "font" ? this.font : name === "fill" ? this.fill : undefined;
  }

  get columnWidth(): number {
    return this._get("columnWidth") as number;
  }
  set columnWidth(v: number) {
    this._set("columnWidth", v);
  }
  get wrapText(): boolean {
    return this._get("wrapText") as boolean;
  }
  set wrapText(v: boolean) {
    this._set("wrapText", v);
  }

  get font(): FakeRangeFont {
    return this._navChild("font", () => FakeClientObject.make(new FakeRangeFont(this._ctx, this, "Font", [], (p: RangeTarget) => p, 4)));
  }

  get fill(): FakeRangeFill {
    return this._navChild("fill", () => FakeClientObject.make(new FakeRangeFill(this._ctx, this, "Fill", [], (p: RangeTarget) => p, 4)));
  }

  /**
   * Sets each column's width from its longest displayed text (about 5.25 points per character
   * plus padding; Excel measures the font). Empty columns keep their width.
   */
  autofitColumns(): void {
    this._call("AutofitColumns", [], (t: RangeTarget) => {
      const used = t.sheet.cells.bounds(true);
      if (!used) return;
      const rect = intersect(t.rect, used);
      if (!rect) return;
      for (let c = rect.c0; c <= rect.c1; c++) {
        let longest = 0;
        for (let r = rect.r0; r <= rect.r1; r++) {
          const v = t.sheet.cells.value(r, c);
          if (v !== undefined) longest = Math.max(longest, displayText(v, t.sheet.cells.attr(r, c, "nf")).length);
        }
        if (longest > 0) t.sheet.colWidths.set(c, Math.min(409.5, Math.round((longest * 5.25 + 5.25) * 4) / 4));
      }
    });
  }
}

const FONT_PROPS: PropTable = {
  bold: {
    get: (t: RangeTarget) => uniformStyle(t, (s) => s?.bold === true),
    set: (t: RangeTarget, v: unknown) => {
      if (typeof v !== "boolean") throw officeError(Codes.invalidArgument, "font.bold must be a boolean");
      patchStyle(t, { bold: v });
    },
  },
};

export class FakeRangeFont extends FakeClientObject {
  get _entity(): string {
    return "RangeFont";
  }
  get _props(): PropTable {
    return FONT_PROPS;
  }
  get bold(): boolean {
    return this._get("bold") as boolean;
  }
  set bold(v: boolean) {
    this._set("bold", v);
  }
}

const FILL_PROPS: PropTable = {
  color: {
    // Cells without a fill report white, as Excel does.
    get: (t: RangeTarget) => uniformStyle(t, (s) => s?.fill ?? "#FFFFFF"),
    set: (t: RangeTarget, v: unknown) => patchStyle(t, { fill: normaliseColor(v) }),
  },
};

export class FakeRangeFill extends FakeClientObject {
  get _entity(): string {
    return "RangeFill";
  }
  get _props(): PropTable {
    return FILL_PROPS;
  }
  get color(): string {
    return this._get("color") as string;
  }
  set color(v: string) {
    this._set("color", v);
  }
}

/** Resolves an A1 address on a sheet (the whole sheet when undefined). */
export function resolveAddressOnSheet(sheetName: string, address: unknown): Rect {
  if (address === undefined) return { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 };
  const parsed = typeof address === "string" ? parseAddress(address) : null;
  if (!parsed) throw officeError(Codes.invalidArgument, `invalid range address ${JSON.stringify(address)}`);
  if (parsed.sheet !== undefined && parsed.sheet.toLocaleUpperCase() !== sheetName.toLocaleUpperCase()) {
    throw officeError(Codes.invalidArgument, `the address ${address} is not on worksheet ${sheetName}`);
  }
  return { r0: parsed.r0, c0: parsed.c0, r1: parsed.r1, c1: parsed.c1 };
}
