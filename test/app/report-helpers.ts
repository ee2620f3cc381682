/**
 * Reading the report sheets (Sales …, Follow-up, Customers, Added back, Suppliers) as a person
 * does: a table is found by its header text, and its rows are read by header.
 */
import { columnLetter } from "../../src/workbook/layout";
import type { FakeExcelHandle } from "../excel-fake";

export interface ReportView {
  /** 1-based sheet row of the header. */
  headerRow: number;
  headers: string[];
  /** Body rows down to the first blank one, each by header, with its 1-based sheet row. */
  rows: ({ sheetRow: number } & Record<string, unknown>)[];
  /** A1 address of a cell: column by header, row as given. */
  address(sheetRow: number, header: string): string;
}

/** The table on `sheet` whose header row starts with `firstHeader` (the first such, or the nth). */
export function readTable(fake: FakeExcelHandle, sheet: string, firstHeader: string, nth = 0): ReportView {
  const used = fake.inspect.usedRange(sheet);
  if (!used) throw new Error(`${sheet} is empty`);
  const last = Number(/(\d+)$/.exec(used)?.[1] ?? 1);
  const grid = fake.inspect.values(sheet, `A1:${columnLetter(40)}${last}`);
  const headerIdx = grid.map((r, i) => (r[0] === firstHeader ? i : -1)).filter((i) => i >= 0)[nth];
  if (headerIdx === undefined) throw new Error(`no table headed "${firstHeader}" on ${sheet}`);
  const headerCells = grid[headerIdx] as unknown[];
  const width = headerCells.findIndex((h) => h === "");
  const headers = headerCells.slice(0, width < 0 ? headerCells.length : width).map(String);
  const rows: ReportView["rows"] = [];
  for (let i = headerIdx + 1; i < grid.length; i++) {
    const cells = (grid[i] as unknown[]).slice(0, headers.length);
    if (cells.every((c) => c === "")) break;
    const row: { sheetRow: number } & Record<string, unknown> = { sheetRow: i + 1 };
    headers.forEach((h, j) => (row[h] = cells[j]));
    rows.push(row);
  }
  return {
    headerRow: headerIdx + 1,
    headers,
    rows,
    address: (sheetRow, header) => {
      const j = headers.indexOf(header);
      if (j < 0) throw new Error(`no "${header}" column on ${sheet}: ${headers.join(" | ")}`);
      return `${columnLetter(j)}${sheetRow}`;
    },
  };
}
