/**
 * ReviewRow ↔ one row of cell values, in a section layout's column order.
 * Writing: amounts are rupees (numbers), dates are serials, flags are words, and everything
 * else is a string destined for a Text-formatted cell. Reading: typed back, with a problem for
 * every cell that is not what the engine wrote or the user may write.
 */
import { actionWord } from "../ims/action-text";
import type { ImsRecord, ItcReduction } from "../ims/records";
import { isIsoDate, isTaxPeriod } from "../ims/periods";
import { rowState, type ReviewRow } from "../ims/review-rows";
import { instantToSerialIst, isoDateToSerial } from "./date-serial";
import type { ColumnId, SectionLayout } from "./layout";
import { versionCell } from "./version-cell";

export type CellValue = string | number | boolean;

export const YES = "Yes";
export const NO = "No";
export const FILED = "Filed";
export const NOT_FILED = "Not filed";

function rupees(paise: number): number {
  return paise / 100;
}

/**
 * A string bound for a cell that is not Text-formatted (an amount or date column): prefixed with
 * an apostrophe so Excel keeps it as text rather than reading a number, date or formula into it.
 */
export function literal(value: string | number | boolean): CellValue {
  return typeof value === "string" && value !== "" ? `'${value}` : value;
}

function dateCell(iso: string | undefined): CellValue {
  if (!iso) return "";
  return isIsoDate(iso) ? isoDateToSerial(iso) : literal(iso);
}

export interface PulledExtras {
  /** Remarks as pulled. */
  r?: string;
  /** ITC-reduction declaration as pulled. */
  i?: ItcReduction;
  /** itcReductionBlocked, on sections without an "ITC reduction allowed" column. */
  b?: boolean;
}

function pulledText(record: ImsRecord, hasItcColumn: boolean): string {
  const extras: PulledExtras = {};
  if (record.remarks !== undefined && record.remarks !== "") extras.r = record.remarks;
  if (record.itcReduction) extras.i = record.itcReduction;
  if (!hasItcColumn && record.itcReductionBlocked !== null) extras.b = record.itcReductionBlocked;
  return Object.keys(extras).length ? JSON.stringify(extras) : "";
}

/** One sheet row's values, in layout column order. */
export function rowToCells(layout: SectionLayout, row: ReviewRow): CellValue[] {
  const r = row.record;
  const e = row.edit;
  const u = e.unparsed ?? {};
  const itc = e.itcReduction;
  const out: CellValue[] = new Array(layout.columns.length);
  for (let i = 0; i < layout.columns.length; i++) {
    const id = (layout.columns[i] as { id: ColumnId }).id;
    let v: CellValue;
    switch (id) {
      case "supplierGstin": v = r.supplierGstin; break;
      case "docNumber": v = r.docNumber; break;
      case "docDate": v = dateCell(r.docDate); break;
      case "originalDocNumber": v = r.originalDocNumber ?? ""; break;
      case "originalDocDate": v = dateCell(r.originalDocDate); break;
      case "invoiceType": v = r.invoiceType ?? ""; break;
      case "placeOfSupply": v = r.placeOfSupply; break;
      case "value": v = rupees(r.value); break;
      case "taxableValue": v = rupees(r.taxableValue); break;
      case "igst": v = rupees(r.igst); break;
      case "cgst": v = rupees(r.cgst); break;
      case "sgst": v = rupees(r.sgst); break;
      case "cess": v = rupees(r.cess); break;
      case "sourceForm": v = r.sourceForm; break;
      case "returnPeriod": v = r.returnPeriod; break;
      case "supplierFiled": v = r.supplierFiled ? FILED : NOT_FILED; break;
      case "pendingAllowed": v = r.pendingBlocked ? NO : YES; break;
      case "remarksAllowed": v = r.remarksBlocked ? NO : YES; break;
      case "itcReductionAllowed": v = r.itcReductionBlocked === null ? "" : r.itcReductionBlocked ? NO : YES; break;
      case "portalAction": v = actionWord(row.pulledAction); break;
      case "action": v = u.action !== undefined ? String(u.action) : e.action ?? ""; break;
      case "remarks": v = u.remarks !== undefined ? String(u.remarks) : e.remarks; break;
      case "itcRequired": v = u.itcRequired !== undefined ? String(u.itcRequired) : itc?.required ?? ""; break;
      case "itcIgst": v = u.itcIgst !== undefined ? literal(u.itcIgst) : itc?.igst !== undefined ? rupees(itc.igst) : ""; break;
      case "itcCgst": v = u.itcCgst !== undefined ? literal(u.itcCgst) : itc?.cgst !== undefined ? rupees(itc.cgst) : ""; break;
      case "itcSgst": v = u.itcSgst !== undefined ? literal(u.itcSgst) : itc?.sgst !== undefined ? rupees(itc.sgst) : ""; break;
      case "itcCess": v = u.itcCess !== undefined ? literal(u.itcCess) : itc?.cess !== undefined ? rupees(itc.cess) : ""; break;
      case "result": v = row.status.result; break;
      case "referenceId": v = row.status.referenceId; break;
      case "message": v = row.status.message; break;
      case "updatedAt": v = updatedAtCell(row.status.updatedAt); break;
      case "key": v = row.key; break;
      case "version": v = versionCell(row.version); break;
      case "pulled": v = pulledText(r, layout.hasItc); break;
      case "fingerprint": v = row.fingerprint; break;
      case "state": v = rowState(row.status); break;
    }
    out[i] = v;
  }
  return out;
}

