/**
 * Inserting and deleting cells, rows and columns: cells shift with their formats and validation;
 * tables grow, shrink, move or disappear; conditional formats stretch or move; filter-hidden
 * rows, hidden columns and column widths follow. Shifting part of a table is refused with
 * InvalidOperation, as Excel refuses it.
 */
import { isEntireColumns, isEntireRows, MAX_COLS, MAX_ROWS, type Rect } from "./addresses";
import { Codes, officeError } from "./errors";
import { shiftCfCols, shiftCfRows } from "./model-cf";
import { clearFilters, headerNames, normalizeHeaders } from "./model-tables";
import type { SheetModel, TableModel } from "./model";

function overlapsCols(t: TableModel, c0: number, c1: number): boolean {
  return t.rect.c0 <= c1 && t.rect.c1 >= c0;
}

function overlapsRows(t: TableModel, r0: number, r1: number): boolean {
  return t.rect.r0 <= r1 && t.rect.r1 >= r0;
}

function shiftSet(set: Set<number>, at: number, delta: number): void {
  const items = Array.from(set);
  set.clear();
  for (const x of items) {
    if (delta < 0 && x >= at && x < at - delta) continue;
    set.add(x >= at ? x + delta : x);
  }
}

function shiftMap<V>(map: Map<number, V>, at: number, delta: number): void {
  const items = Array.from(map);
  map.clear();
  for (const [k, v] of items) {
    if (delta < 0 && k >= at && k < at - delta) continue;
    map.set(k >= at ? k + delta : k, v);
  }
}

/** Filter and sort keys of table columns from `key` on move by `delta` (columns inserted before them). */
function shiftColumnKeys(t: TableModel, key: number, delta: number): void {
  const filters = Array.from(t.filters);
  t.filters.clear();
  for (const [k, f] of filters) t.filters.set(k >= key ? k + delta : k, f);
  t.sortFields = t.sortFields.map((f) => (f.key >= key ? { ...f, key: f.key + delta } : f));
}

/** Table columns inserted at `at`: Excel heads them "Column1", "Column2"…, skipping names in use. */
function nameNewColumns(t: TableModel, at: number, count: number): void {
  const used = new Set(headerNames(t).map((h) => h.toLocaleUpperCase()));
  let k = 1;
  for (let c = at; c < at + count; c++) {
    while (used.has(`COLUMN${k}`)) k++;
    used.add(`COLUMN${k}`);
    t.sheet.cells.setContent(t.rect.r0, c, `Column${k}`, undefined);
  }
}

const cannotShift = (t: TableModel): Error =>
  officeError(Codes.invalidOperation, `this would shift cells in table ${t.name} (only whole table rows or columns can be inserted or deleted)`);

/** `Range.insert("Down" | "Right")`, and the user's Insert Rows. */
export function insertCells(sheet: SheetModel, rect: Rect, shift: unknown): void {
  if (shift === "Down") {
    const n = rect.r1 - rect.r0 + 1;
    const at = rect.r0;
    const growing: TableModel[] = [];
    const moving: TableModel[] = [];
    for (const t of sheet.tables) {
      if (!overlapsCols(t, rect.c0, rect.c1) || t.rect.r1 < at) continue;
      if (t.rect.c0 < rect.c0 || t.rect.c1 > rect.c1) throw cannotShift(t);
      (t.rect.r0 >= at ? moving : growing).push(t);
    }
    if (sheet.tables.some((t) => t.rect.r1 + n >= MAX_ROWS && (moving.includes(t) || growing.includes(t)))) {
      throw officeError("NonBlankCellOffSheet", "a table would be pushed off the sheet");
    }
    sheet.cells.shiftRows(at, n, rect.c0, rect.c1);
    for (const t of moving) t.rect = { ...t.rect, r0: t.rect.r0 + n, r1: t.rect.r1 + n };
    for (const t of growing) t.rect = { ...t.rect, r1: t.rect.r1 + n };
    shiftCfRows(sheet, at, n, rect.c0, rect.c1);
    sheet.shiftTracked("rows", at, n, rect.c0, rect.c1);
    if (isEntireRows(rect)) shiftSet(sheet.filterHidden, at, n);
    return;
  }
  if (shift === "Right") {
    const n = rect.c1 - rect.c0 + 1;
    const at = rect.c0;
    const growing: TableModel[] = [];
    const moving: TableModel[] = [];
    for (const t of sheet.tables) {
      if (!overlapsRows(t, rect.r0, rect.r1) || t.rect.c1 < at) continue;
      if (t.rect.r0 < rect.r0 || t.rect.r1 > rect.r1) throw cannotShift(t);
      (t.rect.c0 >= at ? moving : growing).push(t);
    }
    sheet.cells.shiftCols(at, n, rect.r0, rect.r1);
    for (const t of moving) t.rect = { ...t.rect, c0: t.rect.c0 + n, c1: t.rect.c1 + n };
    for (const t of growing) {
      shiftColumnKeys(t, at - t.rect.c0, n);
      t.rect = { ...t.rect, c1: t.rect.c1 + n };
      nameNewColumns(t, at, n);
      normalizeHeaders(t);
    }
    shiftCfCols(sheet, at, n, rect.r0, rect.r1);
    sheet.shiftTracked("cols", at, n, rect.r0, rect.r1);
    if (isEntireColumns(rect)) {
      shiftSet(sheet.hiddenCols, at, n);
      shiftMap(sheet.colWidths, at, n);
    }
    return;
  }
  throw officeError(Codes.invalidArgument, `insert shift must be "Down" or "Right", not ${String(shift)}`);
}

