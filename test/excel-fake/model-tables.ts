/**
 * Tables (ListObjects): creation rules, header names, growth when rows are written right below,
 * sort and filter. Sorting moves whole table rows (values, formulas, formats, validation), and
 * relative references in the moved formulas follow their row; hidden (filtered-out) rows stay
 * where they are, as in Excel.
 */
import { cellCount, intersect, isUnbounded, MAX_ROWS, type Rect } from "./addresses";
import type { RowSlice, Scalar } from "./cells";
import { displayText } from "./display";
import { Codes, officeError } from "./errors";
import { isErrorValue } from "./formula";
import { shiftCfRows } from "./model-cf";
import type { FilterCriteriaModel, SheetModel, TableModel, WorkbookModel } from "./model";
import { moveFormula } from "./r1c1";

export function headerRect(t: TableModel): Rect {
  return { ...t.rect, r1: t.rect.r0 };
}

/** Data rows (never empty: a table keeps at least one data row). */
export function bodyRect(t: TableModel): Rect {
  return { ...t.rect, r0: t.rect.r0 + 1 };
}

export function tablesIntersecting(sheet: SheetModel, rect: Rect): TableModel[] {
  return sheet.tables.filter((t) => intersect(t.rect, rect));
}

function cellText(sheet: SheetModel, r: number, c: number): string {
  const v = sheet.cells.value(r, c);
  return displayText(v, sheet.cells.attr(r, c, "nf"));
}

/**
 * Makes the header row valid the way Excel does: every header becomes text; an empty header
 * becomes "ColumnN" (N = its position); a duplicate (ignoring case) gets "2", "3", … appended.
 */
export function normalizeHeaders(t: TableModel): void {
  const { cells } = t.sheet;
  const used = new Set<string>();
  const r = t.rect.r0;
  for (let c = t.rect.c0; c <= t.rect.c1; c++) {
    const v = cells.value(r, c);
    const text = cellText(t.sheet, r, c);
    let name: string;
    if (text === "") {
      let n = c - t.rect.c0 + 1;
      while (used.has(`COLUMN${n}`)) n++;
      name = `Column${n}`;
    } else {
      name = text;
      let k = 2;
      while (used.has(name.toLocaleUpperCase())) name = `${text}${k++}`;
    }
    used.add(name.toLocaleUpperCase());
    if (v !== name || cells.formula(r, c) !== undefined) cells.setContent(r, c, name, undefined);
  }
}

export function headerNames(t: TableModel): string[] {
  const out: string[] = [];
  for (let c = t.rect.c0; c <= t.rect.c1; c++) out.push(String(t.sheet.cells.value(t.rect.r0, c) ?? ""));
  return out;
}

export function createTable(wb: WorkbookModel, sheet: SheetModel, rect: Rect, hasHeaders: boolean): TableModel {
  if (isUnbounded(rect)) throw officeError(Codes.invalidArgument, "the Excel fake doesn't create tables over whole rows or columns");
  if (typeof hasHeaders !== "boolean") throw officeError(Codes.invalidArgument, "hasHeaders must be a boolean");
  const clash = tablesIntersecting(sheet, rect)[0];
  if (clash) throw officeError(Codes.invalidArgument, `a table can't overlap another table (${clash.name})`);
  const r: Rect = { ...rect };
  if (!hasHeaders) {
    // Excel inserts a header row above the data, shifting the data down one row.
    sheet.cells.shiftRows(r.r0, 1, r.c0, r.c1);
    shiftCfRows(sheet, r.r0, 1, r.c0, r.c1);
    sheet.shiftTracked("rows", r.r0, 1, r.c0, r.c1);
    for (let c = r.c0; c <= r.c1; c++) sheet.cells.setContent(r.r0, c, undefined, undefined);
    r.r1 += 1;
  } else if (r.r1 === r.r0) {
    // A header row alone gets one empty data row.
    if (r.r1 + 1 >= MAX_ROWS) throw officeError(Codes.invalidArgument, "no room for a data row");
    r.r1 += 1;
    const below = tablesIntersecting(sheet, r)[0];
    if (below) throw officeError(Codes.invalidArgument, `a table can't overlap another table (${below.name})`);
  }
  const t: TableModel = {
    id: wb.newTableId(),
    name: wb.nextTableName(),
    sheet,
    rect: r,
    style: "TableStyleMedium2",
    showBandedRows: true,
    filters: new Map(),
    sortFields: [],
  };
  sheet.tables.push(t);
  normalizeHeaders(t);
  return t;
}

/** `Table.delete()` removes the table and clears its cells' contents (formats stay); `convertToRange()` keeps the data. */
export function removeTable(t: TableModel, clearContents: boolean): void {
  const { sheet } = t;
  const i = sheet.tables.indexOf(t);
  if (i < 0) throw officeError(Codes.itemNotFound, `table ${t.name} no longer exists`);
  clearFilters(t);
  sheet.tables.splice(i, 1);
  if (clearContents) sheet.cells.clearContent(t.rect);
}

/**
 * A write whose first row is the row right below a table, overlapping its columns, makes the
 * table grow over the written rows (Excel's table auto-expansion), unless those cells carry data
 * validation or would run into another table, or the user turned the AutoCorrect option off.
 */
