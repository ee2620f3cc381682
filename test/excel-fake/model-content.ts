/**
 * Reading and writing cell contents and number formats: `Range.values`/`formulas`/
 * `numberFormat`/`text`, paste, fill down and clear. Hot paths work row by row on the store's
 * arrays; no per-cell objects are allocated beyond the output arrays.
 */
import { cellCount, isUnbounded, type Rect } from "./addresses";
import { ATTR_DEFAULTS, type Scalar } from "./cells";
import { coerce, GENERAL, TEXT_FORMAT, type CoerceOptions } from "./coercion";
import { displayText } from "./display";
import { Codes, officeError } from "./errors";
import { clearCfs } from "./model-cf";
import { afterWrite, withMovedFormulas } from "./model-tables";
import type { SheetModel } from "./model";
import { a1ToR1C1, r1c1ToA1 } from "./r1c1";

/** Reads of more cells than this come back as null (Excel's documented 5,000,000-cell read cap). */
export const READ_CELL_LIMIT = 5_000_000;

/** Cell-level reads of unbounded ranges, or of more than 5M cells, return null as in Excel. */
export function readable(rect: Rect): boolean {
  return !isUnbounded(rect) && cellCount(rect) <= READ_CELL_LIMIT;
}

function requireBounded(rect: Rect, what: string): void {
  if (isUnbounded(rect)) throw officeError(Codes.invalidArgument, `${what} can't be set on a whole row or column (an unbounded range)`);
}

/**
 * Checks the shape of a 2-D write: a scalar (broadcast) or an array of `rows` arrays of `cols`.
 * Returns a function giving the input for cell (i, j).
 */
export function shapeOf(input: unknown, rect: Rect, what: string): (i: number, j: number) => unknown {
  const rows = rect.r1 - rect.r0 + 1;
  const cols = rect.c1 - rect.c0 + 1;
  if (input === null || input === undefined) throw officeError(Codes.invalidArgument, `${what} can't be set to ${String(input)}`);
  if (!Array.isArray(input)) {
    if (typeof input === "object" && !(input instanceof Date)) throw officeError(Codes.invalidArgument, `${what} must be a 2-D array or a single value`);
    return () => input;
  }
  if (input.length !== rows) {
    throw officeError(Codes.invalidArgument, `${what}: the array has ${input.length} row(s) but the range has ${rows}`);
  }
  for (let i = 0; i < rows; i++) {
    const row: unknown = input[i];
    if (!Array.isArray(row)) throw officeError(Codes.invalidArgument, `${what}: row ${i} is not an array`);
    if (row.length !== cols) {
      throw officeError(Codes.invalidArgument, `${what}: row ${i} has ${row.length} value(s) but the range has ${cols} column(s)`);
    }
  }
  const arr = input as unknown[][];
  return (i, j) => (arr[i] as unknown[])[j];
}

/**
 * `Range.values`, `formulas` and `formulasR1C1 = …`: coerced like typed input, formats auto-set
 * on General cells. R1C1 formulas are stored in A1 notation, relative to their cell.
 */
export function writeContent(sheet: SheetModel, rect: Rect, input: unknown, opts: CoerceOptions, what: "values" | "formulas" | "formulasR1C1" = "values"): void {
  requireBounded(rect, what);
  const at = shapeOf(input, rect, what);
  const r1c1 = what === "formulasR1C1";
  const { cells } = sheet;
  const width = rect.c1 - rect.c0 + 1;
  const colNf: string[] = new Array<string>(width);
  for (let j = 0; j < width; j++) colNf[j] = cells.colDefault(rect.c0 + j, "nf");
  for (let r = rect.r0, i = 0; r <= rect.r1; r++, i++) {
    const row = cells.ensureRow(r);
    for (let c = rect.c0, j = 0; c <= rect.c1; c++, j++) {
      const own = row.nf?.[c];
      const fmt = own !== undefined ? own : (colNf[j] as string);
      let x = at(i, j);
      if (r1c1 && fmt !== TEXT_FORMAT && typeof x === "string" && x.startsWith("=")) x = r1c1ToA1(x, r, c);
      const res = coerce(x, fmt, opts);
      if (res.kind === "skip") continue;
      row.v[c] = res.value;
      if (res.formula !== undefined) (row.f ??= [])[c] = res.formula;
      else if (row.f && row.f[c] !== undefined) row.f[c] = undefined;
      if (res.autoFormat !== undefined && fmt === GENERAL) (row.nf ??= [])[c] = res.autoFormat;
    }
  }
  afterWrite(sheet, rect);
}

