/** Shared bits of the workbook-engine tests. */
import { imsRecordKey, type ImsRecord } from "../../src/ims/records";
import type { SectionCode } from "../../src/ims/sections";
import { columnLetter, sectionLayout, type ColumnId } from "../../src/workbook/layout";
import type { FakeExcelHandle } from "../excel-fake";
import { makeRecord } from "./synthetic-records";

export const GSTIN = "27AAACI1234F1Z2";
export const T1 = "2025-11-21T05:00:00.000Z";
export const T2 = "2025-11-22T05:00:00.000Z";
export const T3 = "2025-11-23T05:00:00.000Z";

export function records(section: SectionCode, count: number, from = 0): ImsRecord[] {
  return Array.from({ length: count }, (_, i) => makeRecord(section, from + i));
}

/** 0-based column index of a layout column. */
export function colOf(section: SectionCode, id: ColumnId): number {
  const i = sectionLayout(section).index[id];
  if (i === undefined) throw new Error(`${section} has no column ${id}`);
  return i;
}

/** A1 address of a layout column's cell on a sheet row ("T5"). */
export function cellAt(section: SectionCode, id: ColumnId, sheetRow: number): string {
  return `${columnLetter(colOf(section, id))}${sheetRow}`;
}

/** The whole row's address, A to the last layout column. */
export function rowAddress(section: SectionCode, sheetRow: number): string {
  return `A${sheetRow}:${columnLetter(sectionLayout(section).columns.length - 1)}${sheetRow}`;
}

/** Sheet rows (1-based) holding a record's key in the key column. */
export function rowsOfKey(fake: FakeExcelHandle, sheet: string, section: SectionCode, key: string): number[] {
  const used = fake.inspect.usedRange(sheet);
  const last = Number(/(\d+)$/.exec(used ?? "A1")?.[1] ?? 1);
  const letter = columnLetter(colOf(section, "key"));
  const values = fake.inspect.values(sheet, `${letter}1:${letter}${last}`);
  const out: number[] = [];
  values.forEach((row, i) => {
    if (row[0] === key) out.push(i + 1);
  });
  return out;
}

export function rowOf(fake: FakeExcelHandle, sheet: string, record: ImsRecord): number {
  const rows = rowsOfKey(fake, sheet, record.section, imsRecordKey(record));
  if (rows.length !== 1) throw new Error(`expected one row for ${imsRecordKey(record)}, found ${rows.length}`);
  return rows[0] as number;
}

/** A row's values, A to the last layout column. */
export function rowValues(fake: FakeExcelHandle, sheet: string, section: SectionCode, sheetRow: number): unknown[] {
  return fake.inspect.values(sheet, rowAddress(section, sheetRow))[0] as unknown[];
}