/** `Range.delete("Up" | "Left")`, and the user's Delete Rows. */
export function deleteCells(sheet: SheetModel, rect: Rect, shift: unknown): void {
  if (shift === "Up") {
    const n = rect.r1 - rect.r0 + 1;
    const at = rect.r0;
    const last = rect.r1;
    const plan: { t: TableModel; action: "move" | "remove" | "shrink" }[] = [];
    for (const t of sheet.tables) {
      if (!overlapsCols(t, rect.c0, rect.c1) || t.rect.r1 < at) continue;
      if (t.rect.c0 < rect.c0 || t.rect.c1 > rect.c1) throw cannotShift(t);
      if (t.rect.r0 > last) plan.push({ t, action: "move" });
      else if (at <= t.rect.r0 && last >= t.rect.r1) plan.push({ t, action: "remove" });
      else if (at <= t.rect.r0) {
        throw officeError(Codes.invalidOperation, `the Excel fake refuses to delete the header row of table ${t.name} without its data`);
      } else plan.push({ t, action: "shrink" });
    }
    sheet.cells.shiftRows(at, -n, rect.c0, rect.c1);
    for (const { t, action } of plan) {
      if (action === "move") t.rect = { ...t.rect, r0: t.rect.r0 - n, r1: t.rect.r1 - n };
      else if (action === "remove") {
        clearFilters(t);
        sheet.tables.splice(sheet.tables.indexOf(t), 1);
      } else {
        const removed = Math.min(last, t.rect.r1) - at + 1;
        // A table keeps one data row: the row that moves up into it becomes that row.
        t.rect = { ...t.rect, r1: Math.max(t.rect.r1 - removed, t.rect.r0 + 1) };
      }
    }
    shiftCfRows(sheet, at, -n, rect.c0, rect.c1);
    sheet.shiftTracked("rows", at, -n, rect.c0, rect.c1);
    if (isEntireRows(rect)) shiftSet(sheet.filterHidden, at, -n);
    return;
  }
  if (shift === "Left") {
    const n = rect.c1 - rect.c0 + 1;
    const at = rect.c0;
    const last = rect.c1;
    const plan: { t: TableModel; action: "move" | "remove" | "shrink" }[] = [];
    for (const t of sheet.tables) {
      if (!overlapsRows(t, rect.r0, rect.r1) || t.rect.c1 < at) continue;
      if (t.rect.r0 < rect.r0 || t.rect.r1 > rect.r1) throw cannotShift(t);
      if (t.rect.c0 > last) plan.push({ t, action: "move" });
      else if (at <= t.rect.c0 && last >= t.rect.c1) plan.push({ t, action: "remove" });
      else plan.push({ t, action: "shrink" });
    }
    sheet.cells.shiftCols(at, -n, rect.r0, rect.r1);
    for (const { t, action } of plan) {
      if (action === "move") t.rect = { ...t.rect, c0: t.rect.c0 - n, c1: t.rect.c1 - n };
      else if (action === "remove") {
        clearFilters(t);
        sheet.tables.splice(sheet.tables.indexOf(t), 1);
      } else {
        const oldC0 = t.rect.c0;
        const removed = Math.min(last, t.rect.c1) - Math.max(at, t.rect.c0) + 1;
        const c0 = Math.min(t.rect.c0, at);
        t.rect = { ...t.rect, c0, c1: c0 + (t.rect.c1 - t.rect.c0 + 1 - removed) - 1 };
        const filters = Array.from(t.filters);
        t.filters.clear();
        const keyAfter = (k: number): number | null => {
          const col = oldC0 + k;
          return col < at ? col - c0 : col > last ? col - n - c0 : null;
        };
        for (const [k, f] of filters) {
          const key = keyAfter(k);
          if (key !== null) t.filters.set(key, f);
        }
        t.sortFields = t.sortFields.flatMap((f) => {
          const key = keyAfter(f.key);
          return key === null ? [] : [{ ...f, key }];
        });
      }
    }
    shiftCfCols(sheet, at, -n, rect.r0, rect.r1);
    sheet.shiftTracked("cols", at, -n, rect.r0, rect.r1);
    if (isEntireColumns(rect)) {
      shiftSet(sheet.hiddenCols, at, -n);
      shiftMap(sheet.colWidths, at, -n);
    }
    return;
  }
  throw officeError(Codes.invalidArgument, `delete shift must be "Up" or "Left", not ${String(shift)}`);
}

export function entireRows(at: number, count: number): Rect {
  return { r0: at, r1: at + count - 1, c0: 0, c1: MAX_COLS - 1 };
}

export function entireCols(at: number, count: number): Rect {
  return { r0: 0, r1: MAX_ROWS - 1, c0: at, c1: at + count - 1 };
}
