/**
 * Typing the cells read from one section sheet into ReviewRows, and reporting every problem on
 * its row: unreadable actions and amounts, duplicate keys, missing or edited hidden columns,
 * edited record fields, and Action cells that lost their drop-down.
 */
import { duplicateKeyProblems } from "../ims/duplicate-keys";
import type { ReviewRow, RowProblem } from "../ims/review-rows";
import type { SectionCode } from "../ims/sections";
import type { SheetCells } from "./body-read";
import { isBlankRow, rawRowToLayout, type CellValue } from "./cells";
import { RowReader } from "./row-reader";
import type { SheetProbe } from "./sheet-probe";

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
  read.problems.push(...duplicateKeyProblems(read.rows, layout.columns[layout.index.key as number]?.header ?? "key"));
  read.problems.sort((a, b) => a.sheetRow - b.sheetRow);
  read.validationRepaired = repaired && read.validationLost.length > 0;
  return read;
}

/** The read of a section that has no sheet. */
export function emptyRead(section: SectionCode): SectionSheetRead {
  return { section, sheetName: null, rows: [], problems: [], unrecognised: [], validationLost: [], validationRepaired: false, userColumns: { headers: [], rows: new Map() } };
}
