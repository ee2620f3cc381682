/** Cell values of the report sheets: paise as rupees, ISO dates as serials, text as it is (for Text cells). */
import { isIsoDate } from "../ims/periods";
import { literal, type CellValue } from "./cells";
import { instantToSerialIst, isoDateToSerial, serialToIsoDate } from "./date-serial";

export function rupeesCell(paise: number): number {
  return paise / 100;
}

/** A date cell: the serial, or the text apostrophe-prefixed when it is not a date (it never becomes one). */
export function dateCell(iso: string | undefined): CellValue {
  if (!iso) return "";
  return isIsoDate(iso) ? isoDateToSerial(iso) : literal(iso);
}

export function instantCell(iso: string): CellValue {
  return Number.isNaN(Date.parse(iso)) ? literal(iso) : instantToSerialIst(iso);
}

/** A date read back: a serial, or ISO text; null otherwise. */
export function isoOfCell(v: unknown): string | null {
  if (typeof v === "number") return serialToIsoDate(v);
  if (typeof v === "string" && isIsoDate(v)) return v;
  return null;
}

/** Rupees read back as paise; null when the cell is not an amount. */
export function paiseOfCell(v: unknown): number | null {
  if (typeof v !== "number" || !Number.isFinite(v)) return null;
  return Math.round(v * 100);
}

export function textOfCell(v: unknown): string {
  return v === null || v === undefined ? "" : String(v);
}
