/**
 * What a person does in the grid, applied straight to the model (no sync, no payload): typing,
 * pasting, filling down, sorting and filtering a table, inserting and deleting rows and columns,
 * renaming and deleting sheets, pressing Delete, and editing a cell (cell-edit mode). Each
 * behaves as Excel does; see docs/excel-api-subset.md ("User actions") and KNOWN-DIFFERENCES.md.
 */
import { columnIndex, parseAddress, type Rect } from "./addresses";
import type { CellEditMode } from "./cell-edit";
import { coerce } from "./coercion";
import { displayText } from "./display";
import { Codes, FakeOfficeError, officeError } from "./errors";
import { fillDown, pasteBlock } from "./model-content";
import { applyFilter, clearFilters, sortTable } from "./model-tables";
import { afterWrite } from "./model-tables";
import { deleteCells, entireCols, entireRows, insertCells } from "./model-structure";
import type { SheetModel, TableModel, WorkbookModel } from "./model";
import { isReferenceSource, listAccepts, listItems } from "./validation";

export interface UserActions {
  /**
   * Types `text` into one cell and presses Enter. A Stop-alert list rule rejects values not in the
   * list (ValidationRejected): case-sensitively for a comma-list source, ignoring case for a
   * reference source (office-js#972).
   */
  typeInto(sheet: string, address: string, text: string): void;
  /** Pastes a block at `topLeft`. A plain paste replaces formats, validation and conditional formats; `{ values: true }` (Paste Values) keeps them. */
  paste(sheet: string, topLeft: string, rows: (string | number | boolean)[][], options?: { values?: boolean }): void;
  /** Ctrl+D over `address`: the first row is copied down, with formats and validation. */
  fillDown(sheet: string, address: string): void;
  sortTable(sheet: string, tableName: string, columnIndex: number, ascending: boolean): void;
  /** Keeps the rows whose displayed text in the column is one of `keep` (ignoring case); hides the others. */
  filterTable(sheet: string, tableName: string, columnIndex: number, keep: string[]): void;
  clearFilter(sheet: string, tableName: string): void;
  /** Inserts `count` whole rows before row `atRow` (1-based, as in A1). */
  insertRows(sheet: string, atRow: number, count: number): void;
  /** Deletes `count` whole rows from row `atRow` (1-based). */
  deleteRows(sheet: string, atRow: number, count: number): void;
  /**
   * Inserts `count` whole columns before column `atColumn` ("C"). Inside a table this adds table
   * columns, headed "Column1", "Column2"… (the first names not in use).
   */
  insertColumns(sheet: string, atColumn: string, count: number): void;
  /** Deletes `count` whole columns from column `atColumn` ("C"); table columns there go with them. */
  deleteColumns(sheet: string, atColumn: string, count: number): void;
  /**
   * Starts editing a cell (double-click or F2). Until `endCellEdit`, syncs of an Excel.run without
   * `{ delayForCellEdit: true }` fail with InvalidOperationInCellEditMode; the others wait.
   */
  startCellEdit(sheet: string, address: string): void;
  /**
   * Leaves cell-edit mode: with `text`, commits it as `typeInto` would (Enter); without, cancels
   * (Esc). The waiting syncs then run. If validation rejects `text`, the edit is cancelled, the
   * waiting syncs run, and the ValidationRejected error is thrown.
   */
  endCellEdit(text?: string): void;
  /** The cell being edited, or null. */
  editingCell(): { sheet: string; address: string } | null;
  renameSheet(oldName: string, newName: string): void;
  deleteSheet(name: string): void;
  /** Selects `address` and presses Delete: contents go, formats and validation stay. */
  clearCell(sheet: string, address: string): void;
}

function rectOf(address: string): Rect {
  const p = parseAddress(address);
  if (!p) throw officeError(Codes.invalidArgument, `bad address ${JSON.stringify(address)}`);
  return { r0: p.r0, c0: p.c0, r1: p.r1, c1: p.c1 };
}

function tableOn(sheet: SheetModel, name: string): TableModel {
  const t = sheet.tables.find((x) => x.name.toLocaleUpperCase() === name.toLocaleUpperCase());
  if (!t) throw officeError(Codes.itemNotFound, `no table ${name} on ${sheet.name}`);
  return t;
}

function rowNumber(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw officeError(Codes.invalidArgument, `${what} must be a row number ≥ 1`);
  return n - 1;
}

function columnNumber(letters: string): number {
  const c = typeof letters === "string" ? columnIndex(letters) : -1;
  if (c < 0) throw officeError(Codes.invalidArgument, `atColumn must be column letters such as "C", not ${JSON.stringify(letters)}`);
  return c;
}

function positiveCount(count: number): number {
  if (!Number.isInteger(count) || count < 1) throw officeError(Codes.invalidArgument, "count must be ≥ 1");
  return count;
}