/** `Range.numberFormat = …`: a 2-D array (null = leave the cell's format) or one format for all cells; "" resets to General. */
export function writeNumberFormats(sheet: SheetModel, rect: Rect, input: unknown): void {
  requireBounded(rect, "numberFormat");
  const at = shapeOf(input, rect, "numberFormat");
  const check = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    if (typeof v !== "string") throw officeError(Codes.invalidArgument, "numberFormat entries must be strings");
    return v === "" ? GENERAL : v;
  };
  if (!Array.isArray(input)) {
    const fmt = check(input);
    if (fmt !== null) sheet.cells.mapAttr(rect, "nf", () => fmt);
    return;
  }
  for (let r = rect.r0, i = 0; r <= rect.r1; r++, i++) {
    const row = sheet.cells.ensureRow(r);
    for (let c = rect.c0, j = 0; c <= rect.c1; c++, j++) {
      const fmt = check(at(i, j));
      if (fmt !== null) (row.nf ??= [])[c] = fmt;
    }
  }
}

function read<T>(sheet: SheetModel, rect: Rect, cell: (row: number, col: number) => T): T[][] {
  const out: T[][] = new Array<T[]>(rect.r1 - rect.r0 + 1);
  for (let r = rect.r0; r <= rect.r1; r++) {
    const line = new Array<T>(rect.c1 - rect.c0 + 1);
    for (let c = rect.c0; c <= rect.c1; c++) line[c - rect.c0] = cell(r, c);
    out[r - rect.r0] = line;
  }
  return out;
}

/** `Range.values`: numbers, strings, booleans, error strings; "" for empty cells. */
export function readValues(sheet: SheetModel, rect: Rect): Scalar[][] {
  const { cells } = sheet;
  const out: Scalar[][] = new Array<Scalar[]>(rect.r1 - rect.r0 + 1);
  const width = rect.c1 - rect.c0 + 1;
  for (let r = rect.r0; r <= rect.r1; r++) {
    const v = cells.row(r)?.v;
    const line = new Array<Scalar>(width);
    if (v) for (let c = rect.c0; c <= rect.c1; c++) line[c - rect.c0] = v[c] ?? "";
    else line.fill("");
    out[r - rect.r0] = line;
  }
  return out;
}

/** `Range.formulas`: the formula where there is one, else the value ("" when empty). */
export function readFormulas(sheet: SheetModel, rect: Rect): Scalar[][] {
  const { cells } = sheet;
  return read(sheet, rect, (r, c) => cells.formula(r, c) ?? cells.value(r, c) ?? "");
}

/** `Range.formulasR1C1`: as `formulas`, with references in R1C1 notation relative to each cell. */
export function readFormulasR1C1(sheet: SheetModel, rect: Rect): Scalar[][] {
  const { cells } = sheet;
  return read(sheet, rect, (r, c) => {
    const f = cells.formula(r, c);
    return f !== undefined ? a1ToR1C1(f, r, c) : (cells.value(r, c) ?? "");
  });
}

export function readNumberFormats(sheet: SheetModel, rect: Rect): string[][] {
  return read(sheet, rect, (r, c) => sheet.cells.attr(r, c, "nf"));
}