export function autoExpandTables(sheet: SheetModel, rect: Rect): void {
  if (!sheet.options.tableAutoExpand) return;
  for (const t of sheet.tables) {
    if (rect.r0 !== t.rect.r1 + 1 || rect.c1 < t.rect.c0 || rect.c0 > t.rect.c1) continue;
    const grown: Rect = { ...t.rect, r1: rect.r1 };
    const added: Rect = { ...t.rect, r0: rect.r0, r1: rect.r1 };
    if (cellCount(added) > 5_000_000) continue;
    if (sheet.tables.some((o) => o !== t && intersect(o.rect, grown))) continue;
    let anyContent = false;
    let anyValidation = false;
    for (let r = added.r0; r <= added.r1 && !anyValidation; r++) {
      for (let c = added.c0; c <= added.c1; c++) {
        if (sheet.cells.value(r, c) !== undefined) anyContent = true;
        if (sheet.cells.attr(r, c, "dv") !== null) {
          anyValidation = true;
          break;
        }
      }
    }
    if (anyContent && !anyValidation) t.rect = grown;
  }
}

/** After a write touching header rows, headers are made valid again. */
export function afterWrite(sheet: SheetModel, rect: Rect): void {
  autoExpandTables(sheet, rect);
  for (const t of sheet.tables) if (intersect(headerRect(t), rect)) normalizeHeaders(t);
}

// ----- sort ---------------------------------------------------------------------------------

const collator = new Intl.Collator("en", { sensitivity: "accent", numeric: false });

/** A row slice moved from row `from` to row `to`: relative references in its formulas follow, as when Excel sorts or fills. */
export function withMovedFormulas(s: RowSlice, from: number, to: number, c0: number): RowSlice {
  if (!s.f || from === to) return s;
  return { ...s, f: s.f.map((f, j) => (f === undefined ? undefined : moveFormula(f, from, c0 + j, to, c0 + j))) };
}

/** Excel's ascending order: numbers, text (ignoring case), FALSE, TRUE, errors; blanks always last. */
function rank(v: Scalar | undefined): number {
  if (v === undefined || v === "") return 4;
  if (typeof v === "number") return 0;
  if (typeof v === "boolean") return 2;
  if (isErrorValue(v)) return 3;
  return 1;
}

export function compareCells(a: Scalar | undefined, b: Scalar | undefined, ascending: boolean): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra === 4 || rb === 4) return ra === rb ? 0 : ra === 4 ? 1 : -1;
  let d: number;
  if (ra !== rb) d = ra - rb;
  else if (ra === 0) d = (a as number) - (b as number);
  else if (ra === 1) d = collator.compare(a as string, b as string);
  else if (ra === 2) d = Number(a) - Number(b);
  else d = 0;
  return ascending ? d : -d;
}

export function sortTable(t: TableModel, fields: readonly { key: number; ascending: boolean }[]): void {
  const width = t.rect.c1 - t.rect.c0 + 1;
  for (const f of fields) {
    if (!Number.isInteger(f.key) || f.key < 0 || f.key >= width) throw officeError(Codes.invalidArgument, `sort key ${f.key} is outside the table`);
  }
  if (fields.length === 0) throw officeError(Codes.invalidArgument, "sort needs at least one field");
  const { cells, filterHidden } = t.sheet;
  const rows: number[] = [];
  for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) if (!filterHidden.has(r)) rows.push(r);
  const slices = rows.map((r) => cells.readSlice(r, t.rect.c0, t.rect.c1));
  const order = slices.map((s, i) => ({ s, i }));
  order.sort((x, y) => {
    for (const f of fields) {
      const d = compareCells(x.s.v[f.key], y.s.v[f.key], f.ascending);
      if (d !== 0) return d;
    }
    return x.i - y.i;
  });
  order.forEach((o, i) => {
    const to = rows[i] as number;
    cells.writeSlice(to, t.rect.c0, withMovedFormulas(o.s, rows[o.i] as number, to, t.rect.c0), width);
  });
  t.sortFields = fields.map((f) => ({ key: f.key, ascending: f.ascending }));
}

// ----- filter -------------------------------------------------------------------------------

export function normaliseCriteria(raw: unknown): FilterCriteriaModel {
  if (typeof raw !== "object" || raw === null) throw officeError(Codes.invalidArgument, "filter criteria must be an object");
  const c = raw as { filterOn?: unknown; values?: unknown };
  if (c.filterOn !== "Values" && !(c.filterOn === undefined && Array.isArray(c.values))) {
    throw officeError(Codes.notImplemented, `the Excel fake implements only filterOn "Values", not ${String(c.filterOn)}`);
  }
  if (!Array.isArray(c.values) || !c.values.every((v) => typeof v === "string")) {
    throw officeError(Codes.invalidArgument, "criteria.values must be an array of strings");
  }
  return { filterOn: "Values", values: c.values.slice() };
}

/** Hides the table's data rows that some column filter rejects, shows the others. */
export function reapplyFilters(t: TableModel): void {
  const { sheet } = t;
  const sets = Array.from(t.filters, ([col, f]) => ({ col: t.rect.c0 + col, keep: new Set(f.values.map((v) => v.toLocaleUpperCase())) }));
  for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
    const visible = sets.every(({ col, keep }) => keep.has(cellText(sheet, r, col).toLocaleUpperCase()));
    if (visible) sheet.filterHidden.delete(r);
    else sheet.filterHidden.add(r);
  }
}

export function applyFilter(t: TableModel, column: number, criteria: FilterCriteriaModel): void {
  const width = t.rect.c1 - t.rect.c0 + 1;
  if (!Number.isInteger(column) || column < 0 || column >= width) throw officeError(Codes.invalidArgument, `filter column ${column} is outside the table`);
  t.filters.set(column, criteria);
  reapplyFilters(t);
}

export function clearFilters(t: TableModel): void {
  t.filters.clear();
  for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) t.sheet.filterHidden.delete(r);
}