export function createUserActions(wb: WorkbookModel, cellEdit: CellEditMode): UserActions {
  const userOpts = () => wb.coerceOptions(true);
  const actions: UserActions = {
    typeInto(sheetName, address, text) {
      const sheet = wb.requireSheet(sheetName);
      const rect = rectOf(address);
      const r = rect.r0;
      const c = rect.c0;
      const res = coerce(text, sheet.cells.attr(r, c, "nf"), userOpts());
      if (res.kind === "skip") return;
      const spec = sheet.cells.attr(r, c, "dv");
      if (res.kind === "set" && spec?.rule && spec.errorAlert.showAlert && spec.errorAlert.style === "Stop") {
        const items = listItems(spec.rule, (ref) => {
          const p = parseAddress(ref);
          if (!p) return null;
          const src = p.sheet !== undefined ? wb.sheetByName(p.sheet) : sheet;
          if (!src) return null;
          const out: string[] = [];
          for (let rr = p.r0; rr <= p.r1; rr++) for (let cc = p.c0; cc <= p.c1; cc++) out.push(displayText(src.cells.value(rr, cc), src.cells.attr(rr, cc, "nf")));
          return out;
        });
        const shown = displayText(res.value, sheet.cells.attr(r, c, "nf"));
        const caseSensitive = !isReferenceSource(spec.rule);
        if (items && !listAccepts(items, shown, caseSensitive) && !listAccepts(items, text.trim(), caseSensitive)) {
          const alert = spec.errorAlert;
          const message = alert.message || "This value doesn't match the data validation restrictions defined for this cell.";
          throw new FakeOfficeError(
            Codes.validationRejected,
            `${alert.title || "Microsoft Excel"}: ${message} (typed ${JSON.stringify(text)} into ${sheetName}!${address})`,
          );
        }
      }
      sheet.cells.setContent(r, c, res.kind === "clear" ? undefined : res.value, res.formula);
      if (res.autoFormat !== undefined && sheet.cells.attr(r, c, "nf") === "General") sheet.cells.setAttr(r, c, "nf", res.autoFormat);
      afterWrite(sheet, { r0: r, c0: c, r1: r, c1: c });
    },

    paste(sheetName, topLeft, rows, options) {
      const sheet = wb.requireSheet(sheetName);
      const at = rectOf(topLeft);
      pasteBlock(sheet, at.r0, at.c0, rows, options?.values === true, userOpts());
    },

    fillDown(sheetName, address) {
      fillDown(wb.requireSheet(sheetName), rectOf(address));
    },

    sortTable(sheetName, tableName, columnIndex, ascending) {
      sortTable(tableOn(wb.requireSheet(sheetName), tableName), [{ key: columnIndex, ascending }]);
    },

    filterTable(sheetName, tableName, columnIndex, keep) {
      applyFilter(tableOn(wb.requireSheet(sheetName), tableName), columnIndex, { filterOn: "Values", values: keep.slice() });
    },

    clearFilter(sheetName, tableName) {
      clearFilters(tableOn(wb.requireSheet(sheetName), tableName));
    },

    insertRows(sheetName, atRow, count) {
      insertCells(wb.requireSheet(sheetName), entireRows(rowNumber(atRow, "atRow"), positiveCount(count)), "Down");
    },

    deleteRows(sheetName, atRow, count) {
      deleteCells(wb.requireSheet(sheetName), entireRows(rowNumber(atRow, "atRow"), positiveCount(count)), "Up");
    },

    insertColumns(sheetName, atColumn, count) {
      insertCells(wb.requireSheet(sheetName), entireCols(columnNumber(atColumn), positiveCount(count)), "Right");
    },

    deleteColumns(sheetName, atColumn, count) {
      deleteCells(wb.requireSheet(sheetName), entireCols(columnNumber(atColumn), positiveCount(count)), "Left");
    },

    startCellEdit(sheetName, address) {
      const sheet = wb.requireSheet(sheetName);
      rectOf(address);
      cellEdit.start({ sheet: sheet.name, address });
    },

    endCellEdit(text) {
      const cell = cellEdit.editing;
      if (!cell) throw new Error("Excel fake: endCellEdit without startCellEdit");
      let rejected: unknown = null;
      if (text !== undefined) {
        try {
          actions.typeInto(cell.sheet, cell.address, text);
        } catch (e) {
          rejected = e;
        }
      }
      cellEdit.end();
      if (rejected) throw rejected;
    },

    editingCell() {
      const cell = cellEdit.editing;
      return cell && { ...cell };
    },

    renameSheet(oldName, newName) {
      wb.renameSheet(wb.requireSheet(oldName), newName);
    },

    deleteSheet(name) {
      wb.deleteSheet(wb.requireSheet(name));
    },

    clearCell(sheetName, address) {
      const sheet = wb.requireSheet(sheetName);
      sheet.cells.clearContent(rectOf(address));
    },
  };
  return actions;
}