export function readText(sheet: SheetModel, rect: Rect): string[][] {
  const { cells } = sheet;
  return read(sheet, rect, (r, c) => displayText(cells.value(r, c), cells.attr(r, c, "nf")));
}

export type ClearApplyTo = "All" | "Contents" | "Formats";

/**
 * `Range.clear(applyTo)`. "Contents" clears values and formulas; "Formats" resets number
 * formats and cell styles and removes conditional formats; "All" does both and also removes
 * data validation.
 */
export function clearRange(sheet: SheetModel, rect: Rect, applyTo: unknown): void {
  const how = applyTo ?? "All";
  if (how !== "All" && how !== "Contents" && how !== "Formats") {
    throw officeError(Codes.notImplemented, `the Excel fake implements clear("All" | "Contents" | "Formats"), not ${String(how)}`);
  }
  if (how !== "Formats") sheet.cells.clearContent(rect);
  if (how !== "Contents") {
    sheet.cells.resetAttrs(rect, how === "All" ? ["nf", "st", "dv"] : ["nf", "st"]);
    clearCfs(sheet, rect);
  }
}

/**
 * A user's paste of a block of plain values at (r0, c0). A plain paste replaces the destination
 * cells' number formats, styles, data validation and conditional formats with the source's
 * (none: General); Paste Values keeps them. Text is parsed like typing into General cells (or the
 * kept format, for Paste Values). Validation is never checked.
 */
export function pasteBlock(sheet: SheetModel, r0: number, c0: number, rows: readonly (readonly unknown[])[], valuesOnly: boolean, opts: CoerceOptions): Rect {
  const height = rows.length;
  const width = Math.max(0, ...rows.map((r) => r.length));
  if (height === 0 || width === 0) throw officeError(Codes.invalidArgument, "nothing to paste");
  const rect: Rect = { r0, c0, r1: r0 + height - 1, c1: c0 + width - 1 };
  const { cells } = sheet;
  for (let i = 0; i < height; i++) {
    const src = rows[i] ?? [];
    for (let j = 0; j < width; j++) {
      const r = r0 + i;
      const c = c0 + j;
      const fmt = valuesOnly ? cells.attr(r, c, "nf") : GENERAL;
      const res = coerce(src[j] ?? "", fmt, opts);
      if (res.kind === "skip") continue;
      cells.setContent(r, c, res.kind === "clear" ? undefined : res.value, res.formula);
      if (!valuesOnly) {
        cells.setAttr(r, c, "nf", res.autoFormat ?? GENERAL);
        cells.setAttr(r, c, "dv", ATTR_DEFAULTS.dv);
        cells.setAttr(r, c, "st", ATTR_DEFAULTS.st);
      } else if (res.autoFormat !== undefined && fmt === GENERAL) {
        cells.setAttr(r, c, "nf", res.autoFormat);
      }
    }
  }
  if (!valuesOnly) clearCfs(sheet, rect);
  afterWrite(sheet, rect);
  return rect;
}

/** Ctrl+D: copies the first row of `rect` into the others, with formats and validation; relative references follow. */
export function fillDown(sheet: SheetModel, rect: Rect): void {
  const { cells } = sheet;
  const width = rect.c1 - rect.c0 + 1;
  const top = cells.readSlice(rect.r0, rect.c0, rect.c1);
  const explicit = {
    ...top,
    nf: Array.from({ length: width }, (_, j) => cells.attr(rect.r0, rect.c0 + j, "nf")),
    dv: Array.from({ length: width }, (_, j) => cells.attr(rect.r0, rect.c0 + j, "dv")),
    st: Array.from({ length: width }, (_, j) => cells.attr(rect.r0, rect.c0 + j, "st")),
  };
  for (let r = rect.r0 + 1; r <= rect.r1; r++) cells.writeSlice(r, rect.c0, withMovedFormulas(explicit, rect.r0, r, rect.c0), width);
  afterWrite(sheet, rect);
}