function updatedAtCell(text: string): CellValue {
  if (text === "") return "";
  return Number.isNaN(Date.parse(text)) ? literal(text) : instantToSerialIst(text);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Where each layout column sits in the rows being read (-1: the column is missing). */
export type ColumnMap = Record<ColumnId, number>;

export function text(v: CellValue | undefined): string {
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : String(v);
}

export function isBlank(v: CellValue | undefined): boolean {
  return v === undefined || v === null || v === "";
}

/** Parses rupees (a number, or text such as "1,234.50" or "₹ 1,234.5") into whole paise; null if not an amount. */
export function parsePaise(v: CellValue | undefined): number | null {
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "string") {
    const t = v.replace(/[₹,\s]/g, "").replace(/^rs\.?/i, "");
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
    n = Number(t);
  } else return null;
  if (!Number.isFinite(n)) return null;
  const paise = Math.round(n * 100);
  if (Math.abs(paise - n * 100) > 1e-6 * Math.max(1, Math.abs(n))) return null;
  return paise;
}

/** "B2B|<GSTIN>|<DOC NO>|YYYY-MM" of the given section. */
export function isRecordKeyOf(section: string, key: string): boolean {
  const parts = key.split("|");
  return parts.length >= 4 && parts[0] === section && (parts[1] ?? "") !== "" && isTaxPeriod(parts[parts.length - 1] ?? "") && parts.slice(2, -1).join("|") !== "";
}

/** Whether every cell of the row is empty. */
export function isBlankRow(cells: readonly CellValue[]): boolean {
  for (const c of cells) if (!isBlank(c)) return false;
  return true;
}

/** Maps header texts read from a sheet to layout columns. Unknown headers are ignored. */
export function mapColumns(layout: SectionLayout, headers: readonly CellValue[]): { map: ColumnMap; missing: ColumnId[] } {
  const byHeader = new Map<string, number>();
  headers.forEach((h, i) => {
    const t = text(h).trim();
    if (t !== "" && !byHeader.has(t)) byHeader.set(t, i);
  });
  const map = {} as ColumnMap;
  const missing: ColumnId[] = [];
  for (const c of layout.columns) {
    const i = byHeader.get(c.header);
    map[c.id] = i ?? -1;
    if (i === undefined) missing.push(c.id);
  }
  return { map, missing };
}

/** Cells of a row that could not be read, as they should be written back (layout order). */
export function rawRowToLayout(layout: SectionLayout, cells: readonly CellValue[], map: ColumnMap): CellValue[] {
  return layout.columns.map((c) => {
    const i = map[c.id];
    const v = i >= 0 ? cells[i] : undefined;
    if (v === undefined || v === null) return "";
    return c.kind === "text" || typeof v !== "string" ? v : literal(v);
  });
}
